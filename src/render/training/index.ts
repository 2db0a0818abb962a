export { trainingEdition, branchGroups } from './view.js';
export type { BranchGroup, CalloutPair, DimensionView, StepView, TrainingView, ValueView, WhyItem } from './view.js';
export { renderTrainingMarkdown, rich } from './markdown.js';
export type { TrainingRenderOptions } from './markdown.js';
export { TRAINING_LABELS } from './labels.js';
export type { TrainingLabels } from './labels.js';
