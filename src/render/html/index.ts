/** The printed runbook's HTML: view model, templates' data, rendering, and the offline check. */
export { PRINT_LABELS, type PrintLabels } from './labels.js';
export { checkRemoteReferences, remoteReferencesInContent, remoteReferencesInTemplates, urlsInMarkup, REMOTE_CONTENT_RULE, REMOTE_TEMPLATE_RULE, UNESCAPED_TEMPLATE_RULE } from './remote.js';
export { fontStylesheet, renderRunbookHtml, TemplateError } from './render.js';
export type { FontFile, TemplateSource, Templates } from './templates.js';
export { cssString, isRemoteUrl } from './url.js';
export { PAPERS, pdfViewModel, withPageNumbers, type OutlineNode, type Paper, type PdfExtras, type PdfMetadata, type PdfView } from './view.js';
