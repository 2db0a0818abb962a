/** The printed runbook's PDF (one print through a Printer when the page numbers are known, else a draft first), the printed change request and training edition (one print), then deterministic metadata with pdf-lib. */
export { renderMarkdownDocumentPdf, type DocumentPdfOptions } from './document.js';
export { documentDate, finalizePdf, type FinalMetadata } from './finalize.js';
export type { Printer, PrintJob, RequestRecord, WideLine } from './printer.js';
export { namedDestinations, readDestinations, readOutline, type OutlineItem } from './read.js';
export { MissingDestinationError, PdfLayoutError, RemoteReferenceError } from './errors.js';
export { draftHtml, renderRunbookPdf, type LayoutMemo, type PdfOptions } from './runbook.js';
