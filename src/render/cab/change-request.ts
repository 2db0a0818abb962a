/**
 * The change request of one profile, as data: the facts a change-advisory board approves, taken
 * from the resolved runbook (steps, servers, durations, risk, impact, rollback) and from the build
 * (artefacts and their SHA-256, the signer). This object is `change-request.json`, valid against
 * content/schema/change-request.schema.json; the Markdown is rendered from it. Pure.
 */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { LANGS, RISKS, ROLES, type BlockKind, type CodeRole, type Dimension, type Lang, type Phase, type Risk, type Role, type Scope, type Shell } from '../../model/types.js';
import { placeholderValues, serversFor, type ResolvedRunbook, type ResolvedStep } from '../../resolve/resolve.js';
import { TOOL } from '../../version.js';
import { fillNode } from '../markdown/prose.js';
import { CAB_LABELS, type SummaryFacts } from './labels.js';

export const CHANGE_REQUEST_SCHEMA_ID = 'https://runbook.invalid/schema/change-request.schema.json';
export const CHANGE_REQUEST_VERSION = 1;
/** The change request as data, in each profile's folder. */
export const CHANGE_REQUEST_FILE = 'change-request.json';

/** The same text in every language. */
export type Bilingual = Record<Lang, string>;

export interface CrCommand {
  role: CodeRole;
  lang: string;
  /** With the profile's values, escaped for its language: exactly what the operator runs. */
  value: string;
}

export interface CrRun {
  /** The step number in the operator's runbook and the scripts. */
  number: number;
  /** FQDN, or null on the admin workstation. */
  server: string | null;
  minutes: number;
  commands: CrCommand[];
}

export interface CrStep {
  id: string;
  phase: Phase;
  title: Bilingual;
  runsOn: Role;
  scope: Scope;
  shell: Shell;
  /** Per run. */
  minutes: number;
  /** As the content declares it. */
  risk: Risk;
  /** As the board reads it: the declared risk, high for a point of no return. */
  level: Risk;
  changesState: boolean;
  holdPoint: boolean;
  pointOfNoReturn: boolean;
  /** What users notice (`:::impact`), or null. */
  impact: Bilingual | null;
  /** Warnings of the step (`:::warning`), for the board's points of attention. */
  notes: Bilingual[];
  runs: CrRun[];
}

export interface CrBackoutStep {
  /** Order in the backout. */
  number: number;
  /** The step number it undoes. */
  undoes: number;
  id: string;
  title: Bilingual;
  role: Role;
  server: string | null;
  minutes: number;
  /** Undone by hand (a manual step): no rollback command. */
  manual: boolean;
  commands: CrCommand[];
}

export interface ChangeRequest {
  $schema: string;
  schemaVersion: typeof CHANGE_REQUEST_VERSION;
  generator: { name: string; version: string };
  change: { id: string; title: string; owner: string; window: { start: string; end: string; minutes: number } };
  profile: { id: string; title: string; file: string; sha256: string };
  procedure: { id: string; title: Bilingual; version: string; source: string; contentSha256: string };
  branches: { dimension: Dimension; value: string; chosenBy: string }[];
  /** What changes and why, for a board member. */
  summary: Bilingual;
  affectedSystems: { role: Role; servers: string[]; steps: string[]; changes: string[] }[];
  risk: { level: Risk; steps: string[] };
  prerequisites: CrStep[];
  implementation: CrStep[];
  verification: CrStep[];
  durations: {
    preflight: number;
    implementation: number;
    verification: number;
    /** preflight + implementation + verification. */
    total: number;
    rollback: number;
    /** total + rollback: what the window must hold. */
    needed: number;
    window: number;
    fits: boolean;
    /** window − needed (negative when it does not fit). */
    margin: number;
  };
  backout: { minutes: number; pointOfNoReturn: { number: number; id: string; title: Bilingual } | null; steps: CrBackoutStep[] };
  /** The profile's values the commands are filled with (no per-server value). */
  values: Record<string, string | number | string[]>;
  artefacts: { path: string; sha256: string }[];
  signer: { subject: string; thumbprint: string } | null;
}

export interface ChangeRequestExtras {
  /** The build's files the board approves (scripts, runbooks), relative to the profile folder. */
  artefacts: readonly { path: string; sha256: string }[];
  signer?: { subject: string; thumbprint: string };
  /** A window too short is an error instead of a warning. */
  strict: boolean;
}

export interface ChangeRequestResult {
  changeRequest: ChangeRequest;
  diagnostics: Diagnostic[];
}

const bilingual = (f: (lang: Lang) => string): Bilingual => Object.fromEntries(LANGS.map((l) => [l, f(l)])) as Bilingual;

function calloutText(step: ResolvedStep, lang: Lang, kind: BlockKind): string[] {
  return step.text[lang].body.flatMap((item) =>
    item.type === 'callout' && item.kind === kind ? [item.children.map((c) => toString(fillNode(c as RootContent, step.values))).join(' ').trim()] : [],
  );
}

function maxRisk(risks: readonly Risk[]): Risk {
  return risks.reduce<Risk>((max, r) => (RISKS.indexOf(r) > RISKS.indexOf(max) ? r : max), 'low');
}

function runsOf(runbook: ResolvedRunbook, phase: Phase): ResolvedStep[] {
  return runbook.phases.filter((p) => p.phase === phase).flatMap((p) => p.groups.flatMap((g) => g.steps));
}

function commands(run: ResolvedStep): CrCommand[] {
  return run.code.map((c) => ({ role: c.role, lang: c.lang, value: c.value }));
}

/** The runs of each step grouped under it, in the order of their first run. */
function steps(runs: readonly ResolvedStep[]): CrStep[] {
  const out = new Map<string, CrStep>();
  for (const run of runs) {
    const s = run.step;
    let entry = out.get(s.id);
    if (!entry) {
      const impact = bilingual((lang) => calloutText(run, lang, 'impact').join(' '));
      const warnings = LANGS.map((lang) => calloutText(run, lang, 'warning'));
      entry = {
        id: s.id,
        phase: s.phase,
        title: bilingual((lang) => run.text[lang].title),
        runsOn: s.runsOn,
        scope: s.scope,
        shell: s.shell,
        minutes: s.minutes,
        risk: s.risk,
        level: s.pointOfNoReturn ? 'high' : s.risk,
        changesState: s.changesState,
        holdPoint: s.holdPoint,
        pointOfNoReturn: s.pointOfNoReturn,
        impact: LANGS.some((l) => impact[l]) ? impact : null,
        notes: warnings[0]!.map((_, i) => bilingual((lang) => warnings[LANGS.indexOf(lang)]![i] ?? '')),
        runs: [],
      };
      out.set(s.id, entry);
    }
    entry.runs.push({ number: run.number, server: run.server ?? null, minutes: s.minutes, commands: commands(run) });
  }
  return [...out.values()];
}

function windowMinutes(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60000);
}

function sum(runs: readonly ResolvedStep[]): number {
  return runs.reduce((total, r) => total + r.step.minutes, 0);
}

export function changeRequest(runbook: ResolvedRunbook, extras: ChangeRequestExtras): ChangeRequestResult {
  const { procedure, profile } = runbook;
  const diagnostics: Diagnostic[] = [];
  const preflight = runsOf(runbook, 'preflight');
  const change = runsOf(runbook, 'change');
  const verify = runsOf(runbook, 'verify');
  const all = [...preflight, ...change, ...verify];

  const window = windowMinutes(profile.change.window.start, profile.change.window.end);
  const total = runbook.minutes.implementation;
  const rollback = runbook.minutes.rollback;
  const needed = total + rollback;
  if (needed > window) {
    diagnostics.push(
      diagnostic('cab/window-too-short', { file: profile.file, line: 1, column: 1 }, CAB_LABELS.en.windowTooShort(profile.change.id, needed, total, rollback, window), {
        hint: `widen \`change.window\` in ${profile.file} to at least ${needed} min, or split the change`,
        severity: extras.strict ? 'error' : 'warning',
      }),
    );
  }

  const implementation = steps(change);
  const levels = all.map((r) => (r.step.pointOfNoReturn ? 'high' : r.step.risk));
  const level = maxRisk(levels);
  const riskSteps = level === 'low' ? [] : [...new Set(all.filter((r) => (r.step.pointOfNoReturn ? 'high' : r.step.risk) === level).map((r) => r.step.id))];

  const affectedSystems: ChangeRequest['affectedSystems'] = [];
  for (const role of ROLES) {
    const here = all.filter((r) => r.role === role);
    if (here.length === 0) continue;
    affectedSystems.push({
      role,
      servers: serversFor(profile, role).filter((s): s is string => s !== undefined),
      steps: [...new Set(here.map((r) => r.step.id))],
      changes: [...new Set(here.filter((r) => r.step.changesState).map((r) => r.step.id))],
    });
  }

  const noReturn = change.find((r) => r.step.pointOfNoReturn);
  const values: ChangeRequest['values'] = {};
  for (const [name, value] of Object.entries(placeholderValues(profile))) {
    if (value === undefined || name.startsWith('server') || name.startsWith('profile.') || name.startsWith('change.')) continue;
    values[name] = Array.isArray(value) ? [...(value as readonly string[])] : (value as string | number);
  }

  const facts: SummaryFacts = {
    environment: profile.title,
    action: profile.branches['im.action'],
    version: profile.branches['exchange.version'],
    placement: profile.branches['um.placement'],
    // Only where a step depends on the policies (Exchange 2010 configures none).
    policies: all.some((r) => 'im.policyScope' in r.step.when || r.step.code.some((b) => 'im.policyScope' in b.when))
      ? Array.isArray(profile.im.mailboxPolicies)
        ? profile.im.mailboxPolicies
        : 'all'
      : null,
    pool: profile.skype.poolFqdn,
    exchangeServers: new Set([...profile.exchange.clientAccessServers, ...profile.exchange.mailboxServers]).size,
    clientAccessServers: profile.exchange.clientAccessServers.length,
    frontEndServers: profile.skype.frontEndServers.length,
    impactServers: new Set(change.filter((r) => LANGS.some((l) => calloutText(r, l, 'impact').length)).map((r) => r.server ?? '')).size,
    publishesTopology: change.some((r) => r.code.some((c) => c.role === 'apply' && /\bEnable-CsTopology\b/.test(c.value))),
  };

  const changeRequest: ChangeRequest = {
    $schema: CHANGE_REQUEST_SCHEMA_ID,
    schemaVersion: CHANGE_REQUEST_VERSION,
    generator: { name: TOOL.name, version: TOOL.version },
    change: { id: profile.change.id, title: profile.change.title, owner: profile.change.owner, window: { ...profile.change.window, minutes: window } },
    profile: { id: profile.id, title: profile.title, file: profile.file, sha256: profile.hash },
    procedure: { id: procedure.id, title: bilingual((l) => procedure.text[l].title), version: procedure.version, source: procedure.source, contentSha256: procedure.contentHash },
    branches: runbook.branches.map((b) => ({ dimension: b.dimension, value: b.value, chosenBy: `${b.origin.file}:${b.origin.line}:${b.origin.column}` })),
    summary: bilingual((l) => CAB_LABELS[l].summary(facts)),
    affectedSystems,
    risk: { level, steps: riskSteps },
    prerequisites: steps(preflight),
    implementation,
    verification: steps(verify),
    durations: {
      preflight: sum(preflight),
      implementation: sum(change),
      verification: sum(verify),
      total,
      rollback,
      needed,
      window,
      fits: needed <= window,
      margin: window - needed,
    },
    backout: {
      minutes: rollback,
      pointOfNoReturn: noReturn ? { number: noReturn.number, id: noReturn.step.id, title: bilingual((l) => noReturn.text[l].title) } : null,
      steps: runbook.rollback.map((run, i) => {
        const code = run.code.filter((c) => c.role === 'rollback').map((c) => ({ role: c.role, lang: c.lang, value: c.value }));
        return {
          number: i + 1,
          undoes: run.number,
          id: run.step.id,
          title: bilingual((l) => run.text[l].title),
          role: run.role,
          server: run.server ?? null,
          minutes: run.step.minutes,
          manual: code.length === 0,
          commands: code,
        };
      }),
    },
    values,
    artefacts: [...extras.artefacts].map((a) => ({ path: a.path, sha256: a.sha256.toLowerCase() })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    signer: extras.signer ? { subject: extras.signer.subject, thumbprint: extras.signer.thumbprint.toUpperCase() } : null,
  };
  return { changeRequest, diagnostics };
}

/** `change-request.json`: two-space indented, with a final newline. */
export function formatChangeRequest(cr: ChangeRequest): string {
  return `${JSON.stringify(cr, null, 2)}\n`;
}
