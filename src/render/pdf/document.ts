/**
 * A Markdown document the tool already wrote (the change request, the training edition), printed
 * with the runbook's look: one print (no table of contents to number), then the bookmarks from
 * its headings, the metadata and everything that would differ between two builds set with pdf-lib.
 * No files and no clock; the browser comes in as a Printer.
 */
import { documentViewModel, type DocumentMeta, type DocumentOptions } from '../html/document.js';
import { remoteReferencesInTemplates } from '../html/remote.js';
import { renderDocumentHtml } from '../html/render.js';
import { templateSources, type Templates } from '../html/templates.js';
import { RemoteReferenceError } from './errors.js';
import { documentDate, finalizePdf } from './finalize.js';
import { printAtDesignSize } from './print-at-size.js';
import type { Printer } from './printer.js';
import type { PdfOptions } from './runbook.js';

export interface DocumentPdfOptions extends DocumentOptions, PdfOptions {}

export async function renderMarkdownDocumentPdf(markdown: string, meta: DocumentMeta, printer: Printer, templates: Templates, options: DocumentPdfOptions): Promise<Uint8Array> {
  const remote = remoteReferencesInTemplates(templates);
  if (remote.length) throw new RemoteReferenceError(remote);
  const { view, diagnostics } = documentViewModel(markdown, meta, options);
  // Refused before the browser sees anything: remote images, and images found nowhere.
  if (diagnostics.length) throw new RemoteReferenceError(diagnostics, `${options.source ?? `${meta.kind}.${meta.lang}.md`} cannot be printed offline`);

  const name = options.source?.replace(/\.md$/, '.pdf') ?? `${meta.kind}.${meta.lang}.pdf`;
  const date = documentDate(meta.versionDate, options.sourceDateEpoch);
  const doc = await printAtDesignSize(printer, { html: renderDocumentHtml(view, templates), paper: options.paper, name }, view.outline);
  const producer = `${view.meta.creator} (${printer.version}, pdf-lib)`;
  // Everything the bytes depend on: the view (the body included), the templates' text, the browser, the date.
  const idSource = JSON.stringify({ view, templates: templateSources(templates).map((t) => t.text), producer, date: date.toISOString() });
  return finalizePdf(doc, { ...view.meta, producer, date, outline: view.outline, idSource });
}
