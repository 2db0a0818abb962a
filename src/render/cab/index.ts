export { changeRequest, formatChangeRequest, CHANGE_REQUEST_FILE, CHANGE_REQUEST_SCHEMA_ID, CHANGE_REQUEST_VERSION } from './change-request.js';
export type { Bilingual, ChangeRequest, ChangeRequestExtras, ChangeRequestResult, CrBackoutStep, CrCommand, CrRun, CrStep } from './change-request.js';
export { renderChangeRequestMarkdown } from './markdown.js';
export { CAB_LABELS } from './labels.js';
export type { CabLabels, SummaryFacts } from './labels.js';
