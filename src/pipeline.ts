/**
 * The pipeline, top to bottom: load → parse and validate → resolve → render → sign → write.
 * Every stage collects diagnostics; content errors stop everything, a profile's errors stop
 * that profile.
 */
import { resolve as resolvePath } from 'node:path';
import { buildInfo, BUILD_INFO_FILE, formatBuildInfo, inputsHash, type BuildInputs, type ProfileLabel } from './build/build-info.js';
import { mapWithConcurrency } from './build/concurrency.js';
import { checksums, hashed, summary, type Hashed, type ProfileFile } from './build/outputs.js';
import type { PdfBackend } from './build/pdf-backend.js';
import { isUpToDate, previousBuilds, type PreviousBuild } from './build/up-to-date.js';
import { failureDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { readInputs, type InputFiles } from './load/files.js';
import type { LoadedSigner, SignerIdentity } from './load/signer.js';
import type { SignerProbe } from './load/signer-probe.js';
import { contentHashOf } from './model/content-hash.js';
import type { Profile } from './model/profile.js';
import { DIMENSIONS, type Branches, type Lang } from './model/types.js';
import { TOOL } from './version.js';
import { sha256Hex, SUMS_FILE } from './verify/sha256sums.js';
import type { OutputFile } from './write/atomic.js';
import { cleanStaging, removeEmptyStaging, stageFolder } from './write/staging.js';

/**
 * The stages that parse and render, loaded when a build needs them: a rebuild with nothing
 * changed decides so from hashes and never loads them.
 */
const stages = {
  load: async (options: LoadOptions, read?: InputFiles) => (await import('./load/load.js')).load(options, read),
  renderProfile: async () => (await import('./build/render-profile.js')).renderProfile,
};

export const FORMATS = ['md', 'ps1', 'pdf', 'cab'] as const;
/** Formats built when none is asked for: all of them. */
export const DEFAULT_FORMATS: readonly Format[] = FORMATS;
export type Format = (typeof FORMATS)[number];

/** Profiles in flight when nothing is printed: their writes overlap the next one's rendering. */
const UNPRINTED_PROFILES_IN_FLIGHT = 8;

export interface LoadOptions {
  cwd: string;
  /** Content folder; defaults to the content bundled with the tool. */
  content?: string;
  profiles: readonly string[];
}

export interface BuildOptions extends LoadOptions {
  out: string;
  formats: readonly Format[];
  langs: readonly Lang[];
  /**
   * Gives the signer for the scripts (called once, and only when the content and a profile are
   * good); scripts are written unsigned without it.
   */
  signer?: () => Promise<LoadedSigner | undefined>;
  /**
   * Tells which certificate `signer` would sign with, without loading it, so that a rebuild
   * with nothing changed can skip everything. Without it, such a rebuild loads the signer.
   */
  probeSigner?: () => Promise<SignerProbe>;
  /** Rebuild profiles whose inputs have not changed. */
  force?: boolean;
  /** A change request whose plan does not fit the change window is an error, not a warning. */
  strict?: boolean;
  /**
   * Profiles in flight when nothing is printed (at least 8). When printing, the PDF backend's own
   * bound decides: twice as many profiles as documents printed at once, so that one is ready to
   * print while another is rendered or written.
   */
  concurrency?: number;

  onProgress?: (event: ProgressEvent) => void;
  /** Prints PDFs: required for the `pdf` format. */
  pdf?: PdfBackend;
  /** SOURCE_DATE_EPOCH: the date inside documents (default: the content's version date). */
  sourceDateEpoch?: number;
}

export interface ProgressEvent {
  kind: 'started' | 'built' | 'skipped' | 'failed';
  profile: string;
  /** For `started`: the format (and language) being rendered now, once rendering has begun. */
  format?: Format;
  lang?: Lang;
  /** Profiles finished so far, of `total`. */
  done: number;
  total: number;
  elapsedMs: number;
}

export interface ProfileSummary {
  id: string;
  file: string;
  title: string;
  branches: Branches;
}

export interface OutputSummary {
  profile: string;
  format: Format;
  /** The language of a runbook; scripts are written once per profile, in English. */
  lang?: Lang;
  path: string;
  bytes: number;
  sha256: string;
}

export interface Result {
  ok: boolean;
  diagnostics: Diagnostic[];
  profiles: ProfileSummary[];
  outputs: OutputSummary[];
  /** Who signed the scripts of this build. */
  signer?: SignerIdentity;
  /** Profile ids built, skipped as up to date, and profile files that failed. */
  built: string[];
  skipped: string[];
  failed: string[];
}

function summarise(profiles: readonly Profile[]): ProfileSummary[] {
  return profiles.map((p) => ({ id: p.id, file: p.file, title: p.title, branches: p.branches }));
}

function labelOf(profile: Profile): ProfileLabel {
  return { title: profile.title, branches: { ...profile.branches } };
}

/** Checks content and profiles; writes nothing. */
export async function validate(options: LoadOptions): Promise<Result> {
  const loaded = await stages.load(options);
  return { ok: !hasErrors(loaded.diagnostics), diagnostics: loaded.diagnostics, profiles: summarise(loaded.profiles), outputs: [], built: [], skipped: [], failed: [] };
}

export const list = validate;

/**
 * Renders every profile in every language and format. Content errors stop the build before it
 * writes anything; a profile with errors is left as it was while the others build. Each
 * profile's folder is built in a staging folder and swapped in whole, with its SHA256SUMS and
 * build-info.json; a profile whose inputs have not changed is skipped unless `force`.
 */
export async function build(options: BuildOptions): Promise<Result> {
  const started = Date.now();
  const outDir = resolvePath(options.cwd, options.out);
  const [read, previous] = await Promise.all([readInputs(options), previousBuilds(outDir)]);
  if (!options.force) {
    const unchanged = await upToDate(options, outDir, read, previous);
    if (unchanged) return unchanged;
  }
  const loaded = await stages.load(options, read);
  const result: Result = { ok: false, diagnostics: loaded.diagnostics, profiles: summarise(loaded.profiles), outputs: [], built: [], skipped: [], failed: [] };
  if (loaded.procedure && options.pdf) {
    result.diagnostics = sortDiagnostics([...result.diagnostics, ...(await options.pdf.check(loaded.procedure))]);
  }
  const profileFiles = new Set(loaded.profileTexts.keys());
  const errorFiles = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  if ([...errorFiles].some((f) => !profileFiles.has(f)) || !loaded.procedure) return result;
  result.failed = [...errorFiles].sort();

  const runbooks = loaded.runbooks.filter((r) => !errorFiles.has(r.profile.file));
  const signing = runbooks.length > 0 && options.formats.includes('ps1') ? await options.signer?.() : undefined;
  const browser = runbooks.length > 0 && options.pdf ? await options.pdf.browserVersion() : undefined;
  await cleanStaging(outDir);
  const renderProfile = await stages.renderProfile();
  const progress = (event: Omit<ProgressEvent, 'total' | 'elapsedMs'>) => options.onProgress?.({ ...event, total: runbooks.length, elapsedMs: Date.now() - started });
  let done = 0;

  // The browser's bound is the PDF backend's; profiles in flight let rendering, printing and writing overlap.
  const width = options.pdf ? 2 * options.pdf.concurrency : Math.max(options.concurrency ?? 1, UNPRINTED_PROFILES_IN_FLIGHT);
  await mapWithConcurrency(runbooks, width, async (runbook) => {
    const id = runbook.profile.id;
    const profileDir = resolvePath(outDir, id);
    const profile = runbook.profile;
    const info = buildInfo(
      inputsOf(options, {
        contentHash: runbook.procedure.contentHash,
        profile: { id, file: profile.file, sha256: sha256Hex(loaded.profileTexts.get(profile.file) ?? ''), ...labelOf(profile) },
        ...(signing ? { signer: { subject: signing.identity.subject, thumbprint: signing.identity.thumbprint }, signHash: signing.signer.hash } : {}),
        ...(browser ? { browser } : {}),
      }),
    );
    // The folder's build-info.json as read before, when this profile's file owns that folder.
    const before = previous.get(profile.file);
    if (!options.force && (await isUpToDate(profileDir, info.inputs, before?.dir === profileDir ? before.info : undefined))) {
      result.skipped.push(id);
      progress({ kind: 'skipped', profile: id, done: ++done });
      return;
    }
    progress({ kind: 'started', profile: id, done });
    const onFormat = (format: Format, lang?: Lang) => progress({ kind: 'started', profile: id, done, format, ...(lang ? { lang } : {}) });
    let rendered: Hashed<ProfileFile>[];
    let diagnostics: Diagnostic[];
    try {
      ({ files: rendered, diagnostics } = await renderProfile(runbook, profileDir, options, signing, onFormat));
    } catch (error) {
      // One profile's failure (a document the browser could not print) leaves the others building.
      diagnostics = [
        failureDiagnostic('build/profile-failed', { file: runbook.profile.file, line: 1, column: 1 }, error, `Profile \`${id}\` could not be built`, 'its earlier outputs were left as they were; fix the cause and build again'),
      ];
      rendered = [];
    }
    result.diagnostics.push(...diagnostics);
    if (hasErrors(diagnostics)) {
      result.failed.push(runbook.profile.file);
      progress({ kind: 'failed', profile: id, done: ++done });
      return;
    }
    const summaries = rendered.map((f) => summary(f, id, options.cwd));
    // SHA256SUMS covers every artefact and build-info.json, so neither can change unnoticed.
    const described = [...rendered, hashed({ path: resolvePath(profileDir, BUILD_INFO_FILE), content: formatBuildInfo(info) })];
    const files: OutputFile[] = [...described, { path: resolvePath(profileDir, SUMS_FILE), content: checksums(profileDir, described) }];
    const staged = await stageFolder(outDir, profileDir, files);
    await staged.commit();
    result.outputs.push(...summaries);
    result.built.push(id);
    progress({ kind: 'built', profile: id, done: ++done });
  });

  await removeEmptyStaging(outDir);
  result.diagnostics = sortDiagnostics(result.diagnostics);
  result.failed.sort();
  result.outputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  result.built.sort();
  result.skipped.sort();
  if (signing) result.signer = signing.identity;
  result.ok = result.failed.length === 0;
  return result;
}

/** Branches read back from build-info.json (keys sorted there) in the order a parsed profile gives them. */
function inDimensionOrder(branches: Record<string, string>): Branches {
  return Object.fromEntries(Object.keys(DIMENSIONS).map((d) => [d, branches[d]])) as Branches;
}

interface VaryingInputs {
  contentHash: string;
  profile: BuildInputs['profile'];
  signer?: BuildInputs['signer'];
  signHash?: string;
  browser?: string;
}

function inputsOf(options: BuildOptions, varying: VaryingInputs): BuildInputs {
  const pdf = options.pdf;
  return {
    tool: TOOL,
    contentHash: varying.contentHash,
    ...(pdf ? { templatesHash: pdf.templatesHash } : {}),
    profile: varying.profile,
    options: {
      formats: [...options.formats].sort(),
      langs: [...options.langs],
      ...(pdf ? { paper: pdf.paper } : {}),
      ...(varying.signHash ? { signHash: varying.signHash } : {}),
      ...(options.strict ? { strict: true } : {}),
    },
    ...(varying.signer ? { signer: varying.signer } : {}),
    ...(varying.browser ? { browser: varying.browser } : {}),
    ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
  };
}

/**
 * The whole build, when every profile's folder is up to date: told from the files' hashes and
 * the folders' build-info.json, without parsing content or profiles, loading a key or printing
 * (the browser is only asked its version). Undefined when anything may have changed (then the
 * full build decides, profile by profile). It reports no warning: those were reported when the
 * folders were built, and `runbook validate` repeats them.
 */
async function upToDate(options: BuildOptions, outDir: string, { contentFiles, profileFiles }: InputFiles, previous: ReadonlyMap<string, PreviousBuild>): Promise<Result | undefined> {
  if (previous.size === 0) return undefined;
  const signing = options.formats.includes('ps1') && options.signer ? ((await options.probeSigner?.()) ?? { kind: 'unknown' }) : ({ kind: 'unsigned' } as const);
  if (signing.kind === 'unknown') return undefined;
  // A browser that cannot tell its version is the full build's to report.
  const browser = options.pdf ? await options.pdf.browserVersion().catch(() => null) : undefined;
  if (browser === null) return undefined;
  const contentHash = contentHashOf(contentFiles);
  const found: BuildInputs['profile'][] = [];
  let recorded: BuildInputs['signer'];
  for (const { file, text } of profileFiles) {
    const before = previous.get(file);
    const info = before?.info;
    if (!info || info.profile.sha256 !== sha256Hex(text)) return undefined;
    if (signing.kind === 'certificate' && info.signer?.thumbprint !== signing.thumbprint) return undefined;
    // Signed: by the certificate just probed, which the thumbprint check says is the one recorded.
    const signed = signing.kind === 'certificate' ? { signer: info.signer!, signHash: signing.hash } : {};
    const inputs = inputsOf(options, { contentHash, profile: info.profile, ...signed, ...(browser ? { browser } : {}) });
    if (!(await isUpToDate(before.dir, inputsHash(inputs), info))) return undefined;
    found.push(info.profile);
    recorded ??= info.signer;
  }
  // The one certificate every folder names (the thumbprint check above), with its subject as recorded.
  const signer: SignerIdentity | undefined =
    signing.kind === 'certificate' ? { ...recorded!, ...(signing.development ? { development: { certificate: signing.development, created: false } } : {}) } : undefined;
  await cleanStaging(outDir);
  await removeEmptyStaging(outDir);
  return {
    ok: true,
    diagnostics: [],
    profiles: found.map((p) => ({ id: p.id, file: p.file, title: p.title, branches: inDimensionOrder(p.branches) })),
    outputs: [],
    built: [],
    skipped: found.map((f) => f.id).sort(),
    failed: [],
    ...(signer ? { signer } : {}),
  };
}
