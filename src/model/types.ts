/**
 * The typed model of a procedure, as parsed from `content/`. Every node keeps the file and
 * position it came from so that diagnostics and rendered metadata can point back at it.
 */
import type { RootContent } from 'mdast';

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface Position {
  file: string;
  line: number;
  column: number;
}

/** The dimensions a profile chooses, and the values each may take. */
export const DIMENSIONS = {
  'exchange.version': ['2016', '2013', '2010'],
  'um.placement': ['colocated', 'separate'],
  'im.action': ['enable', 'disable'],
  'im.policyScope': ['all', 'named'],
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export type DimensionValue<D extends Dimension = Dimension> = (typeof DIMENSIONS)[D][number];
/** One value per dimension: the branches a profile takes. */
export type Branches = { [D in Dimension]: DimensionValue<D> };
/** A condition: for each named dimension, the values it accepts. A dimension not named accepts any. */
export type Condition = Partial<{ [D in Dimension]: readonly DimensionValue<D>[] }>;

export const ROLES = ['skype-frontend', 'exchange-client-access', 'exchange-mailbox', 'admin-workstation'] as const;
export type Role = (typeof ROLES)[number];
export const SHELLS = ['skype', 'exchange', 'powershell', 'manual'] as const;
export type Shell = (typeof SHELLS)[number];
export const PHASES = ['preflight', 'change', 'verify'] as const;
export type Phase = (typeof PHASES)[number];
export const SCOPES = ['once', 'each'] as const;
export type Scope = (typeof SCOPES)[number];
export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const CODE_ROLES = ['check', 'apply', 'verify', 'rollback', 'expected', 'show'] as const;
export type CodeRole = (typeof CODE_ROLES)[number];

export interface CodeBlock {
  role: CodeRole;
  /** The fenced block's language: powershell, text, xml… */
  lang: string;
  value: string;
  when: Condition;
  position: Position;
}

export const BLOCK_KINDS = ['note', 'warning', 'unconfirmed', 'impact', 'check', 'verify', 'rollback', 'expected'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** Prose of one language: mdast nodes, possibly containing `{{placeholders}}` in text. */
export type Prose = RootContent[];

/** A callout (`:::note` and friends) inside the prose of one language. */
export interface Callout {
  kind: BlockKind;
  when: Condition;
  children: Prose;
  position: Position;
}

/** One prose item: either plain mdast content or a callout. */
export type ProseItem = { type: 'content'; node: RootContent; when: Condition } | ({ type: 'callout' } & Callout);

export interface Text {
  title: string;
  body: ProseItem[];
  position: Position;
}

export interface Step {
  kind: 'step';
  id: string;
  /** Order from the file name (NNN-). */
  order: number;
  phase: Phase;
  runsOn: Role;
  scope: Scope;
  shell: Shell;
  when: Condition;
  minutes: number;
  changesState: boolean;
  holdPoint: boolean;
  pointOfNoReturn: boolean;
  risk: Risk;
  text: Record<Lang, Text>;
  code: CodeBlock[];
  position: Position;
}

export const PLACES = ['before', 'after'] as const;
export type Place = (typeof PLACES)[number];

export interface Section {
  kind: 'section';
  id: string;
  order: number;
  place: Place;
  when: Condition;
  text: Record<Lang, Text>;
  code: CodeBlock[];
  position: Position;
}

export interface Procedure {
  id: string;
  /** The content's version date (YYYY-MM-DD). */
  version: string;
  source: string;
  text: Record<Lang, Text>;
  sections: Section[];
  steps: Step[];
  /** sha256 over every content file's name inside the content folder and text, in name order. */
  contentHash: string;
}
