/**
 * Model × profile → the runbook of one environment: only the steps, prose and code of the
 * branches this profile takes, grouped by the server they run on, with values filled in.
 * Pure: no files, no clock.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { matches } from '../model/condition.js';
import type { Profile } from '../model/profile.js';
import { findPlaceholders } from '../model/placeholders.js';
import {
  DIMENSIONS,
  LANGS,
  PHASES,
  ROLES,
  type CodeRole,
  type Dimension,
  type Lang,
  type Phase,
  type Position,
  type Procedure,
  type ProseItem,
  type Role,
  type Section,
  type Step,
} from '../model/types.js';
import { fillCode, MissingValueError, type Values } from './fill.js';

export interface ResolvedCode {
  role: CodeRole;
  lang: string;
  /** The command with the profile's values, escaped for its language. */
  value: string;
}

export interface ResolvedText {
  title: string;
  body: ProseItem[];
}

export interface ResolvedStep {
  step: Step;
  /** 1-based, in run order across the runbook. */
  number: number;
  role: Role;
  /** FQDN, or undefined for the admin workstation. */
  server: string | undefined;
  code: ResolvedCode[];
  text: Record<Lang, ResolvedText>;
  /** Placeholder values for this step's prose. */
  values: Values;
}

export interface ServerGroup {
  role: Role;
  server: string | undefined;
  steps: ResolvedStep[];
}

export interface ResolvedSection {
  section: Section;
  code: ResolvedCode[];
  text: Record<Lang, ResolvedText>;
  values: Values;
}

export interface BranchChoice {
  dimension: Dimension;
  value: string;
  origin: Position;
}

export interface ResolvedRunbook {
  procedure: Procedure;
  profile: Profile;
  branches: BranchChoice[];
  before: ResolvedSection[];
  after: ResolvedSection[];
  phases: { phase: Phase; groups: ServerGroup[] }[];
  /** Steps that change state, last first. */
  rollback: ResolvedStep[];
  /** Estimated minutes: implementation (every step instance) and rollback. */
  minutes: { implementation: number; rollback: number };
}

export function serversFor(profile: Profile, role: Role): (string | undefined)[] {
  switch (role) {
    case 'skype-frontend':
      return profile.skype.frontEndServers;
    case 'exchange-client-access':
      return profile.exchange.clientAccessServers;
    case 'exchange-mailbox':
      return profile.exchange.mailboxServers;
    case 'admin-workstation':
      return [undefined];
  }
}

export function defaultInstallPath(version: number): string {
  return `C:\\Program Files\\Microsoft\\Exchange Server\\${version === 2010 ? 'V14' : 'V15'}`;
}

/** Every placeholder's value for this profile (and server, when a step runs on one). */
export function placeholderValues(profile: Profile, server?: string): Values {
  const values: Record<string, Values[string]> = {
    'exchange.version': profile.exchange.version,
    'exchange.certificateThumbprint': profile.exchange.certificateThumbprint,
    'exchange.installPath': profile.exchange.installPath ?? defaultInstallPath(profile.exchange.version),
    'exchange.clientAccessServers': profile.exchange.clientAccessServers,
    'exchange.mailboxServers': profile.exchange.mailboxServers,
    'skype.poolFqdn': profile.skype.poolFqdn,
    'skype.siteId': profile.skype.siteId,
    'skype.frontEndServers': profile.skype.frontEndServers,
    'owa.trustedApplicationPoolFqdn': profile.owa?.trustedApplicationPoolFqdn,
    'owa.applicationId': profile.owa?.applicationId,
    'owa.port': profile.owa?.port,
    'im.mailboxPolicies': Array.isArray(profile.im.mailboxPolicies) ? profile.im.mailboxPolicies : undefined,
    server,
    'server.name': server?.split('.')[0],
    'profile.id': profile.id,
    'profile.title': profile.title,
    'change.id': profile.change.id,
    'change.title': profile.change.title,
    'change.owner': profile.change.owner,
  };
  return values;
}

function filterProse(body: readonly ProseItem[], branches: Profile['branches']): ProseItem[] {
  return body.filter((item) => matches(item.when, branches));
}

function resolveText(text: Step['text'], branches: Profile['branches']): Record<Lang, ResolvedText> {
  const out = {} as Record<Lang, ResolvedText>;
  for (const lang of LANGS) out[lang] = { title: text[lang].title, body: filterProse(text[lang].body, branches) };
  return out;
}

export interface Resolution {
  runbook: ResolvedRunbook | undefined;
  diagnostics: Diagnostic[];
}

export function resolve(procedure: Procedure, profile: Profile): Resolution {
  const diagnostics: Diagnostic[] = [];
  const branches = profile.branches;

  const fill = (owner: Step | Section, code: Step['code'], values: Values): ResolvedCode[] => {
    const out: ResolvedCode[] = [];
    for (const block of code) {
      if (!matches(block.when, branches)) continue;
      try {
        out.push({ role: block.role, lang: block.lang, value: fillCode(block.value, block.lang, values) });
      } catch (error) {
        if (!(error instanceof MissingValueError)) throw error;
        diagnostics.push(missingValue(owner, error.placeholder, profile, block.position));
      }
    }
    return out;
  };
  const checkProseValues = (owner: Step | Section, text: Record<Lang, ResolvedText>, values: Values) => {
    for (const lang of LANGS) {
      const names = new Set(text[lang].body.flatMap((item) => prosePlaceholders(item)));
      for (const name of names) if (values[name] === undefined) diagnostics.push(missingValue(owner, name, profile, owner.position));
    }
  };

  const section = (s: Section): ResolvedSection => {
    const values = placeholderValues(profile);
    const text = resolveText(s.text, branches);
    checkProseValues(s, text, values);
    return { section: s, code: fill(s, s.code, values), text, values };
  };
  const sections = procedure.sections.filter((s) => matches(s.when, branches));

  let number = 0;
  const phases: ResolvedRunbook['phases'] = [];
  for (const phase of PHASES) {
    const groups: ServerGroup[] = [];
    const applicable = procedure.steps.filter((s) => s.phase === phase && matches(s.when, branches));
    // Roles come in the order of their first step: the content's numbering decides what runs first.
    const roles = [...ROLES].sort((a, b) => firstOrder(applicable, a) - firstOrder(applicable, b));
    for (const role of roles) {
      const steps = applicable.filter((s) => s.runsOn === role);
      if (steps.length === 0) continue;
      serversFor(profile, role).forEach((server, index) => {
        const here = steps.filter((s) => s.scope === 'each' || index === 0);
        if (here.length === 0) return;
        groups.push({
          role,
          server,
          steps: here.map((step) => {
            const values = placeholderValues(profile, server);
            const text = resolveText(step.text, branches);
            checkProseValues(step, text, values);
            return { step, number: ++number, role, server, code: fill(step, step.code, values), text, values };
          }),
        });
      });
    }
    if (groups.length) phases.push({ phase, groups });
  }

  const all = phases.flatMap((p) => p.groups.flatMap((g) => g.steps));
  const rollback = all.filter((s) => s.step.changesState).reverse();
  const runbook: ResolvedRunbook = {
    procedure,
    profile,
    branches: (Object.keys(DIMENSIONS) as Dimension[]).map((dimension) => ({ dimension, value: branches[dimension], origin: profile.origins[dimension] })),
    before: sections.filter((s) => s.place === 'before').map(section),
    after: sections.filter((s) => s.place === 'after').map(section),
    phases,
    rollback,
    minutes: {
      implementation: all.reduce((sum, s) => sum + s.step.minutes, 0),
      rollback: rollback.reduce((sum, s) => sum + s.step.minutes, 0),
    },
  };
  return { runbook: diagnostics.length ? undefined : runbook, diagnostics };
}

/** prosePlaceholders of each item, found once (the model does not change). */
const itemPlaceholders = new WeakMap<ProseItem, string[]>();

/** The names of the placeholders a prose item of the model uses (in its text and inline code), in order. */
export function prosePlaceholders(item: ProseItem): readonly string[] {
  let names = itemPlaceholders.get(item);
  if (!names) {
    const found: string[] = [];
    const collect = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string; value?: unknown; children?: unknown[] };
      if ((n.type === 'text' || n.type === 'inlineCode') && typeof n.value === 'string') for (const use of findPlaceholders(n.value)) found.push(use.name);
      n.children?.forEach(collect);
    };
    item.type === 'content' ? collect(item.node) : item.children.forEach(collect);
    itemPlaceholders.set(item, (names = found));
  }
  return names;
}

function firstOrder(steps: readonly Step[], role: Role): number {
  return steps.find((s) => s.runsOn === role)?.order ?? Infinity;
}

function missingValue(owner: Step | Section, name: string, profile: Profile, at: Position): Diagnostic {
  return diagnostic('profile/missing-value', { file: profile.file, line: 1, column: 1 }, `${owner.kind === 'step' ? 'Step' : 'Section'} \`${owner.id}\` needs \`{{${name}}}\`, which profile \`${profile.id}\` does not give.`, {
    hint: `add \`${name}\` to the profile, or check the step's \`when\` conditions`,
    related: at,
  });
}
