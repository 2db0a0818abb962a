export { combinations, decisionGraph, decisionOrder, pathOf, stepsFor, DIMENSION_LIST } from './graph.js';
export type { Choice, DecisionGraph, End, GraphNode, PathStep, Question } from './graph.js';
export { decisionDiagram, renderDiagram } from './svg.js';
export type { DiagramOptions } from './svg.js';
export { DIAGRAM_LABELS, PROFILE_KEYS } from './labels.js';
export type { DiagramLabels } from './labels.js';
