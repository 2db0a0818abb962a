/**
 * Problems in content and profiles are not exceptions: they are diagnostics, collected across
 * every file and reported together, each with a position, a rule id and a hint.
 */
import type { Position } from './model/types.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable rule id, documented in the README's catalogue (e.g. `content/unknown-placeholder`). */
  rule: string;
  message: string;
  file: string;
  line: number;
  column: number;
  hint?: string;
  /** A related place ("first defined here"). */
  related?: Position;
}

/** An error that knows where in the inputs its cause is: a diagnostic about it points there. */
export class PositionedError extends Error {
  constructor(
    message: string,
    readonly position?: Position,
  ) {
    super(message);
  }
}

export function diagnostic(
  rule: string,
  at: Position,
  message: string,
  options: { hint?: string; related?: Position; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = { severity: options.severity ?? 'error', rule, message, file: at.file, line: at.line, column: at.column };
  if (options.hint) d.hint = options.hint;
  if (options.related) d.related = options.related;
  return d;
}

/**
 * A thing that could not be built, as a diagnostic: at the cause in the inputs when the error knows
 * it (a line too wide for the page), with `at` beside it; else at `at`.
 */
export function failureDiagnostic(rule: string, at: Position, error: unknown, message: string, hint: string): Diagnostic {
  const cause = error instanceof PositionedError ? error.position : undefined;
  return diagnostic(rule, cause ?? at, `${message}: ${error instanceof Error ? error.message : String(error)}`, { hint, ...(cause ? { related: at } : {}) });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorted by file, line, column, rule: the same problems always print in the same order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message),
  );
}

/** `file:line:column: error: message [rule]` followed by an indented hint, like a compiler. */
export function formatDiagnostic(d: Diagnostic): string {
  let out = `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]`;
  if (d.hint) out += `\n  hint: ${d.hint}`;
  if (d.related) out += `\n  see: ${d.related.file}:${d.related.line}:${d.related.column}`;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The closest candidate by edit distance, for "did you mean …" hints; undefined when none is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const match = closest(word, candidates);
  return match ? `did you mean \`${match}\`?` : undefined;
}
