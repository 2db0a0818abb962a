/**
 * Prose of the model (mdast, with `{{placeholders}}`) → blocks and inline runs the templates print
 * with `{{…}}` only: every string stays text, and Handlebars escapes it. Raw HTML in the content is
 * printed as text, never interpreted; a remote image is never linked (it is a diagnostic first).
 * Pure.
 */
import type { PhrasingContent, RootContent, TableCell } from 'mdast';
import type { BlockKind, ProseItem } from '../../model/types.js';
import type { Values } from '../../resolve/fill.js';
import type { Labels } from '../labels.js';
import { fillNode } from '../markdown/prose.js';
import type { PrintLabels } from './labels.js';
import { isRemoteUrl, safeUrl } from './url.js';

/** One run of inline text with its formatting; templates test the flags with `{{#if}}`. */
export interface Run {
  text: string;
  strong?: true;
  em?: true;
  del?: true;
  /** Inline code, and every value filled in from the profile. */
  code?: true;
  /** Inline code that holds a hyphen: kept on one line (`Get-Item`, `atl-mbx-001…`). */
  keep?: true;
  /** A link's target, printed after its text: paper has no hyperlinks. */
  url?: true;
  br?: true;
  /** A local image (file: URL); a remote or unresolvable one is `missingImage`. */
  image?: { src: string; alt: string };
  missingImage?: true;
}

/** Part of a line of code; `keep` parts hold a hyphen and must not wrap at it. */
export interface Segment {
  text: string;
  keep?: true;
}

export interface CodeLine {
  /** 1-based: the number printed in the gutter. */
  n: number;
  /** Leading spaces (a tab counts 4): the line is indented by the stylesheet, so that its wrapped part hangs under it. */
  indent: number;
  segments: Segment[];
}

export interface CodeView {
  role: string;
  label: string;
  lang: string;
  lines: CodeLine[];
}

export type Block =
  | { isParagraph: true; runs: Run[] }
  | { isSubhead: true; runs: Run[] }
  | { isList: true; ordered: boolean; start: number; items: { task: boolean; blocks: Block[] }[] }
  | { isQuote: true; blocks: Block[] }
  | { isCode: true; code: CodeView }
  | { isCallout: true; kind: BlockKind; label: string; blocks: Block[] }
  | { isTable: true; head: { runs: Run[] }[]; rows: { cells: { runs: Run[] }[] }[] }
  | { isRule: true };

export interface ProseContext {
  values: Values;
  labels: Labels;
  print: PrintLabels;
  /** The content file the prose comes from, as in positions (relative to the working folder). */
  file: string;
  /** file: URL of the working folder (ending in `/`), to resolve relative image paths. */
  baseUrl: string | undefined;
}

/** Words (between spaces) holding a hyphen wrap as a whole, up to this length; longer ones may break anywhere. */
const KEEP_MAX = 40;

/**
 * Browsers wrap after a hyphen: `atl-mbx-` / `001.litwareinc.com` reads like two words, or like a
 * typographic hyphenation to drop. Short words with a hyphen are kept whole; wrapping then happens
 * at spaces, and only a longer word may still break inside, where the line ends (never cut off).
 */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const part of text.split(/(\s+)/)) {
    if (part === '') continue;
    const keep = part.includes('-') && part.length <= KEEP_MAX && !/\s/.test(part);
    const last = out[out.length - 1];
    if (keep) out.push({ text: part, keep: true });
    else if (last && !last.keep) last.text += part;
    else out.push({ text: part });
  }
  return out;
}

export function codeView(role: string, label: string, lang: string, value: string): CodeView {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  return {
    role,
    label,
    lang,
    lines: lines.map((text, i) => {
      const lead = /^[ \t]*/.exec(text)![0];
      return { n: i + 1, indent: lead.replace(/\t/g, '    ').length, segments: segments(text.slice(lead.length)) };
    }),
  };
}

function codeRuns(text: string, marks: Marks): Run[] {
  return segments(text).map((s) => ({ ...marks, text: s.text, code: true as const, ...(s.keep ? { keep: true as const } : {}) }));
}

export function proseBlocks(items: readonly ProseItem[], context: ProseContext): Block[] {
  return items.map((item) =>
    item.type === 'content'
      ? block(fillNode(item.node, context.values), context)
      : { isCallout: true as const, kind: item.kind, label: context.labels.callouts[item.kind], blocks: item.children.map((c) => block(fillNode(c, context.values), context)) },
  );
}

function block(node: RootContent, context: ProseContext): Block {
  switch (node.type) {
    case 'paragraph':
      return { isParagraph: true, runs: runs(node.children, context) };
    case 'heading':
      return { isSubhead: true, runs: runs(node.children, context) };
    case 'list':
      return {
        isList: true,
        ordered: node.ordered === true,
        start: node.start ?? 1,
        items: node.children.map((item) => ({ task: typeof item.checked === 'boolean', blocks: item.children.map((c) => block(c, context)) })),
      };
    case 'blockquote':
      return { isQuote: true, blocks: node.children.map((c) => block(c, context)) };
    case 'code':
      return { isCode: true, code: codeView('show', '', node.lang ?? 'text', node.value) };
    case 'table': {
      const [head, ...rows] = node.children;
      const cells = (list: TableCell[]) => list.map((cell) => ({ runs: runs(cell.children, context) }));
      return { isTable: true, head: head ? cells(head.children) : [], rows: rows.map((row) => ({ cells: cells(row.children) })) };
    }
    case 'thematicBreak':
      return { isRule: true };
    case 'html':
      return { isParagraph: true, runs: [{ text: node.value, code: true }] };
    default:
      // Definitions, footnotes and anything else block-level: their text, as a paragraph.
      return { isParagraph: true, runs: 'children' in node ? runs(node.children as PhrasingContent[], context) : 'value' in node ? [{ text: String(node.value) }] : [] };
  }
}

type Marks = Pick<Run, 'strong' | 'em' | 'del'>;

function runs(nodes: readonly PhrasingContent[], context: ProseContext, marks: Marks = {}): Run[] {
  const out: Run[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push({ ...marks, text: node.value });
        break;
      case 'inlineCode':
        out.push(...codeRuns(node.value, marks));
        break;
      case 'strong':
        out.push(...runs(node.children, context, { ...marks, strong: true }));
        break;
      case 'emphasis':
        out.push(...runs(node.children, context, { ...marks, em: true }));
        break;
      case 'delete':
        out.push(...runs(node.children, context, { ...marks, del: true }));
        break;
      case 'break':
        out.push({ text: '', br: true });
        break;
      case 'link': {
        const inner = runs(node.children, context, marks);
        out.push(...inner);
        const shown = inner.map((r) => r.text).join('');
        if (node.url && shown !== node.url && !node.url.startsWith('#')) out.push({ ...marks, text: ` (${node.url})`, url: true });
        break;
      }
      case 'linkReference':
        out.push(...runs(node.children, context, marks));
        break;
      case 'image':
        out.push(image(node.url, node.alt ?? '', context));
        break;
      case 'imageReference':
        out.push({ text: `[${context.print.image}: ${node.alt ?? node.identifier}]`, missingImage: true });
        break;
      case 'html':
        out.push({ ...marks, text: node.value, code: true });
        break;
      default:
        if ('children' in node) out.push(...runs(node.children as PhrasingContent[], context, marks));
        else if ('value' in node) out.push({ ...marks, text: String(node.value) });
    }
  }
  return out;
}

function image(url: string, alt: string, context: ProseContext): Run {
  const missing: Run = { text: `[${context.print.image}: ${alt || url} — ${url}]`, missingImage: true };
  if (isRemoteUrl(url) || context.baseUrl === undefined) return missing;
  try {
    const resolved = new URL(url, new URL(context.file, context.baseUrl));
    if (resolved.protocol !== 'file:' && resolved.protocol !== 'data:') return missing;
    return { text: alt, image: { src: resolved.protocol === 'file:' ? safeUrl(resolved.href) : resolved.href, alt } };
  } catch {
    return missing;
  }
}
