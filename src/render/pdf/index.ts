/** The printed runbook's PDF (two prints through a Printer), the printed change request and training edition (one print), then deterministic metadata with pdf-lib. */
export { renderMarkdownDocumentPdf, type DocumentPdfOptions } from './document.js';
export { documentDate, finalizePdf, MissingDestinationError, type FinalMetadata } from './finalize.js';
export type { Printer, PrintJob, RequestRecord } from './printer.js';
export { namedDestinations, readDestinations, readOutline, type OutlineItem } from './read.js';
export { PdfLayoutError, RemoteReferenceError, renderRunbookPdf, type PdfOptions } from './runbook.js';
