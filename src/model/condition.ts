/**
 * Conditions are data: a map from dimension to the values it accepts. They come from a step's
 * frontmatter (`when: { um.placement: separate }`) or from a block attribute
 * (`when="exchange.version=2013|2016 im.action=enable"`). Nothing is evaluated as code.
 */
import { diagnostic, didYouMean, type Diagnostic } from '../diagnostics.js';
import { DIMENSIONS, type Branches, type Condition, type Dimension, type Position } from './types.js';

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

export function matches(condition: Condition, branches: Branches): boolean {
  for (const dimension of Object.keys(condition) as Dimension[]) {
    const accepted = condition[dimension] as readonly string[] | undefined;
    if (accepted && !accepted.includes(branches[dimension])) return false;
  }
  return true;
}

/** Both conditions hold: the intersection, per dimension. */
export function both(a: Condition, b: Condition): Condition {
  const out: Record<string, readonly string[]> = { ...a };
  for (const [dimension, values] of Object.entries(b) as [Dimension, readonly string[]][]) {
    const existing = out[dimension];
    out[dimension] = existing ? existing.filter((v) => values.includes(v)) : values;
  }
  return out as Condition;
}

function checkClause(dimension: string, values: string[], at: Position, diagnostics: Diagnostic[]): [Dimension, string[]] | undefined {
  if (!(dimension in DIMENSIONS)) {
    diagnostics.push(
      diagnostic('content/unknown-condition-key', at, `Unknown condition key \`${dimension}\`.`, {
        hint: didYouMean(dimension, DIMENSION_NAMES) ?? `use one of ${DIMENSION_NAMES.map((d) => `\`${d}\``).join(', ')}`,
      }),
    );
    return undefined;
  }
  const allowed = DIMENSIONS[dimension as Dimension] as readonly string[];
  let ok = values.length > 0;
  for (const value of values) {
    if (!allowed.includes(value)) {
      ok = false;
      diagnostics.push(
        diagnostic('content/unknown-condition-value', at, `Unknown value \`${value}\` for condition \`${dimension}\`.`, {
          hint: didYouMean(value, allowed) ?? `use one of ${allowed.map((v) => `\`${v}\``).join(', ')}`,
        }),
      );
    }
  }
  if (values.length === 0) {
    diagnostics.push(diagnostic('content/unknown-condition-value', at, `Condition \`${dimension}\` names no value.`, { hint: `use one of ${allowed.join(', ')}` }));
  }
  return ok ? [dimension as Dimension, values] : undefined;
}

/** From frontmatter: `{ dimension: value | [values] }`. */
export function conditionFromData(data: unknown, positionOf: (key?: string) => Position, diagnostics: Diagnostic[]): Condition {
  const at = positionOf();
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push(
      diagnostic('content/invalid-condition', at, '`when` must be a map from a dimension to a value or a list of values.', {
        hint: 'for example `when: { um.placement: separate }`',
      }),
    );
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v));
    const clause = checkClause(key, values, positionOf(key), diagnostics);
    if (clause) out[clause[0]] = clause[1];
  }
  return out as Condition;
}

/** From a block attribute: clauses separated by spaces, `dimension=value|value`. */
export function conditionFromString(text: string, at: Position, diagnostics: Diagnostic[]): Condition {
  const out: Record<string, string[]> = {};
  for (const clause of text.trim().split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z.]+)=([A-Za-z0-9|]+)$/.exec(clause);
    if (!match) {
      diagnostics.push(
        diagnostic('content/invalid-condition', at, `Cannot read the condition clause \`${clause}\`.`, {
          hint: 'write `dimension=value` or `dimension=value|value`, clauses separated by spaces',
        }),
      );
      continue;
    }
    const result = checkClause(match[1]!, match[2]!.split('|').filter(Boolean), at, diagnostics);
    if (result) out[result[0]] = result[1];
  }
  return out as Condition;
}
