/**
 * Placeholders: `{{name}}` in commands and prose, from a fixed catalogue. This module finds them
 * and tells, for PowerShell, in which quoting context each one stands, so that a value is escaped
 * for exactly that context (and never lands in a double-quoted string, where PowerShell expands).
 */

export type PlaceholderKind = 'string' | 'integer' | 'list' | 'text';

export interface PlaceholderSpec {
  kind: PlaceholderKind;
  /** `text` placeholders (free text from the change record) may appear in prose only. */
  proseOnly?: boolean;
}

export const PLACEHOLDERS: Record<string, PlaceholderSpec> = {
  'exchange.version': { kind: 'integer' },
  'exchange.certificateThumbprint': { kind: 'string' },
  'exchange.installPath': { kind: 'string' },
  'exchange.clientAccessServers': { kind: 'list' },
  'exchange.mailboxServers': { kind: 'list' },
  'skype.poolFqdn': { kind: 'string' },
  'skype.siteId': { kind: 'string' },
  'skype.frontEndServers': { kind: 'list' },
  'owa.trustedApplicationPoolFqdn': { kind: 'string' },
  'owa.applicationId': { kind: 'string' },
  'owa.port': { kind: 'integer' },
  'im.mailboxPolicies': { kind: 'list' },
  server: { kind: 'string' },
  'server.name': { kind: 'string' },
  'profile.id': { kind: 'text', proseOnly: true },
  'profile.title': { kind: 'text', proseOnly: true },
  'change.id': { kind: 'text', proseOnly: true },
  'change.title': { kind: 'text', proseOnly: true },
  'change.owner': { kind: 'text', proseOnly: true },
};

export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9.]*)\s*\}\}/g;

export interface PlaceholderUse {
  name: string;
  /** Offset of `{{` in the text, and the length of the whole `{{…}}`. */
  offset: number;
  length: number;
}

export function findPlaceholders(text: string): PlaceholderUse[] {
  const out: PlaceholderUse[] = [];
  for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
    out.push({ name: match[1]!, offset: match.index!, length: match[0].length });
  }
  return out;
}

/** Where a placeholder stands in PowerShell source. */
export type PowerShellContext = 'bare' | 'single-quoted' | 'double-quoted' | 'comment';

/**
 * The quoting context at each offset of interest. A small lexer over the states that matter for
 * escaping: single-quoted strings ('' escapes a quote), double-quoted strings (`" and "" escape),
 * here-strings (@'…'@, @"…"@), line comments and block comments (<# … #>).
 */
export function powerShellContexts(text: string, offsets: readonly number[]): PowerShellContext[] {
  const wanted = new Map<number, number[]>();
  offsets.forEach((offset, index) => wanted.set(offset, [...(wanted.get(offset) ?? []), index]));
  const result: PowerShellContext[] = new Array(offsets.length).fill('bare');
  type State = 'bare' | 'single' | 'double' | 'here-single' | 'here-double' | 'line-comment' | 'block-comment';
  let state: State = 'bare';
  const contextOf = (s: State): PowerShellContext =>
    s === 'single' || s === 'here-single' ? 'single-quoted' : s === 'double' || s === 'here-double' ? 'double-quoted' : s === 'bare' ? 'bare' : 'comment';

  for (let i = 0; i < text.length; i++) {
    const here = wanted.get(i);
    if (here) for (const index of here) result[index] = contextOf(state);
    const c = text[i]!;
    const next = text[i + 1];
    const atLineStart = i === 0 || text[i - 1] === '\n';
    switch (state) {
      case 'bare':
        if (c === '<' && next === '#') { state = 'block-comment'; i++; }
        else if (c === '#' && (i === 0 || /[\s;({}|]/.test(text[i - 1]!))) state = 'line-comment';
        else if (c === '@' && next === "'" && /^\r?\n/.test(text.slice(i + 2))) { state = 'here-single'; i++; }
        else if (c === '@' && next === '"' && /^\r?\n/.test(text.slice(i + 2))) { state = 'here-double'; i++; }
        else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '`') i++; // escaped character
        break;
      case 'single':
        if (c === "'") { if (next === "'") i++; else state = 'bare'; }
        break;
      case 'double':
        if (c === '`') i++;
        else if (c === '"') { if (next === '"') i++; else state = 'bare'; }
        break;
      case 'here-single':
        if (atLineStart && c === "'" && next === '@') { state = 'bare'; i++; }
        break;
      case 'here-double':
        if (atLineStart && c === '"' && next === '@') { state = 'bare'; i++; }
        break;
      case 'line-comment':
        if (c === '\n') state = 'bare';
        break;
      case 'block-comment':
        if (c === '#' && next === '>') { state = 'bare'; i++; }
        break;
    }
  }
  return result;
}
