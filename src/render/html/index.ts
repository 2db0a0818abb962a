/** The printed documents' HTML: view models, templates' data, rendering, and the offline checks. */
export { DOCUMENT_KINDS, documentViewModel, type DocumentKind, type DocumentMeta, type DocumentOptions, type DocumentView } from './document.js';
export { PRINT_LABELS, type PrintLabels } from './labels.js';
export { DOCUMENT_IMAGE_RULE, DOCUMENT_REMOTE_RULE, markdownToHtml, type DocumentHeading, type MarkdownHtml, type MarkdownHtmlOptions } from './markdown.js';
export { checkRemoteReferences, remoteReferencesInContent, remoteReferencesInTemplates, urlsInMarkup, REMOTE_CONTENT_RULE, REMOTE_TEMPLATE_RULE, UNESCAPED_TEMPLATE_RULE } from './remote.js';
export { fontStylesheet, layoutsOf, renderDocumentHtml, renderRunbookHtml, TemplateError } from './render.js';
export { withStyle } from './style-tag.js';
export { inlineSvg } from './svg.js';
export { templateSources, type FontFile, type TemplateSource, type Templates } from './templates.js';
export { cssString, isRemoteUrl } from './url.js';
export { PAPERS, pdfViewModel, withPageNumbers, type OutlineNode, type Paper, type PdfExtras, type PdfMetadata, type PdfView } from './view.js';
