/**
 * The print-grade PDF of one profile in one language. Two prints: the first finds the page of every
 * heading (the named destinations of the table of contents' links), the second prints the table of
 * contents with those numbers; the entries have a fixed size, and a check makes sure nothing moved.
 * Then the bookmarks, the metadata and everything that would differ between two builds are set
 * with pdf-lib.
 * No files and no clock; the browser comes in as a Printer.
 */
import { formatDiagnostic, type Diagnostic } from '../../diagnostics.js';
import type { Lang } from '../../model/types.js';
import type { ResolvedRunbook } from '../../resolve/resolve.js';
import { checkRemoteReferences } from '../html/remote.js';
import { renderRunbookHtml } from '../html/render.js';
import { templateSources, type Templates } from '../html/templates.js';
import { pdfViewModel, withPageNumbers, type PdfExtras } from '../html/view.js';
import { documentDate, finalizePdf } from './finalize.js';
import type { Printer } from './printer.js';
import { readDestinations } from './read.js';

/** Inputs that would make the browser fetch something (or look for an image nowhere): nothing was printed. */
export class RemoteReferenceError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    summary = 'Remote references would be fetched while printing',
  ) {
    super(`${summary}:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  }
}

export class PdfLayoutError extends Error {}

const MAX_PRINTS = 3;

export interface PdfOptions {
  /** SOURCE_DATE_EPOCH, in seconds: the documents' date. Defaults to the content's version date. */
  sourceDateEpoch?: number;
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
  let view = pdfViewModel(runbook, lang, extras);
  let known: Map<string, number> | undefined;
  for (let print = 1; print <= MAX_PRINTS; print++) {
    const bytes = await printer.print({ html: renderRunbookHtml(view, templates), paper: extras.paper, name, draft: known === undefined });
    const pages = await readDestinations(bytes);
    const missing = [...view.toc.map((e) => e.anchor), 'cover', 'toc'].filter((anchor) => !pages.has(anchor));
    if (missing.length) throw new PdfLayoutError(`${name}: no page found for ${missing.join(', ')} in the printed document`);
    if (known && view.toc.every((e) => pages.get(e.anchor) === known!.get(e.anchor))) {
      const producer = `${view.meta.creator} (${printer.version}, pdf-lib)`;
      // Everything the bytes depend on: the view, the templates' text, the browser, the date.
      const idSource = JSON.stringify({ view, templates: templateSources(templates).map((t) => t.text), producer, date: date.toISOString() });
      return finalizePdf(bytes, { ...view.meta, producer, date, outline: view.outline, idSource });
    }
    known = pages;
    view = withPageNumbers(view, pages);
  }
  throw new PdfLayoutError(`${name}: the table of contents' page numbers still moved after ${MAX_PRINTS} prints`);
}
