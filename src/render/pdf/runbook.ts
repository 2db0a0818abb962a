/**
 * The print-grade PDF of one profile in one language. The table of contents needs the page of every
 * heading (the named destinations of its links): they come from an earlier runbook with the same
 * headings when there is one (most profiles of a build share their branches), else from a draft
 * print with every element hidden (same layout, a third of the cost). The runbook is then printed
 * with those numbers, and a check makes sure every heading is where its entry says; when one is
 * not, it is printed again with the pages just read (the entries have a fixed size, so numbers do
 * not move anything). Either way the result is the same bytes. Then the bookmarks, the metadata
 * and everything that would differ between two builds are set with pdf-lib.
 * No files and no clock; the browser comes in as a Printer.
 */
import { toString } from 'mdast-util-to-string';
import type { Lang, Position, ProseItem } from '../../model/types.js';
import type { Values } from '../../resolve/fill.js';
import type { ResolvedRunbook } from '../../resolve/resolve.js';
import { checkRemoteReferences } from '../html/remote.js';
import { renderRunbookHtml } from '../html/render.js';
import { withStyle } from '../html/style-tag.js';
import { fillNode } from '../markdown/prose.js';
import { templateSources, type Templates } from '../html/templates.js';
import { pdfViewModel, sectionAnchor, stepAnchor, undoAnchor, withPageNumbers, type PdfExtras } from '../html/view.js';
import { PdfLayoutError, RemoteReferenceError } from './errors.js';
import { documentDate, finalizePdf } from './finalize.js';
import { printAtDesignSize } from './print-at-size.js';
import type { Printer } from './printer.js';
import { destinationPages, readDestinations } from './read.js';

const MAX_PRINTS = 3;

export interface PdfOptions {
  /** SOURCE_DATE_EPOCH, in seconds: the documents' date. Defaults to the content's version date. */
  sourceDateEpoch?: number;
  /**
   * Pages of headings seen in earlier runbooks of a build, by layout key: a first guess for the
   * table of contents. Only a guess: every print is checked.
   */
  layouts?: LayoutMemo;
}

export type LayoutMemo = Map<string, ReadonlyMap<string, number>>;

/** Hides every element: the layout (and so every page break) stays, nothing is drawn. */
export function draftHtml(html: string): string {
  return withStyle(html, 'body * { visibility: hidden !important; }');
}

export async function renderRunbookPdf(
  runbook: ResolvedRunbook,
  lang: Lang,
  printer: Printer,
  templates: Templates,
  extras: PdfExtras,
  options: PdfOptions = {},
): Promise<Uint8Array> {
  // The pipeline reports these as diagnostics first; refuse here too, before the browser sees anything.
  const remote = checkRemoteReferences(runbook.procedure, templates);
  if (remote.length) throw new RemoteReferenceError(remote);

  const name = `${runbook.profile.id}/runbook.${lang}.pdf`;
  const date = documentDate(runbook.procedure.version, options.sourceDateEpoch);
  const view = pdfViewModel(runbook, lang, extras);
  const anchors = [...view.toc.map((e) => e.anchor), 'cover', 'toc'];
  const layoutKey = JSON.stringify([extras.paper, lang, anchors]);
  const pagesOf = (pages: ReadonlyMap<string, number>): ReadonlyMap<string, number> => {
    const missing = anchors.filter((anchor) => !pages.has(anchor));
    if (missing.length) throw new PdfLayoutError(`${name}: no page found for ${missing.join(', ')} in the printed document`);
    return pages;
  };
  let prints = 0;
  let known = options.layouts?.get(layoutKey);
  if (!known) {
    prints++;
    known = pagesOf(await readDestinations(await printer.print({ html: draftHtml(renderRunbookHtml(view, templates)), paper: extras.paper, name, draft: true })));
  }
  while (prints++ < MAX_PRINTS) {
    const numbered = withPageNumbers(view, known);
    const doc = await printAtDesignSize(printer, { html: renderRunbookHtml(numbered, templates), paper: extras.paper, name }, view.outline, (anchor, text) => positionIn(runbook, lang, anchor, text));
    const pages = pagesOf(destinationPages(doc));
    if (view.toc.every((e) => pages.get(e.anchor) === known!.get(e.anchor))) {
      options.layouts?.set(layoutKey, pages);
      const producer = `${view.meta.creator} (${printer.version}, pdf-lib)`;
      // Everything the bytes depend on: the view, the templates' text, the browser, the date.
      const idSource = JSON.stringify({ view: numbered, templates: templateSources(templates).map((t) => t.text), producer, date: date.toISOString() });
      return finalizePdf(doc, { ...view.meta, producer, date, outline: view.outline, idSource });
    }
    known = pages;
  }
  throw new PdfLayoutError(`${name}: the table of contents' page numbers still moved after ${MAX_PRINTS} prints`);
}

/**
 * Where a step's or a section's text is in the content: at the paragraph or table that reads like
 * `text` (its first characters, spaces aside) once this profile's values are filled in, among the
 * prose of the branches it takes; else where its text starts. An undo entry is its step's text.
 */
function positionIn(runbook: ResolvedRunbook, lang: Lang, anchor: string, text: string): Position | undefined {
  const step = runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps)).find((s) => stepAnchor(s.number) === anchor) ?? runbook.rollback.find((s) => undoAnchor(s.number) === anchor);
  const section = [...runbook.before, ...runbook.after].find((s) => sectionAnchor(s.section.id) === anchor);
  const resolved = step ?? section;
  const source = (step?.step ?? section?.section)?.text[lang];
  if (!resolved || !source) return undefined;
  const line = lineReading(resolved.text[lang].body, resolved.values, text);
  return line === undefined ? source.position : { ...source.position, line, column: 1 };
}

/** The line of the first prose node whose text, values filled in, holds the start of `text`, spaces aside. */
function lineReading(body: readonly ProseItem[], values: Values, text: string): number | undefined {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const start = squeeze(text).slice(0, 16);
  if (start.length < 6) return undefined;
  for (const item of body) {
    const nodes = item.type === 'content' ? [item.node] : item.children;
    for (const node of nodes) if (squeeze(toString(fillNode(node, values))).includes(start)) return node.position?.start.line;
  }
  return undefined;
}
