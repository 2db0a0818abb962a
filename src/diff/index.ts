export { compareBuilds, compareProfile, lineDiff } from './compare.js';
export type { BuildDiff, BuildSnapshot, CommandChange, FieldChange, FileChange, Json, ProfileBuild, ProfileDiff, ProfileStatus, StepChange, StepRef } from './compare.js';
export { diffBuilds, readBuild, readChangeRequestSchema, CHANGE_REQUEST_SCHEMA } from './read.js';
export { renderDiffMarkdown } from './markdown.js';
export { DIFF_LABELS } from './labels.js';
export type { DiffLabels } from './labels.js';
