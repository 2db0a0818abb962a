/**
 * The training edition's view model, from the whole procedure (every branch, no profile):
 * - each dimension with its values, when each applies, why (the prose the content places before
 *   the steps, attached to the value it explains) and the steps that depend on it;
 * - the branch combination groups (see `groups`), side by side, each with its steps;
 * - every step with the condition under which it applies and the groups it belongs to;
 * - the sections placed after the steps (users, troubleshooting), in full;
 * - the review questions.
 * Pure.
 */
import type { ReviewQuestion } from '../../load/training.js';
import { matches } from '../../model/condition.js';
import { DIMENSIONS, LANGS, PHASES, type Branches, type Condition, type Dimension, type Lang, type Procedure, type ProseItem, type Section, type Step } from '../../model/types.js';
import { combinations, decisionOrder } from '../diagram/graph.js';

/** A callout of a section, in every language. */
export type CalloutPair = Record<Lang, Extract<ProseItem, { type: 'callout' }>>;

export type WhyItem = { kind: 'section'; section: Section } | { kind: 'callout'; section: Section; callout: CalloutPair };

export interface ValueView {
  value: string;
  /** Steps whose condition names this dimension and accepts this value, in run order. */
  steps: string[];
  /** Steps with commands (code blocks) for this value only, in run order. */
  variants: string[];
  /** Prose that explains why this value matters. */
  why: WhyItem[];
}

export interface DimensionView {
  dimension: Dimension;
  values: ValueView[];
}

/**
 * A branch combination group: the combinations (one value per dimension, every one of them) that
 * give exactly the same steps. The groups partition the combinations; `terms` describe a group
 * as a union of conditions (one, when the group is a product of values).
 */
export interface BranchGroup {
  /** A, B, C… in decision order. */
  letter: string;
  /** Stable id from its values: `enable-2013-separate`, `disable`. */
  id: string;
  terms: Condition[];
  combinations: Branches[];
  /** Step ids, by phase then content order. */
  steps: string[];
}

export interface StepView {
  step: Step;
  /** Letters of the groups it belongs to. */
  groups: string[];
}

export interface TrainingView {
  procedure: Procedure;
  /** The order the questions are asked in (as in the decision diagram). */
  order: Dimension[];
  /** Prose of the sections placed before the steps that applies to every branch. */
  introduction: { section: Section; items: Record<Lang, ProseItem[]> }[];
  dimensions: DimensionView[];
  groups: BranchGroup[];
  steps: StepView[];
  /** Sections placed after the steps, in full, with their conditions. */
  after: Section[];
  questions: ReviewQuestion[];
}

const restricted = (c: Condition): Dimension[] => (Object.keys(c) as Dimension[]).filter((d) => (c[d] as readonly string[] | undefined)?.length !== DIMENSIONS[d].length);

/** The dimension a condition is "about": the last one it restricts in the decision order. */
function deepest(condition: Condition, order: readonly Dimension[]): Dimension | undefined {
  const named = restricted(condition);
  return [...order].reverse().find((d) => named.includes(d));
}

function byRunOrder(procedure: Procedure, ids: Iterable<string>): string[] {
  const set = new Set(ids);
  return [...procedure.steps]
    .sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.order - b.order)
    .map((s) => s.id)
    .filter((id) => set.has(id));
}

/** Combinations as a union of product conditions, splitting on the decision order when needed. */
function terms(combos: readonly Branches[], order: readonly Dimension[]): Condition[] {
  const values = (d: Dimension): string[] => [...new Set(combos.map((c) => c[d] as string))];
  const size = order.reduce((n, d) => n * values(d).length, 1);
  if (size === combos.length) {
    const out: Record<string, string[]> = {};
    for (const d of order) {
      const v = values(d);
      if (v.length !== DIMENSIONS[d].length) out[d] = (DIMENSIONS[d] as readonly string[]).filter((x) => v.includes(x));
    }
    return [out as Condition];
  }
  const split = order.find((d) => values(d).length > 1)!;
  return (DIMENSIONS[split] as readonly string[]).flatMap((v) => {
    const part = combos.filter((c) => c[split] === v);
    return part.length ? terms(part, order) : [];
  });
}

function termId(term: Condition, order: readonly Dimension[]): string {
  const parts = order.flatMap((d) => (term[d] ? [(term[d] as readonly string[]).join('.')] : []));
  return parts.length ? parts.join('-') : 'all';
}

/** The branch combination groups, in decision order (see BranchGroup). */
export function branchGroups(procedure: Procedure, order: readonly Dimension[]): BranchGroup[] {
  const rank = (c: Branches) => order.reduce((n, d) => n * DIMENSIONS[d].length + (DIMENSIONS[d] as readonly string[]).indexOf(c[d] as string), 0);
  const all = combinations().sort((a, b) => rank(a) - rank(b));
  const byKey = new Map<string, Branches[]>();
  for (const c of all) {
    const key = procedure.steps.filter((s) => matches(s.when, c)).map((s) => s.id).join(' ');
    (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(c);
  }
  return [...byKey.values()].map((combos, i) => {
    const t = terms(combos, order);
    return {
      letter: String.fromCharCode(65 + i),
      id: t.map((x) => termId(x, order)).join('+'),
      terms: t,
      combinations: combos,
      steps: byRunOrder(procedure, procedure.steps.filter((s) => matches(s.when, combos[0]!)).map((s) => s.id)),
    };
  });
}

/** `order`: the decision graph's question order; a build that already has the graph passes it. */
export function trainingEdition(procedure: Procedure, questions: readonly ReviewQuestion[], order: readonly Dimension[] = decisionOrder(procedure)): TrainingView {
  const before = [...procedure.sections].filter((s) => s.place === 'before').sort((a, b) => a.order - b.order);
  const after = [...procedure.sections].filter((s) => s.place === 'after').sort((a, b) => a.order - b.order);

  const why = new Map<string, WhyItem[]>();
  const attach = (condition: Condition, item: WhyItem) => {
    const d = deepest(condition, order);
    if (!d) return false;
    for (const v of condition[d] as readonly string[]) (why.get(`${d}=${v}`) ?? why.set(`${d}=${v}`, []).get(`${d}=${v}`)!).push(item);
    return true;
  };
  const introduction: TrainingView['introduction'] = [];
  for (const section of before) {
    if (attach(section.when, { kind: 'section', section })) continue;
    // A section for every branch: its general prose is the introduction, its conditional callouts explain a value.
    const general = Object.fromEntries(LANGS.map((l) => [l, section.text[l].body.filter((i) => restricted(i.when).length === 0)])) as Record<Lang, ProseItem[]>;
    introduction.push({ section, items: general });
    const conditional = Object.fromEntries(LANGS.map((l) => [l, section.text[l].body.filter((i) => restricted(i.when).length > 0)])) as Record<Lang, ProseItem[]>;
    conditional[LANGS[0]].forEach((first, k) => {
      if (first.type !== 'callout') return;
      const pair = Object.fromEntries(LANGS.map((l) => [l, conditional[l][k]])) as CalloutPair;
      attach(first.when, { kind: 'callout', section, callout: pair });
    });
  }

  const dimensions: DimensionView[] = order.map((dimension) => ({
    dimension,
    values: (DIMENSIONS[dimension] as readonly string[]).map((value) => ({
      value,
      steps: byRunOrder(
        procedure,
        procedure.steps.filter((s) => restricted(s.when).includes(dimension) && (s.when[dimension] as readonly string[]).includes(value)).map((s) => s.id),
      ),
      variants: byRunOrder(
        procedure,
        procedure.steps
          .filter((s) => s.code.some((b) => restricted(b.when).includes(dimension) && (b.when[dimension] as readonly string[]).includes(value)))
          .map((s) => s.id),
      ),
      why: why.get(`${dimension}=${value}`) ?? [],
    })),
  }));

  const groups = branchGroups(procedure, order);
  const steps: StepView[] = byRunOrder(procedure, procedure.steps.map((s) => s.id)).map((id) => ({
    step: procedure.steps.find((s) => s.id === id)!,
    groups: groups.filter((g) => g.steps.includes(id)).map((g) => g.letter),
  }));

  return { procedure, order: [...order], introduction, dimensions, groups, steps, after, questions: [...questions] };
}
