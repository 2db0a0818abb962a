/** JSON Schemas for the frontmatter of content files, checked with the same machinery as profiles. */
import { DIMENSIONS, PHASES, PLACES, RISKS, ROLES, SCOPES, SHELLS } from './types.js';

const when = {
  type: 'object',
  'x-expected': 'a map from a dimension to a value or a list of values',
  'x-hint': 'for example `when: { um.placement: separate }`',
};

const id = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$',
  'x-expected': 'an id of lower-case letters, digits and hyphens',
};

export const stepFrontmatterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'phase', 'runsOn', 'scope', 'shell', 'minutes', 'changesState'],
  properties: {
    id,
    kind: { const: 'step' },
    phase: { enum: [...PHASES] },
    runsOn: { enum: [...ROLES] },
    scope: { enum: [...SCOPES] },
    shell: { enum: [...SHELLS] },
    when,
    minutes: { type: 'number', minimum: 0, maximum: 600, 'x-expected': 'an estimated duration in minutes (0 to 600)' },
    changesState: { type: 'boolean' },
    holdPoint: { type: 'boolean' },
    pointOfNoReturn: { type: 'boolean' },
    risk: { enum: [...RISKS] },
  },
} as const;

export const sectionFrontmatterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'place'],
  properties: { id, kind: { const: 'section' }, place: { enum: [...PLACES] }, when },
} as const;

export const procedureFrontmatterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'source'],
  properties: {
    id,
    kind: { const: 'procedure' },
    version: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', 'x-expected': 'a date YYYY-MM-DD' },
    source: { type: 'string', minLength: 1 },
  },
} as const;

export const DIMENSION_NAMES = Object.keys(DIMENSIONS);
