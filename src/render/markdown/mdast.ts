/**
 * Building blocks shared by every Markdown the tool writes (runbook, change request, training
 * edition, diff): mdast constructors, and one serialiser with GFM and the same settings, so all
 * documents look alike and every text node is escaped by mdast-util-to-markdown. Pure.
 */
import type { Heading, List, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import { paragraph, text } from './prose.js';

export function serializeMarkdown(children: RootContent[]): string {
  const tree: Root = { type: 'root', children };
  return toMarkdown(tree, { extensions: [gfmToMarkdown()], bullet: '-', fences: true, rule: '-', listItemIndent: 'one' });
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
