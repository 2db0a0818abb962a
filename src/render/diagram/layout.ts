/**
 * A small layered layout for a DAG with one source, drawn top to bottom:
 * 1. each node's layer is its longest distance from the source; an edge that skips layers gets a
 *    zero-width waypoint in every layer it crosses, so it runs in its own lane;
 * 2. nodes are ordered within their layer by the mean position of their parents (then children),
 *    keeping the given order on ties;
 * 3. x positions: each layer is placed as close as possible to where its parents (going down) or
 *    children (going up) want it, without overlaps and keeping the order: a weighted isotonic
 *    regression (pool-adjacent-violators), so the result is exact and deterministic.
 * Pure arithmetic; no text measurement (the caller gives each node its size).
 */

export interface LayoutInput {
  nodes: { id: string; width: number; height: number }[];
  /** In the order the children of a node should appear, left to right. */
  edges: { from: string; to: string }[];
  gapX: number;
  gapY: number;
}

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface Route {
  from: string;
  to: string;
  /** Start (bottom of `from`), waypoints in pairs (top and bottom of each crossed layer), end (top of `to`). */
  points: { x: number; y: number }[];
}

export interface Layout {
  boxes: Map<string, Box>;
  routes: Route[];
  width: number;
  height: number;
}

interface Item {
  id: string;
  width: number;
  height: number;
  dummy: boolean;
  layer: number;
  x: number;
  parents: Item[];
  children: Item[];
}

export function layout(input: LayoutInput): Layout {
  const items = new Map<string, Item>();
  for (const n of input.nodes) items.set(n.id, { id: n.id, width: n.width, height: n.height, dummy: false, layer: 0, x: 0, parents: [], children: [] });
  const get = (id: string) => {
    const item = items.get(id);
    if (!item) throw new Error(`Unknown node ${id}`);
    return item;
  };

  // 1. Layers: longest path from the sources (the graph is acyclic and small).
  const order = topological(input);
  for (const id of order) {
    const item = get(id);
    for (const e of input.edges.filter((e) => e.from === id)) get(e.to).layer = Math.max(get(e.to).layer, item.layer + 1);
  }

  // Waypoints for long edges.
  const chains: { from: string; to: string; via: Item[] }[] = [];
  for (const e of input.edges) {
    const from = get(e.from);
    const to = get(e.to);
    let previous = from;
    const via: Item[] = [];
    for (let layer = from.layer + 1; layer < to.layer; layer++) {
      const dummy: Item = { id: `${e.from}→${e.to}#${layer}`, width: 0, height: 0, dummy: true, layer, x: 0, parents: [previous], children: [] };
      previous.children.push(dummy);
      via.push(dummy);
      previous = dummy;
    }
    previous.children.push(to);
    to.parents.push(previous);
    chains.push({ from: e.from, to: e.to, via });
  }

  // 2. Order within layers: first by discovery from the source, then by the parents' mean rank.
  const layers: Item[][] = [];
  const seen = new Set<Item>();
  const visit = (item: Item) => {
    if (seen.has(item)) return;
    seen.add(item);
    (layers[item.layer] ??= []).push(item);
    item.children.forEach(visit);
  };
  order.map(get).filter((i) => i.parents.length === 0).forEach(visit);
  const rank = (item: Item) => layers[item.layer]!.indexOf(item);
  const sortBy = (layer: Item[], key: (i: Item) => number | undefined) => {
    const keyed = layer.map((item, index) => ({ item, index, key: key(item) ?? index }));
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    layer.splice(0, layer.length, ...keyed.map((k) => k.item));
  };
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined);
  for (let pass = 0; pass < 2; pass++) {
    for (const layer of layers.slice(1)) sortBy(layer, (i) => mean(i.parents.map((p) => rank(p) + p.children.indexOf(i) / (p.children.length + 1))));
    for (const layer of [...layers].reverse().slice(1)) sortBy(layer, (i) => mean(i.children.map(rank)));
  }

  // 3. x positions.
  const place = (layer: Item[], desired: (i: Item) => number) =>
    isotonic(layer, layer.map(desired), layer.map((i) => (i.dummy ? 4 : 1)), input.gapX).forEach((x, k) => (layer[k]!.x = x));
  /** Where `parent` wants `child`: its children packed side by side, centred under it. */
  const wanted = (parent: Item, child: Item) => {
    const siblings = parent.children;
    const total = siblings.reduce((s, c) => s + c.width, 0) + input.gapX * (siblings.length - 1);
    let left = parent.x - total / 2;
    for (const s of siblings) {
      if (s === child) return left + s.width / 2;
      left += s.width + input.gapX;
    }
    return parent.x;
  };
  for (const layer of layers) place(layer, () => 0);
  const down = () => {
    for (const layer of layers.slice(1)) place(layer, (i) => mean(i.parents.map((p) => wanted(p, i))) ?? i.x);
  };
  const up = () => {
    // Waypoints follow their edge's source only, so that a long edge keeps a straight lane.
    for (const layer of [...layers].reverse().slice(1)) place(layer, (i) => (i.dummy ? i.x : (mean(i.children.map((c) => c.x)) ?? i.x)));
  };
  for (let pass = 0; pass < 3; pass++) {
    down();
    up();
  }
  down();

  // Vertical: nodes top-aligned in their layer.
  const tops: number[] = [];
  let y = 0;
  for (const layer of layers) {
    tops.push(y);
    y += Math.max(0, ...layer.map((i) => i.height)) + input.gapY;
  }
  const heights = layers.map((layer) => Math.max(0, ...layer.map((i) => i.height)));
  const left = Math.min(...[...items.values()].map((i) => i.x - i.width / 2), ...layers.flat().map((i) => i.x));
  const right = Math.max(...[...items.values()].map((i) => i.x + i.width / 2), ...layers.flat().map((i) => i.x));

  const boxes = new Map<string, Box>();
  for (const item of items.values()) {
    boxes.set(item.id, { id: item.id, x: item.x - item.width / 2 - left, y: tops[item.layer]!, width: item.width, height: item.height, layer: item.layer });
  }
  // Entry points spread along the top of nodes with several incoming edges, by source position.
  const incoming = new Map<string, { chain: (typeof chains)[number]; x: number }[]>();
  for (const chain of chains) {
    const last = chain.via.at(-1) ?? get(chain.from);
    (incoming.get(chain.to) ?? incoming.set(chain.to, []).get(chain.to)!).push({ chain, x: last.x });
  }
  const entry = new Map<(typeof chains)[number], number>();
  for (const [to, list] of incoming) {
    const box = boxes.get(to)!;
    list.sort((a, b) => a.x - b.x);
    const spread = Math.min(box.width * 0.6, 24 * (list.length - 1));
    list.forEach((e, i) => entry.set(e.chain, box.x + box.width / 2 + (list.length === 1 ? 0 : -spread / 2 + (spread * i) / (list.length - 1))));
  }
  const routes: Route[] = chains.map((chain) => {
    const from = boxes.get(chain.from)!;
    const to = boxes.get(chain.to)!;
    const points = [{ x: from.x + from.width / 2, y: from.y + from.height }];
    for (const d of chain.via) points.push({ x: d.x - left, y: tops[d.layer]! }, { x: d.x - left, y: tops[d.layer]! + heights[d.layer]! });
    points.push({ x: entry.get(chain)!, y: to.y });
    return { from: chain.from, to: chain.to, points };
  });
  return { boxes, routes, width: right - left, height: y - input.gapY };
}

function topological(input: LayoutInput): string[] {
  const indegree = new Map(input.nodes.map((n) => [n.id, 0]));
  for (const e of input.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const ready = input.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const out: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    out.push(id);
    for (const e of input.edges.filter((e) => e.from === id)) {
      indegree.set(e.to, indegree.get(e.to)! - 1);
      if (indegree.get(e.to) === 0) ready.push(e.to);
    }
  }
  if (out.length !== input.nodes.length) throw new Error('The diagram has a cycle');
  return out;
}

/**
 * Centres as close as possible (weighted least squares) to `desired`, in the given order, each
 * at least half the widths plus `gap` from its neighbour.
 */
function isotonic(items: readonly { width: number }[], desired: readonly number[], weights: readonly number[], gap: number): number[] {
  const offsets: number[] = [];
  items.forEach((item, i) => offsets.push(i === 0 ? 0 : offsets[i - 1]! + (items[i - 1]!.width + item.width) / 2 + (items[i - 1]!.width && item.width ? gap : gap / 2)));
  const blocks: { weight: number; sum: number; count: number }[] = [];
  desired.forEach((d, i) => {
    blocks.push({ weight: weights[i]!, sum: weights[i]! * (d - offsets[i]!), count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.weight <= b.sum / b.weight) break;
      blocks.splice(blocks.length - 2, 2, { weight: a.weight + b.weight, sum: a.sum + b.sum, count: a.count + b.count });
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.count; k++) out.push(b.sum / b.weight + offsets[out.length]!);
  return out;
}
