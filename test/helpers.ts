import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, mkdir, readdir, readFile, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.js';
import type { Io } from '../src/cli/io.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { PROFILE_SCHEMA, readContent, readProfiles } from '../src/load/files.js';
import { parseProfile } from '../src/load/profile.js';
import { compileSchema } from '../src/load/yaml.js';
import { parseContent } from '../src/model/parse-content.js';
import { browserCandidates, isHeadlessShell } from '../src/print/index.js';
import type { Profile } from '../src/model/profile.js';
import type { Procedure } from '../src/model/types.js';
import { withStyle } from '../src/render/html/style-tag.js';
import type { Printer } from '../src/render/pdf/printer.js';
import type { ValidateFunction } from 'ajv';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CONTENT = join(ROOT, 'content');
export const FIXTURE_CONTENT = join(ROOT, 'test', 'fixtures', 'content');

/** A printer that adds `css` to every document it prints or lays out again: to break a layout on purpose. */
export function withCss(printer: Printer, css: string): Printer {
  const styled = <J extends { html: string }>(job: J): J => ({ ...job, html: withStyle(job.html, css) });
  const { widerThanPage } = printer;
  return { ...printer, print: (job) => printer.print(styled(job)), ...(widerThanPage ? { widerThanPage: (job) => widerThanPage(styled(job)) } : {}) };
}

/** Temporary folders made by this test file, removed when it ends (kept with RUNBOOK_KEEP_TEST_DIRS=1, to look at). */
const made = new Set<string>();
process.on('exit', () => {
  if (process.env.RUNBOOK_KEEP_TEST_DIRS === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export async function tempDir(prefix = 'runbook-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Writes `files` (relative path → text) under a new temporary folder and returns it. */
export async function tempTree(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** A copy of a content folder, to break on purpose. */
export async function copyContent(from = FIXTURE_CONTENT): Promise<string> {
  const dir = await tempDir('runbook-content-');
  await cp(from, dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
export async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  }
  return out.sort();
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in process, as `runbook <argv>` in `cwd`, with only the environment variables given. */
export async function run(argv: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, env, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export const GOOD_PROFILE = `id: t-prod
title: Test production
exchange:
  version: 2013
  clientAccessServers: [t-cas-01.example.com]
  mailboxServers: [t-mbx-01.example.com]
  certificateThumbprint: EA5A332496CC05DA69B75B66111C0F78A110D22D
um:
  placement: separate
skype:
  poolFqdn: t-cs-001.example.com
  siteId: Redmond
  frontEndServers: [t-fe-001.example.com]
owa:
  trustedApplicationPoolFqdn: t-owa-001.example.com
  applicationId: OutlookWebApp
  port: 5199
im:
  action: enable
  mailboxPolicies: all
change:
  id: CHG1
  title: Enable IM
  owner: Team
  window: { start: 2026-12-05T22:00:00+01:00, end: 2026-12-06T02:00:00+01:00 }
`;

/** GOOD_PROFILE with its branches set, for tests that cover every combination. */
export function combinationText(version: number, placement: string, action: string, policies: 'all' | 'named'): string {
  return GOOD_PROFILE.replace('version: 2013', `version: ${version}`)
    .replace('placement: separate', `placement: ${placement}`)
    .replace('action: enable', `action: ${action}`)
    .replace('mailboxPolicies: all', policies === 'all' ? 'mailboxPolicies: all' : "mailboxPolicies: [Default, \"O'Brien team\"]");
}

/** The bundled procedure and example profiles, parsed and checked (no error allowed). */
export async function loadExamples(): Promise<{ procedure: Procedure; examples: Map<string, Profile>; validateProfile: ValidateFunction }> {
  const parsed = parseContent(await readContent(CONTENT, ROOT));
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !parsed.procedure) throw new Error(`the bundled content has errors: ${JSON.stringify(errors)}`);
  const validateProfile = compileSchema(JSON.parse(await readFile(PROFILE_SCHEMA, 'utf8')));
  const diagnostics: Diagnostic[] = [];
  const examples = new Map<string, Profile>();
  for (const f of await readProfiles([join(CONTENT, 'profiles')], ROOT)) {
    const p = parseProfile(f, validateProfile, diagnostics);
    if (p) examples.set(p.id, p);
  }
  if (diagnostics.length > 0) throw new Error(`the example profiles have problems: ${JSON.stringify(diagnostics)}`);
  return { procedure: parsed.procedure, examples, validateProfile };
}

/** The shape of a label table (keys, and each function's arity): French and English must match. */
export function labelShape(v: unknown): unknown {
  return typeof v === 'function' ? `fn/${v.length}` : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, labelShape(x)])) : typeof v;
}

/** Every string of a label table. */
export function labelStrings(v: unknown): string[] {
  return typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(labelStrings) : [];
}

/**
 * The installed browsers of each kind, first in the search order: the headless shell and a
 * desktop Chromium, Chrome or Edge (the README's test line installs both on Debian).
 */
export function installedBrowsers(): { shell?: string; desktop?: string } {
  const installed = browserCandidates(process.env, process.platform).filter((p) => existsSync(p));
  return { shell: installed.find((p) => isHeadlessShell(p)), desktop: installed.find((p) => !isHeadlessShell(p)) };
}
