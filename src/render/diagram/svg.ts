/**
 * The decision diagram as SVG text: the decision graph of the model, laid out top to bottom,
 * with the path of one profile highlighted. Self-contained: no external reference, no font
 * download (generic font stacks), no ids and no <style> (so it can be inlined into any HTML page
 * without clashing), presentation attributes only. Deterministic: the same model, language and
 * branches give the same bytes. Pure.
 */
import type { Branches, Lang, Procedure } from '../../model/types.js';
import { decisionGraph, pathOf, type Choice, type DecisionGraph, type GraphNode } from './graph.js';
import { DIAGRAM_LABELS, PROFILE_KEYS, type DiagramLabels } from './labels.js';
import { layout, type Box, type Layout, type Route } from './layout.js';
import { escapeXmlAttribute as escapeXml } from '../../resolve/fill.js';

export interface DiagramOptions {
  lang: Lang;
  /** The branches of a profile: its path is highlighted. */
  highlight?: Branches;
  /** Who the highlighted path belongs to (a profile title), for the accessible description. */
  caption?: string;
}

const SANS = "'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif";
const MONO = "Consolas, 'Cascadia Mono', 'DejaVu Sans Mono', 'Liberation Mono', monospace";

const SIZE = { title: 15, header: 12.5, text: 11.5, mono: 10.5, small: 10 };
const LINE = { header: 16, mono: 14, small: 13 };
const PAD = 10;
const MARGIN = 16;

const COLOUR = {
  ink: '#0f172a',
  muted: '#475569',
  edge: '#94a3b8',
  questionFill: '#eef2f7',
  questionStroke: '#64748b',
  choiceFill: '#ffffff',
  choiceStroke: '#94a3b8',
  endFill: '#f1f5f9',
  path: '#1d4ed8',
  pathQuestionFill: '#dbeafe',
  pathChoiceFill: '#eff6ff',
};

/** Rough advance widths (in em) of a wide sans-serif, so that boxes are never too small. */
function sansWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[ijlI.,:;'’|!()[\] ]/.test(ch)) em += 0.32;
    else if (/[mwMW—→]/.test(ch)) em += 0.92;
    else if (/[A-Z]/.test(ch)) em += 0.72;
    else em += 0.6;
  }
  return em * size * (bold ? 1.1 : 1);
}

function monoWidth(text: string, size: number): number {
  return [...text].length * 0.61 * size;
}

function wrap(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && sansWidth(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}


function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

type Attributes = Record<string, string | number | undefined>;

function attrs(a: Attributes): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? num(v) : v!)}"`)
    .join('');
}

function el(name: string, a: Attributes, children?: string | string[]): string {
  const inner = Array.isArray(children) ? children.join('') : children;
  return inner === undefined ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${inner}</${name}>`;
}

/** What one drawn box says. */
interface Card {
  id: string;
  kind: 'start' | 'question' | 'choice' | 'end';
  dimension?: string;
  value?: string;
  /** Centred lines (question, end) or the left-aligned header (start, choice). */
  header: string[];
  /** Monospace lines under the header. */
  lines: string[];
  /** A small line under a question: the profile key that answers it. */
  key?: { label: string; value: string };
  width: number;
  height: number;
  onPath: boolean;
}

const QUESTION_WIDTH = 210;
const END_WIDTH = 220;

function cards(graph: DecisionGraph, labels: DiagramLabels, path: ReadonlySet<string>): { cards: Card[]; edges: { from: string; to: string }[] } {
  const out: Card[] = [];
  const edges: { from: string; to: string }[] = [];
  const listBox = (id: string, kind: 'start' | 'choice', header: string, lines: string[], extra: Partial<Card>): Card => {
    const shown = lines.length ? lines : [labels.noStep];
    const width = Math.max(150, sansWidth(header, SIZE.header, true) + 2 * PAD, ...shown.map((l) => monoWidth(l, SIZE.mono) + 2 * PAD));
    return { id, kind, header: [header], lines: shown, width: Math.ceil(width), height: PAD + LINE.header + shown.length * LINE.mono + PAD - 2, onPath: path.has(id), ...extra };
  };
  const stepLines = (c: Pick<Choice, 'adds' | 'variants'>) => [...c.adds.map((id) => `+ ${id}`), ...c.variants.map((id) => `~ ${id}`)];

  out.push(listBox('start', 'start', labels.always, stepLines({ adds: graph.always, variants: [] }), {}));
  const nodeId = (n: GraphNode) => (n.kind === 'end' ? 'end' : `q:${n.id}`);
  edges.push({ from: 'start', to: nodeId(graph.root) });
  for (const q of graph.questions) {
    const header = wrap(labels.questions[q.dimension], QUESTION_WIDTH - 2 * PAD, SIZE.header, true);
    out.push({
      id: nodeId(q),
      kind: 'question',
      dimension: q.dimension,
      header,
      lines: [],
      key: { label: `${labels.profileKey} `, value: PROFILE_KEYS[q.dimension] },
      width: QUESTION_WIDTH,
      height: PAD + header.length * LINE.header + LINE.small + PAD - 2,
      onPath: path.has(nodeId(q)),
    });
    for (const c of q.choices) {
      const id = `c:${q.id}=${c.value}`;
      out.push(listBox(id, 'choice', labels.answers[q.dimension][c.value] ?? c.value, stepLines(c), { dimension: q.dimension, value: c.value }));
      edges.push({ from: nodeId(q), to: id }, { from: id, to: nodeId(c.next) });
    }
  }
  const endLines = wrap(labels.end, END_WIDTH - 2 * PAD, SIZE.text);
  out.push({ id: 'end', kind: 'end', header: endLines, lines: [], width: END_WIDTH, height: PAD + endLines.length * LINE.header + PAD - 2, onPath: path.has('end') });
  return { cards: out, edges };
}

function drawCard(card: Card, box: Box): string {
  const { x, y, width, height } = box;
  const on = card.onPath;
  const fill = card.kind === 'question' ? (on ? COLOUR.pathQuestionFill : COLOUR.questionFill) : card.kind === 'end' ? (on ? COLOUR.pathQuestionFill : COLOUR.endFill) : on ? COLOUR.pathChoiceFill : COLOUR.choiceFill;
  const stroke = on ? COLOUR.path : card.kind === 'question' ? COLOUR.questionStroke : COLOUR.choiceStroke;
  const parts: string[] = [
    el('rect', { x, y, width, height, rx: card.kind === 'end' ? height / 2 : 6, fill, stroke, 'stroke-width': on ? 3 : 1.2 }),
  ];
  if (card.kind === 'question' || card.kind === 'end') {
    card.header.forEach((line, i) =>
      parts.push(el('text', { x: x + width / 2, y: y + PAD + 11 + i * LINE.header, 'text-anchor': 'middle', 'font-size': card.kind === 'end' ? SIZE.text : SIZE.header, 'font-weight': card.kind === 'question' ? 'bold' : undefined, fill: COLOUR.ink }, escapeXml(line))),
    );
    if (card.key) {
      parts.push(el('text', { x: x + width / 2, y: y + PAD + 10 + card.header.length * LINE.header, 'text-anchor': 'middle', 'font-size': SIZE.small, fill: COLOUR.muted }, [escapeXml(card.key.label), el('tspan', { 'font-family': MONO }, escapeXml(card.key.value))]));
    }
  } else {
    parts.push(el('text', { x: x + PAD, y: y + PAD + 11, 'font-size': SIZE.header, 'font-weight': 'bold', fill: on ? COLOUR.path : COLOUR.ink }, escapeXml(card.header[0]!)));
    card.lines.forEach((line, i) =>
      parts.push(el('text', { x: x + PAD, y: y + PAD + LINE.header + 10 + i * LINE.mono, 'font-size': SIZE.mono, 'font-family': MONO, fill: COLOUR.ink }, escapeXml(line))),
    );
  }
  return el('g', { 'data-node': card.kind, 'data-id': card.id, 'data-dimension': card.dimension, 'data-value': card.value, 'data-path': String(card.onPath) }, parts);
}

function drawRoute(route: Route, onPath: boolean): string {
  const colour = onPath ? COLOUR.path : COLOUR.edge;
  const pts = route.points.map((p) => ({ x: p.x + MARGIN, y: p.y }));
  const last = pts[pts.length - 1]!;
  const tip = { x: last.x, y: last.y };
  pts[pts.length - 1] = { x: last.x, y: last.y - 7 };
  let d = `M${num(pts[0]!.x)} ${num(pts[0]!.y)}`;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    // Between layers: a curve leaving and entering vertically; inside a crossed layer: straight down.
    if (i % 2 === 1) {
      const m = (a.y + b.y) / 2;
      d += ` C${num(a.x)} ${num(m)} ${num(b.x)} ${num(m)} ${num(b.x)} ${num(b.y)}`;
    } else d += ` L${num(b.x)} ${num(b.y)}`;
  }
  const w = onPath ? 5 : 4;
  return el('g', { 'data-edge': `${route.from} ${route.to}`, 'data-path': String(onPath) }, [
    el('path', { d, fill: 'none', stroke: colour, 'stroke-width': onPath ? 3 : 1.5 }),
    el('polygon', { points: `${num(tip.x - w)},${num(tip.y - 8)} ${num(tip.x + w)},${num(tip.y - 8)} ${num(tip.x)},${num(tip.y)}`, fill: colour }),
  ]);
}

/** The decision diagram as an SVG document (UTF-8 text, no XML declaration needed). */
export function decisionDiagram(procedure: Procedure, options: DiagramOptions): string {
  return renderDiagram(decisionGraph(procedure), procedure, options);
}

/** What a diagram draws for one language and one highlighted path: everything but its title and description. */
interface Drawing {
  width: number;
  height: number;
  /** The markup after `<desc>`: background, visible title, edges, boxes and legend. */
  content: string;
}

/**
 * Per decision graph: its layout in each language (box sizes depend on the words, not on the
 * path) and each drawing made from it. Many profiles share a path; only the title (the profile)
 * and the root element's attributes are theirs.
 */
interface GraphCache {
  layouts: Map<Lang, Layout>;
  drawings: Map<string, Drawing>;
}
const caches = new WeakMap<DecisionGraph, GraphCache>();

function cacheOf(graph: DecisionGraph): GraphCache {
  let cache = caches.get(graph);
  if (!cache) caches.set(graph, (cache = { layouts: new Map(), drawings: new Map() }));
  return cache;
}

export function renderDiagram(graph: DecisionGraph, procedure: Procedure, options: DiagramOptions): string {
  const labels = DIAGRAM_LABELS[options.lang];
  const steps = options.highlight ? pathOf(graph, options.highlight) : [];
  const path = new Set<string>();
  if (options.highlight) {
    path.add('start').add('end');
    for (const { question, choice } of steps) path.add(`q:${question.id}`).add(`c:${question.id}=${choice.value}`);
  }
  const cache = cacheOf(graph);
  const key = `${options.lang}\0${[...path].join(' ')}`;
  let drawing = cache.drawings.get(key);
  if (!drawing) cache.drawings.set(key, (drawing = draw(graph, options.lang, path, cache.layouts)));
  const { width, height } = drawing;
  const answers = steps.map(({ question, choice }) => labels.answers[question.dimension][choice.value] ?? choice.value);

  const title = options.highlight && options.caption ? `${labels.title} — ${options.caption}` : labels.title;
  const description = `${labels.description} ${options.highlight ? labels.path(answers) : labels.noPath}`;
  const svg = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      role: 'img',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': SANS,
      'data-procedure': procedure.id,
      'data-content-version': procedure.version,
      'data-highlight': options.highlight ? Object.values(options.highlight).join(' ') : undefined,
    },
    [el('title', {}, escapeXml(title)), el('desc', {}, escapeXml(description)), drawing.content],
  );
  return `${svg}\n`;
}

/** The diagram of `graph` in `lang` with the boxes of `path` highlighted (none: no path). */
function draw(graph: DecisionGraph, lang: Lang, path: ReadonlySet<string>, layouts: Map<Lang, Layout>): Drawing {
  const labels = DIAGRAM_LABELS[lang];
  const highlight = path.size > 0;
  const { cards: all, edges } = cards(graph, labels, path);

  let placed = layouts.get(lang);
  if (!placed) layouts.set(lang, (placed = layout({ nodes: all.map((c) => ({ id: c.id, width: c.width, height: c.height })), edges, gapX: 22, gapY: 38 })));
  const top = MARGIN + SIZE.title + 14;

  const legend = [labels.legendAdds, labels.legendVariants, ...(highlight ? [labels.legendPath] : [])];
  const legendWidth = Math.max(...legend.map((l) => sansWidth(l, SIZE.small))) + 40;
  const width = Math.ceil(Math.max(placed.width + 2 * MARGIN, legendWidth + 2 * MARGIN, sansWidth(labels.title, SIZE.title, true) + 2 * MARGIN));
  const legendTop = top + placed.height + 22;
  const height = Math.ceil(legendTop + legend.length * LINE.small + MARGIN);
  // Centre the graph when the title or the legend is wider.
  const shift = (width - 2 * MARGIN - placed.width) / 2;

  const routes = placed.routes.map((r) => ({ ...r, points: r.points.map((p) => ({ x: p.x + shift, y: p.y + top })) }));
  const onPath = (r: Route) => path.has(r.from) && path.has(r.to);
  const body: string[] = [];
  // Edges first, the highlighted ones last so they stay on top; then the boxes.
  for (const r of routes.filter((r) => !onPath(r))) body.push(drawRoute(r, false));
  for (const r of routes.filter(onPath)) body.push(drawRoute(r, true));
  for (const c of all) {
    const b = placed.boxes.get(c.id)!;
    body.push(drawCard(c, { ...b, x: b.x + MARGIN + shift, y: b.y + top }));
  }

  const legendItems = legend.map((line, i) => {
    const y = legendTop + i * LINE.small;
    const isPath = highlight && i === legend.length - 1;
    return isPath
      ? el('g', {}, [
          el('rect', { x: MARGIN, y: y - 9, width: 26, height: 11, rx: 3, fill: COLOUR.pathChoiceFill, stroke: COLOUR.path, 'stroke-width': 2 }),
          el('text', { x: MARGIN + 34, y, 'font-size': SIZE.small, fill: COLOUR.muted }, escapeXml(line)),
        ])
      : el('text', { x: MARGIN, y, 'font-size': SIZE.small, fill: COLOUR.muted }, escapeXml(line));
  });

  const content = [
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    el('text', { x: MARGIN, y: MARGIN + SIZE.title - 2, 'font-size': SIZE.title, 'font-weight': 'bold', fill: COLOUR.ink }, escapeXml(labels.title)),
    ...body,
    ...legendItems,
  ].join('');
  return { width, height, content };
}
