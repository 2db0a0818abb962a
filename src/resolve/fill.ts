/**
 * Filling placeholders, escaped for where they land. A value from a profile never becomes code:
 * in PowerShell it is a single-quoted literal (or the escaped inside of one), in XML an escaped
 * attribute value. The contexts come from the same lexer that validated the content.
 */
import { findPlaceholders, powerShellContexts, type PlaceholderUse, type PowerShellContext } from '../model/placeholders.js';

export type Value = string | number | readonly string[];
export type Values = Readonly<Record<string, Value | undefined>>;

/** `'text'` with every single quote doubled (PowerShell also treats the typographic quotes as quotes). */
export function powerShellLiteral(value: string): string {
  return `'${escapeSingleQuoted(value)}'`;
}

export function escapeSingleQuoted(value: string): string {
  return value.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q);
}

function powerShellValue(value: Value): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Expected an integer, not ${value}`);
    return String(value);
  }
  if (typeof value === 'string') return powerShellLiteral(value);
  return `@(${value.map(powerShellLiteral).join(', ')})`;
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function plain(value: Value): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export class MissingValueError extends Error {
  constructor(readonly placeholder: string) {
    super(`No value for {{${placeholder}}}`);
  }
}

interface Plan {
  uses: PlaceholderUse[];
  contexts: PowerShellContext[];
}

/** Where the placeholders of each code text stand: the same for every profile, so found once. */
const plans = new Map<string, Map<string, Plan>>();
const MAX_PLANS = 10_000;

function planOf(code: string, lang: string): Plan {
  let byCode = plans.get(lang);
  if (!byCode) plans.set(lang, (byCode = new Map()));
  let plan = byCode.get(code);
  if (!plan) {
    const uses = findPlaceholders(code);
    plan = { uses, contexts: lang === 'powershell' && uses.length > 0 ? powerShellContexts(code, uses.map((u) => u.offset)) : [] };
    if (byCode.size < MAX_PLANS) byCode.set(code, plan);
  }
  return plan;
}

/** Fills a code block for its language. Throws MissingValueError when the profile has no value. */
export function fillCode(code: string, lang: string, values: Values): string {
  const { uses, contexts } = planOf(code, lang);
  if (uses.length === 0) return code;
  let out = '';
  let last = 0;
  uses.forEach((use, index) => {
    const value = values[use.name];
    if (value === undefined) throw new MissingValueError(use.name);
    out += code.slice(last, use.offset);
    if (lang === 'powershell') {
      const context = contexts[index];
      if (context === 'single-quoted') {
        if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`List {{${use.name}}} inside quotes`);
        out += escapeSingleQuoted(String(value));
      } else if (context === 'bare') {
        out += powerShellValue(value);
      } else {
        // Validation rejects these; refuse rather than emit an expandable value.
        throw new Error(`{{${use.name}}} stands in a ${context} context`);
      }
    } else if (lang === 'xml' || lang === 'html') {
      out += escapeXmlAttribute(plain(value));
    } else {
      out += plain(value);
    }
    last = use.offset + use.length;
  });
  return out + code.slice(last);
}

/** Splits prose text into literal runs and filled values (the renderer shows values as code). */
export function splitProse(text: string, values: Values): ({ text: string } | { value: string; name: string })[] {
  const parts: ({ text: string } | { value: string; name: string })[] = [];
  let last = 0;
  for (const use of findPlaceholders(text)) {
    const value = values[use.name];
    if (value === undefined) throw new MissingValueError(use.name);
    if (use.offset > last) parts.push({ text: text.slice(last, use.offset) });
    parts.push({ value: plain(value), name: use.name });
    last = use.offset + use.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
