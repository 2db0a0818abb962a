/**
 * The decision graph of a procedure, computed from the model: which questions (the dimensions
 * of DIMENSIONS) decide which steps (through each step's and each code block's `when`).
 *
 * Construction, for an order of the dimensions:
 * - a *combination* is one value per dimension (every one of them, 3 × 2 × 2 × 2 here);
 * - its *signature* is the set of steps that apply to it, with the code blocks of each;
 * - from a partial choice P, the next question is the first dimension, in that order, whose
 *   answer changes the signature of at least one completion of P; none left: the path ends;
 * - answering d = v *adds* the steps that apply to every completion of P + {d: v} and not yet to
 *   every completion of P, and marks as *variants* the steps already certain whose commands
 *   depend on that answer;
 * - identical sub-trees are shared (hash-consing), so the tree becomes a small DAG whose paths
 *   are exactly the tree's paths.
 * The order chosen is the one with the fewest questions asked where they do not matter for every
 * path through them, then the fewest questions and edges; ties go to DIMENSIONS order.
 * On every path, the steps added are disjoint and together are exactly the steps of any
 * combination that follows that path. Pure.
 */
import { matches } from '../../model/condition.js';
import { DIMENSIONS, type Branches, type Dimension, type Procedure } from '../../model/types.js';

export const DIMENSION_LIST = Object.keys(DIMENSIONS) as Dimension[];

export interface Choice {
  dimension: Dimension;
  value: string;
  /** Step ids added by this answer, in run order. */
  adds: string[];
  /** Step ids already certain whose commands depend on this answer, in run order. */
  variants: string[];
  next: GraphNode;
}

export interface Question {
  kind: 'question';
  /** Stable id: the dimension and an index when the same dimension is asked in several places. */
  id: string;
  dimension: Dimension;
  choices: Choice[];
}

export interface End {
  kind: 'end';
  id: 'end';
}

export type GraphNode = Question | End;

export interface DecisionGraph {
  /** The order questions are considered in. */
  order: Dimension[];
  /** Steps every runbook contains, whatever the answers. */
  always: string[];
  root: GraphNode;
  /** Every question node once, in breadth-first order from the root. */
  questions: Question[];
}

type Partial = { [D in Dimension]?: string };

/** Every combination of values, in DIMENSIONS order. */
export function combinations(): Branches[] {
  let out: Record<string, string>[] = [{}];
  for (const dimension of DIMENSION_LIST) {
    out = out.flatMap((c) => (DIMENSIONS[dimension] as readonly string[]).map((v) => ({ ...c, [dimension]: v })));
  }
  return out as unknown as Branches[];
}

/** The ids of the steps that apply to a combination, in run order. */
export function stepsFor(procedure: Procedure, branches: Branches): string[] {
  return procedure.steps.filter((s) => matches(s.when, branches)).map((s) => s.id);
}

function codeSignature(procedure: Procedure, id: string, branches: Branches): string {
  const step = procedure.steps.find((s) => s.id === id)!;
  return step.code.map((block, i) => (matches(block.when, branches) ? i : '')).join(',');
}

function signature(procedure: Procedure, branches: Branches): string {
  return stepsFor(procedure, branches)
    .map((id) => `${id}:${codeSignature(procedure, id, branches)}`)
    .join('|');
}

function consistent(c: Branches, p: Partial): boolean {
  return (Object.keys(p) as Dimension[]).every((d) => c[d] === p[d]);
}

/** What every combination gives, computed once: the graph of each order of questions asks the same things. */
interface Analysis {
  procedure: Procedure;
  all: Branches[];
  signatures: Map<Branches, string>;
  /** The combination object of each value tuple. */
  byValues: Map<string, Branches>;
  /** The steps of each combination. */
  steps: Map<Branches, Set<string>>;
  /** The code signature of each step in each combination, filled as asked. */
  codes: Map<Branches, Map<string, string>>;
}

function valuesKey(c: Branches): string {
  return DIMENSION_LIST.map((d) => c[d]).join('\0');
}

function analyse(procedure: Procedure): Analysis {
  const all = combinations();
  const steps = new Map(all.map((c) => [c, new Set(stepsFor(procedure, c))]));
  return {
    procedure,
    all,
    signatures: new Map(all.map((c) => [c, signature(procedure, c)])),
    byValues: new Map(all.map((c) => [valuesKey(c), c])),
    steps,
    codes: new Map(all.map((c) => [c, new Map()])),
  };
}

function find(a: Analysis, c: Branches): Branches {
  return a.byValues.get(valuesKey(c))!;
}

/** `codeSignature` of a combination of `a.all`, computed once. */
function codeOf(a: Analysis, id: string, c: Branches): string {
  const codes = a.codes.get(c)!;
  let signature = codes.get(id);
  if (signature === undefined) codes.set(id, (signature = codeSignature(a.procedure, id, c)));
  return signature;
}

/** Does answering `d` differently change the signature of some (`mode: 'some'`) or every completion? */
function relevance(a: Analysis, p: Partial, d: Dimension): { some: boolean; every: boolean } {
  const completions = a.all.filter((c) => consistent(c, p));
  let some = false;
  let every = completions.length > 0;
  for (const c of completions) {
    const differs = (DIMENSIONS[d] as readonly string[]).some((v) => v !== c[d] && a.signatures.get(find(a, { ...c, [d]: v } as Branches)) !== a.signatures.get(c));
    some ||= differs;
    every &&= differs;
  }
  return { some, every };
}

function certain(a: Analysis, p: Partial): Set<string> {
  const completions = a.all.filter((c) => consistent(c, p));
  const sets = completions.map((c) => a.steps.get(c)!);
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((id) => rest.every((s) => s.has(id))));
}

function variantsAt(a: Analysis, p: Partial, d: Dimension, steps: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const c of a.all.filter((x) => consistent(x, p))) {
    for (const v of DIMENSIONS[d] as readonly string[]) {
      if (v === c[d]) continue;
      const other = find(a, { ...c, [d]: v } as Branches);
      const otherSteps = a.steps.get(other)!;
      for (const id of steps) {
        if (otherSteps.has(id) && codeOf(a, id, c) !== codeOf(a, id, other)) out.add(id);
      }
    }
  }
  return out;
}

interface Built {
  graph: DecisionGraph;
  cost: [number, number, number];
}

function build(a: Analysis, order: Dimension[]): Built {
  const byKey = new Map<string, GraphNode>();
  const keys = new Map<GraphNode, string>();
  const END: End = { kind: 'end', id: 'end' };
  keys.set(END, 'end');
  let notEverywhere = 0;
  const inRunOrder = (ids: Set<string>) => a.procedure.steps.map((s) => s.id).filter((id) => ids.has(id));

  const node = (p: Partial): GraphNode => {
    const dimension = order.find((d) => !(d in p) && relevance(a, p, d).some);
    if (!dimension) return END;
    if (!relevance(a, p, dimension).every) notEverywhere++;
    const before = certain(a, p);
    const choices: Choice[] = (DIMENSIONS[dimension] as readonly string[]).map((value) => {
      const q = { ...p, [dimension]: value };
      const after = certain(a, q);
      const adds = new Set([...after].filter((id) => !before.has(id)));
      const variants = variantsAt(a, q, dimension, new Set([...after].filter((id) => !adds.has(id))));
      return { dimension, value, adds: inRunOrder(adds), variants: inRunOrder(variants), next: node(q) };
    });
    const key = JSON.stringify([dimension, choices.map((c) => [c.value, c.adds, c.variants, keys.get(c.next)])]);
    const existing = byKey.get(key);
    if (existing) return existing;
    const created: Question = { kind: 'question', id: dimension, dimension, choices };
    byKey.set(key, created);
    keys.set(created, key);
    return created;
  };

  const root = node({});
  const questions: Question[] = [];
  const queue: GraphNode[] = [root];
  let edges = 0;
  while (queue.length) {
    const n = queue.shift()!;
    if (n.kind !== 'question' || questions.includes(n)) continue;
    questions.push(n);
    edges += n.choices.length * 2;
    queue.push(...n.choices.map((c) => c.next));
  }
  // Stable ids: `exchange.version`, then `exchange.version-2`… in breadth-first order.
  const seen = new Map<Dimension, number>();
  for (const q of questions) {
    const n = (seen.get(q.dimension) ?? 0) + 1;
    seen.set(q.dimension, n);
    q.id = n === 1 ? q.dimension : `${q.dimension}-${n}`;
  }
  return {
    graph: { order, always: inRunOrder(certain(a, {})), root, questions },
    cost: [notEverywhere, questions.length, edges],
  };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * The decision graph depends on the procedure alone: computed once per procedure (a build draws it
 * for every profile, and the drawing caches are keyed by the graph).
 */
const graphs = new WeakMap<Procedure, DecisionGraph>();
export function decisionGraph(procedure: Procedure): DecisionGraph {
  let graph = graphs.get(procedure);
  if (!graph) graphs.set(procedure, (graph = bestGraph(procedure)));
  return graph;
}

function bestGraph(procedure: Procedure): DecisionGraph {
  const a = analyse(procedure);
  let best: Built | undefined;
  for (const order of permutations(DIMENSION_LIST)) {
    const built = build(a, order);
    if (!best || compare(built.cost, best.cost) < 0) best = built;
  }
  return best!.graph;
}

function compare(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export interface PathStep {
  question: Question;
  choice: Choice;
}

/** The questions a combination meets, and its answers, from the root to the end. */
export function pathOf(graph: DecisionGraph, branches: Branches): PathStep[] {
  const out: PathStep[] = [];
  let n = graph.root;
  while (n.kind === 'question') {
    const question = n;
    const choice = question.choices.find((c) => c.value === branches[question.dimension]);
    if (!choice) throw new Error(`No answer ${String(branches[question.dimension])} to ${question.dimension}`);
    out.push({ question, choice });
    n = choice.next;
  }
  return out;
}

/** The order the questions are asked in, for texts that follow the diagram. */
export function decisionOrder(procedure: Procedure): Dimension[] {
  return decisionGraph(procedure).order;
}
