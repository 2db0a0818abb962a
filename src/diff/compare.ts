/**
 * What changed between two builds, per profile: the change record, branches, steps added,
 * removed or changed (title, commands, durations, risk, servers), the profile's values, and the
 * files' SHA-256 (SHA256SUMS, and the artefacts of change-request.json). Input and output are
 * plain data (the output is what `runbook diff --json` prints). Pure.
 */
import type { Bilingual, ChangeRequest, CrCommand, CrStep } from '../render/cab/change-request.js';
import type { SumEntry } from '../verify/sha256sums.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One profile folder of a build, as read. */
export interface ProfileBuild {
  id: string;
  changeRequest?: ChangeRequest;
  sums?: SumEntry[];
  /** What could not be read (a file that does not parse or does not match its schema). */
  problems: string[];
}

export interface BuildSnapshot {
  /** The folder as the user named it. */
  dir: string;
  profiles: ProfileBuild[];
  problems: string[];
}

export interface FieldChange {
  field: string;
  old: Json;
  new: Json;
}

export interface StepRef {
  id: string;
  phase: CrStep['phase'];
  title: Bilingual;
  servers: (string | null)[];
}

export interface CommandChange {
  server: string | null;
  role: CrCommand['role'];
  /** null: the command did not exist on that side. */
  old: string | null;
  new: string | null;
}

export interface StepChange extends StepRef {
  fields: FieldChange[];
  commands: CommandChange[];
}

export interface FileChange {
  path: string;
  old: string | null;
  new: string | null;
  /** A PowerShell script: what runs on the servers. */
  script: boolean;
}

export type ProfileStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ProfileDiff {
  id: string;
  status: ProfileStatus;
  /** Change record, risk, durations, procedure version, signer. */
  change: FieldChange[];
  branches: FieldChange[];
  steps: { added: StepRef[]; removed: StepRef[]; changed: StepChange[] };
  values: FieldChange[];
  files: FileChange[];
  problems: string[];
}

export interface BuildDiff {
  old: string;
  new: string;
  /** True when any profile differs. */
  changed: boolean;
  profiles: ProfileDiff[];
  problems: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function field(out: FieldChange[], name: string, a: unknown, b: unknown): void {
  if (!same(a, b)) out.push({ field: name, old: (a ?? null) as Json, new: (b ?? null) as Json });
}

function allSteps(cr: ChangeRequest | undefined): CrStep[] {
  return cr ? [...cr.prerequisites, ...cr.implementation, ...cr.verification] : [];
}

function ref(step: CrStep): StepRef {
  return { id: step.id, phase: step.phase, title: step.title, servers: step.runs.map((r) => r.server) };
}

/** Commands keyed by server, role and rank among the same role. */
function commandMap(step: CrStep): Map<string, { server: string | null; role: CrCommand['role']; value: string }> {
  const out = new Map<string, { server: string | null; role: CrCommand['role']; value: string }>();
  for (const run of step.runs) {
    const rank = new Map<string, number>();
    for (const c of run.commands) {
      const n = rank.get(c.role) ?? 0;
      rank.set(c.role, n + 1);
      out.set(`${run.server ?? ''}\u0000${c.role}\u0000${n}`, { server: run.server, role: c.role, value: c.value });
    }
  }
  return out;
}

function compareStep(a: CrStep, b: CrStep): StepChange | undefined {
  const fields: FieldChange[] = [];
  for (const lang of Object.keys(b.title) as (keyof Bilingual)[]) field(fields, `title.${lang}`, a.title[lang], b.title[lang]);
  for (const key of ['phase', 'runsOn', 'scope', 'shell', 'minutes', 'risk', 'level', 'changesState', 'holdPoint', 'pointOfNoReturn'] as const) field(fields, key, a[key], b[key]);
  field(fields, 'servers', a.runs.map((r) => r.server), b.runs.map((r) => r.server));
  field(fields, 'impact', a.impact, b.impact);
  const before = commandMap(a);
  const after = commandMap(b);
  const commands: CommandChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(key);
    const y = after.get(key);
    if (x?.value === y?.value) continue;
    commands.push({ server: (y ?? x)!.server, role: (y ?? x)!.role, old: x?.value ?? null, new: y?.value ?? null });
  }
  return fields.length || commands.length ? { ...ref(b), fields, commands } : undefined;
}

/** Files from SHA256SUMS, completed by the change request's artefacts (SHA256SUMS wins). */
function files(p: ProfileBuild | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of p?.changeRequest?.artefacts ?? []) out.set(a.path, a.sha256);
  for (const e of p?.sums ?? []) out.set(e.path, e.sha256);
  return out;
}

export function compareProfile(id: string, a: ProfileBuild | undefined, b: ProfileBuild | undefined): ProfileDiff {
  const x = a?.changeRequest;
  const y = b?.changeRequest;
  const change: FieldChange[] = [];
  if (x && y) {
    field(change, 'change.id', x.change.id, y.change.id);
    field(change, 'change.title', x.change.title, y.change.title);
    field(change, 'change.owner', x.change.owner, y.change.owner);
    field(change, 'change.window', `${x.change.window.start} → ${x.change.window.end}`, `${y.change.window.start} → ${y.change.window.end}`);
    field(change, 'risk.level', x.risk.level, y.risk.level);
    field(change, 'durations.total', x.durations.total, y.durations.total);
    field(change, 'durations.rollback', x.durations.rollback, y.durations.rollback);
    field(change, 'durations.fits', x.durations.fits, y.durations.fits);
    field(change, 'backout.pointOfNoReturn', x.backout.pointOfNoReturn?.id ?? null, y.backout.pointOfNoReturn?.id ?? null);
    field(change, 'procedure.version', x.procedure.version, y.procedure.version);
    field(change, 'procedure.contentSha256', x.procedure.contentSha256, y.procedure.contentSha256);
    field(change, 'profile.sha256', x.profile.sha256, y.profile.sha256);
    field(change, 'signer.subject', x.signer?.subject ?? null, y.signer?.subject ?? null);
    field(change, 'signer.thumbprint', x.signer?.thumbprint ?? null, y.signer?.thumbprint ?? null);
  }
  const branches: FieldChange[] = [];
  if (x && y) {
    const old = new Map(x.branches.map((br) => [br.dimension, br.value]));
    const now = new Map(y.branches.map((br) => [br.dimension, br.value]));
    for (const d of new Set([...old.keys(), ...now.keys()])) field(branches, d, old.get(d), now.get(d));
  }

  const before = new Map(allSteps(x).map((s) => [s.id, s]));
  const after = new Map(allSteps(y).map((s) => [s.id, s]));
  const steps: ProfileDiff['steps'] = { added: [], removed: [], changed: [] };
  if (x && y) {
    for (const [sid, s] of after) if (!before.has(sid)) steps.added.push(ref(s));
    for (const [sid, s] of before) if (!after.has(sid)) steps.removed.push(ref(s));
    for (const [sid, s] of after) {
      const old = before.get(sid);
      const changed = old && compareStep(old, s);
      if (changed) steps.changed.push(changed);
    }
  }

  const values: FieldChange[] = [];
  if (x && y) for (const name of [...new Set([...Object.keys(x.values), ...Object.keys(y.values)])].sort()) field(values, name, x.values[name], y.values[name]);

  const fa = files(a);
  const fb = files(b);
  const fileChanges: FileChange[] = [...new Set([...fa.keys(), ...fb.keys()])]
    .sort()
    .filter((path) => fa.get(path) !== fb.get(path))
    .map((path) => ({ path, old: fa.get(path) ?? null, new: fb.get(path) ?? null, script: /\.ps1$/i.test(path) }))
    .sort((m, n) => Number(n.script) - Number(m.script) || (m.path < n.path ? -1 : 1));

  const problems = [...(a?.problems ?? []).map((p) => `old: ${p}`), ...(b?.problems ?? []).map((p) => `new: ${p}`)];
  const differs = change.length + branches.length + steps.added.length + steps.removed.length + steps.changed.length + values.length + fileChanges.length > 0;
  const status: ProfileStatus = !a ? 'added' : !b ? 'removed' : differs ? 'changed' : 'unchanged';
  return { id, status, change, branches, steps, values, files: fileChanges, problems };
}

export function compareBuilds(a: BuildSnapshot, b: BuildSnapshot): BuildDiff {
  const ids = [...new Set([...a.profiles.map((p) => p.id), ...b.profiles.map((p) => p.id)])].sort();
  const profiles = ids.map((id) =>
    compareProfile(
      id,
      a.profiles.find((p) => p.id === id),
      b.profiles.find((p) => p.id === id),
    ),
  );
  return {
    old: a.dir,
    new: b.dir,
    changed: profiles.some((p) => p.status !== 'unchanged'),
    profiles,
    problems: [...a.problems.map((p) => `old: ${p}`), ...b.problems.map((p) => `new: ${p}`)],
  };
}

/** Lines of `b` against `a`: ' ' kept, '-' only in a, '+' only in b (longest common subsequence). */
export function lineDiff(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      out.push(`  ${x[i]}`);
      i++;
      j++;
    } else if (i < x.length && (j >= y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${x[i++]}`);
    else out.push(`+ ${y[j++]}`);
  }
  return out;
}
