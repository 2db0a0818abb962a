/** The printed runbook's PDF: two prints through a Printer, then deterministic metadata with pdf-lib. */
export { documentDate, finalizePdf, MissingDestinationError, type FinalMetadata } from './finalize.js';
export type { Printer, PrintJob, RequestRecord } from './printer.js';
export { namedDestinations, readDestinations, readOutline, type OutlineItem } from './read.js';
export { PdfLayoutError, RemoteReferenceError, renderRunbookPdf, type PdfOptions } from './runbook.js';
