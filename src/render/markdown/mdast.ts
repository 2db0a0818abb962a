/**
 * Building blocks shared by every Markdown the tool writes (runbook, change request, training
 * edition, diff): mdast constructors, and one serialiser with GFM and the same settings, so all
 * documents look alike and every text node is escaped by mdast-util-to-markdown. Pure.
 */
import type { Heading, List, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { defaultHandlers, toMarkdown, type Options } from 'mdast-util-to-markdown';
import { cachedRoot, type MarkdownCache } from './block-cache.js';
import { paragraph, text } from './prose.js';

/**
 * The GFM extension, made once: mdast-util-to-markdown only reads it, and its escape patterns keep
 * their compiled expressions from one document to the next, as the default patterns do.
 */
const GFM = gfmToMarkdown();

/**
 * `children` as one Markdown document. With a `cache`, blocks and texts already written (by an
 * earlier call with the same cache) are reused: the text is the same, byte for byte.
 */
export function serializeMarkdown(children: RootContent[], cache?: MarkdownCache): string {
  const tree: Root = { type: 'root', children };
  const options: Options = { extensions: [GFM], bullet: '-', fences: true, rule: '-', listItemIndent: 'one' };
  if (cache) options.handlers = { root: cachedRoot(defaultHandlers.root, cache) };
  return toMarkdown(tree, options);
}

export function heading(depth: Heading['depth'], ...children: PhrasingContent[]): Heading {
  return { type: 'heading', depth, children };
}

/** A GFM table; a header cell given as a string becomes escaped text. */
export function table(header: readonly (string | PhrasingContent[])[], rows: PhrasingContent[][][], align: Table['align'] = header.map(() => null)): Table {
  const row = (cells: PhrasingContent[][]): TableRow => ({ type: 'tableRow', children: cells.map((c) => ({ type: 'tableCell', children: c })) });
  return { type: 'table', align, children: [row(header.map((h) => (typeof h === 'string' ? [text(h)] : h))), ...rows.map(row)] };
}

/** A tight list, a paragraph per item. */
export function list(items: PhrasingContent[][], ordered = false): List {
  return { type: 'list', ordered, start: ordered ? 1 : null, spread: false, children: items.map((c) => ({ type: 'listItem', spread: false, children: [paragraph(...c)] })) };
}
