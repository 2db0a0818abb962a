/**
 * The pipeline, top to bottom: load → parse and validate → resolve → render → sign → write.
 * Every stage collects diagnostics; content errors stop everything, a profile's errors stop
 * that profile.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { buildInfo, BUILD_INFO_FILE, formatBuildInfo, readInputsHash, type BuildInputs } from './build/build-info.js';
import { mapWithConcurrency } from './build/concurrency.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { BUNDLED_CONTENT, displayPath, readContent, readProfiles, readSchema } from './load/files.js';
import { checkUniqueIds, parseProfile } from './load/profile.js';
import { compileSchema } from './load/yaml.js';
import { parseContent } from './model/parse-content.js';
import type { Profile } from './model/profile.js';
import type { Branches, Lang, Procedure } from './model/types.js';
import { decisionDiagramFile, renderMarkdown } from './render/markdown/runbook.js';
import { renderScripts } from './render/powershell/scripts.js';
import { CHANGE_REQUEST_FILE, changeRequest, formatChangeRequest, renderChangeRequestMarkdown } from './render/cab/index.js';
import { decisionGraph, renderDiagram, type DecisionGraph } from './render/diagram/index.js';
import type { PdfBackend } from './build/pdf-backend.js';
import type { DocumentMeta } from './render/html/document.js';
import { renderTrainingMarkdown, trainingEdition } from './render/training/index.js';
import { parseQuestions, readQuestions, readQuestionsSchema } from './load/training.js';
import type { LoadedSigner, SignerIdentity } from './load/signer.js';
import { TOOL } from './version.js';
import { formatSums, parseSums, sha256Hex, SUMS_FILE } from './verify/sha256sums.js';
import { resolve, type ResolvedRunbook } from './resolve/resolve.js';
import type { OutputFile } from './write/atomic.js';
import { cleanStaging, removeEmptyStaging, stageFolder } from './write/staging.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const FORMATS = ['md', 'ps1', 'pdf', 'cab'] as const;
/** Formats built when none is asked for: all of them. */
export const DEFAULT_FORMATS: readonly Format[] = FORMATS;
export type Format = (typeof FORMATS)[number];

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
  /** Rebuild profiles whose inputs have not changed. */
  force?: boolean;
  /** A change request whose plan does not fit the change window is an error, not a warning. */
  strict?: boolean;
  /** How many profiles are built at once (PDF printing is what runs in parallel). */
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

interface Loaded {
  procedure: Procedure | undefined;
  /** Each profile file's text, by display path. */
  profileTexts: Map<string, string>;
  profiles: Profile[];
  runbooks: ResolvedRunbook[];
  diagnostics: Diagnostic[];
}

async function load(options: LoadOptions): Promise<Loaded> {
  const contentDir = options.content ?? BUNDLED_CONTENT;
  const [contentFiles, profileFiles, schema] = await Promise.all([
    readContent(contentDir, options.cwd),
    readProfiles(options.profiles, options.cwd),
    readSchema(),
  ]);
  const { procedure, diagnostics } = parseContent(contentFiles);
  const validate = compileSchema(schema);
  const parsed = profileFiles.map((f) => parseProfile(f, validate, diagnostics)).filter((p): p is Profile => p !== undefined);
  const profiles = checkUniqueIds(parsed, diagnostics);
  const runbooks: ResolvedRunbook[] = [];
  if (procedure) {
    for (const profile of profiles) {
      const resolution = resolve(procedure, profile);
      diagnostics.push(...resolution.diagnostics);
      if (resolution.runbook) runbooks.push(resolution.runbook);
    }
  }
  const profileTexts = new Map(profileFiles.map((f) => [f.file, f.text]));
  return { procedure, profileTexts, profiles, runbooks, diagnostics: sortDiagnostics(diagnostics) };
}

/** SHA256SUMS over the files of one profile folder. */
function checksums(dir: string, files: readonly OutputFile[]): string {
  return formatSums(files.map((f) => ({ sha256: sha256Hex(f.content), path: relative(dir, f.path).split(sep).join('/') })));
}

function summarise(profiles: readonly Profile[]): ProfileSummary[] {
  return profiles.map((p) => ({ id: p.id, file: p.file, title: p.title, branches: p.branches }));
}

/** Checks content and profiles; writes nothing. */
export async function validate(options: LoadOptions): Promise<Result> {
  const loaded = await load(options);
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
  const loaded = await load(options);
  const result: Result = { ok: false, diagnostics: loaded.diagnostics, profiles: summarise(loaded.profiles), outputs: [], built: [], skipped: [], failed: [] };
  if (loaded.procedure && options.pdf) {
    result.diagnostics = sortDiagnostics([...result.diagnostics, ...options.pdf.check(loaded.procedure)]);
  }
  const profileFiles = new Set(loaded.profileTexts.keys());
  const errorFiles = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  if ([...errorFiles].some((f) => !profileFiles.has(f)) || !loaded.procedure) return result;
  result.failed = [...errorFiles].sort();

  const runbooks = loaded.runbooks.filter((r) => !errorFiles.has(r.profile.file));
  const signing = runbooks.length > 0 && options.formats.includes('ps1') ? await options.signer?.() : undefined;
  const browser = runbooks.length > 0 && options.pdf ? await options.pdf.browserVersion() : undefined;
  const outDir = resolvePath(options.cwd, options.out);
  await cleanStaging(outDir);
  const progress = (event: Omit<ProgressEvent, 'total' | 'elapsedMs'>) => options.onProgress?.({ ...event, total: runbooks.length, elapsedMs: Date.now() - started });
  let done = 0;

  await mapWithConcurrency(runbooks, options.concurrency ?? 1, async (runbook) => {
    const id = runbook.profile.id;
    const profileDir = resolvePath(outDir, id);
    const info = buildInfo(inputsOf(runbook, loaded, options, signing, browser));
    if (!options.force && (await isUpToDate(profileDir, info.inputs))) {
      result.skipped.push(id);
      progress({ kind: 'skipped', profile: id, done: ++done });
      return;
    }
    progress({ kind: 'started', profile: id, done });
    let rendered: ProfileFile[];
    let diagnostics: Diagnostic[];
    try {
      ({ files: rendered, diagnostics } = await renderProfile(runbook, profileDir, options, signing));
    } catch (error) {
      // One profile's failure (a document the browser could not print) leaves the others building.
      diagnostics = [
        diagnostic('build/profile-failed', { file: runbook.profile.file, line: 1, column: 1 }, `Profile \`${id}\` could not be built: ${(error as Error).message}`, {
          hint: 'its earlier outputs were left as they were; fix the cause and build again',
        }),
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
    const described: OutputFile[] = [...rendered, { path: resolvePath(profileDir, BUILD_INFO_FILE), content: formatBuildInfo(info) }];
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

function needPdf(options: BuildOptions): PdfBackend {
  if (!options.pdf) throw new Error('internal: the pdf and cab formats need a PDF backend');
  return options.pdf;
}

/** The decision graph depends on the procedure alone: computed once, drawn per profile. */
const graphs = new WeakMap<Procedure, DecisionGraph>();
function graphOf(procedure: Procedure): DecisionGraph {
  let graph = graphs.get(procedure);
  if (!graph) graphs.set(procedure, (graph = decisionGraph(procedure)));
  return graph;
}

interface ProfileFile extends OutputFile {
  format: Format;
  lang?: Lang;
}

async function renderProfile(
  runbook: ResolvedRunbook,
  profileDir: string,
  options: BuildOptions,
  signing: LoadedSigner | undefined,
): Promise<{ files: ProfileFile[]; diagnostics: Diagnostic[] }> {
  const files: ProfileFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let scripts: { name: string; sha256: string }[] | undefined;
  if (options.formats.includes('ps1')) {
    for (const script of renderScripts(runbook, { tool: TOOL, lang: 'en' })) {
      // UTF-8 with a BOM: Windows PowerShell 5.1 reads non-ASCII text correctly only with it.
      const bytes = new Uint8Array(Buffer.concat([UTF8_BOM, Buffer.from(script.text, 'utf8')]));
      const content = signing ? signing.sign(bytes) : bytes;
      files.push({ format: 'ps1', path: resolvePath(profileDir, 'scripts', script.name), content });
    }
    scripts = files.map((f) => ({ name: relative(profileDir, f.path).split(sep).join('/'), sha256: sha256Hex(f.content) }));
  }
  const diagrams = new Map(options.langs.map((lang) => [lang, renderDiagram(graphOf(runbook.procedure), runbook.procedure, { lang, highlight: runbook.profile.branches, caption: runbook.profile.title })]));
  for (const lang of options.langs) {
    if (options.formats.includes('md')) {
      files.push({ format: 'md', lang, path: resolvePath(profileDir, `runbook.${lang}.md`), content: renderMarkdown(runbook, lang) });
      files.push({ format: 'md', lang, path: resolvePath(profileDir, decisionDiagramFile(lang)), content: diagrams.get(lang)! });
    }
    if (options.formats.includes('pdf')) {
      const extras = { ...(scripts ? { scripts } : {}), ...(signing && scripts ? { signer: signing.identity } : {}), decisionDiagramSvg: diagrams.get(lang)! };
      files.push({ format: 'pdf', lang, path: resolvePath(profileDir, `runbook.${lang}.pdf`), content: await needPdf(options).runbook(runbook, lang, extras) });
    }
  }
  if (options.formats.includes('cab')) {
    // The change request lists the artefacts built before it, with their hashes and signer.
    const artefacts = files.map((f) => ({ path: relative(profileDir, f.path).split(sep).join('/'), sha256: sha256Hex(f.content) }));
    const cr = changeRequest(runbook, { artefacts, strict: Boolean(options.strict), ...(signing && scripts ? { signer: signing.identity } : {}) });
    diagnostics.push(...cr.diagnostics);
    files.push({ format: 'cab', path: resolvePath(profileDir, CHANGE_REQUEST_FILE), content: formatChangeRequest(cr.changeRequest) });
    for (const lang of options.langs) {
      const markdown = renderChangeRequestMarkdown(cr.changeRequest, lang);
      const name = `change-request.${lang}`;
      files.push({ format: 'cab', lang, path: resolvePath(profileDir, `${name}.md`), content: markdown });
      const { profile, procedure } = runbook;
      const meta: DocumentMeta = {
        kind: 'change-request',
        lang,
        title: `${profile.change.id} — ${profile.change.title}`,
        author: profile.change.owner,
        subject: `${procedure.text[lang].title} — ${profile.title}`,
        keywords: [procedure.id, profile.id, profile.change.id, 'change request'],
        documentId: procedure.id,
        profileId: profile.id,
        changeId: profile.change.id,
        contentHash: procedure.contentHash,
        versionDate: procedure.version,
      };
      files.push({ format: 'cab', lang, path: resolvePath(profileDir, `${name}.pdf`), content: await needPdf(options).document(markdown, meta, `${profile.id}/${name}.md`) });
    }
  }
  return { files, diagnostics };
}

function inputsOf(runbook: ResolvedRunbook, loaded: Loaded, options: BuildOptions, signing: LoadedSigner | undefined, browser: string | undefined): BuildInputs {
  const pdf = options.pdf;
  const profile = runbook.profile;
  return {
    tool: TOOL,
    contentHash: runbook.procedure.contentHash,
    ...(pdf ? { templatesHash: pdf.templatesHash } : {}),
    profile: { id: profile.id, file: profile.file, sha256: sha256Hex(loaded.profileTexts.get(profile.file) ?? '') },
    options: {
      formats: [...options.formats].sort(),
      langs: [...options.langs],
      ...(pdf ? { paper: pdf.paper } : {}),
      ...(signing ? { signHash: signing.signer.hash } : {}),
      ...(options.strict ? { strict: true } : {}),
    },
    ...(signing ? { signer: { subject: signing.identity.subject, thumbprint: signing.identity.thumbprint } } : {}),
    ...(browser ? { browser } : {}),
    ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
  };
}

/** The folder was built from the same inputs and every file its SHA256SUMS lists is there. */
async function isUpToDate(profileDir: string, inputs: string): Promise<boolean> {
  const [info, sums] = await Promise.all([
    readFile(join(profileDir, BUILD_INFO_FILE), 'utf8').catch(() => undefined),
    readFile(join(profileDir, SUMS_FILE), 'utf8').catch(() => undefined),
  ]);
  if (info === undefined || sums === undefined || readInputsHash(info) !== inputs) return false;
  const { entries, problems } = parseSums(sums);
  if (problems.length > 0) return false;
  const present = await Promise.all(entries.map((e) => stat(join(profileDir, ...e.path.split('/'))).then(() => true, () => false)));
  return present.every(Boolean);
}

function summary(file: ProfileFile, profile: string, cwd: string): OutputSummary {
  const content = file.content;
  return {
    profile,
    format: file.format,
    ...(file.lang ? { lang: file.lang } : {}),
    path: displayPath(cwd, file.path),
    bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
    sha256: sha256Hex(content),
  };
}

export interface TrainingOptions {
  cwd: string;
  content?: string;
  out: string;
  langs: readonly Lang[];
  /** Prints the training edition as PDF; without it only Markdown and SVG are written. */
  pdf?: PdfBackend;
}

export const TRAINING_DIR = 'training';
const TRAINING_TITLE: Record<Lang, string> = { fr: 'édition de formation', en: 'training edition' };

/**
 * The training edition: every branch side by side with why it applies, the decision diagram,
 * troubleshooting and review questions, in `<out>/training/`, swapped in whole.
 */
export async function training(options: TrainingOptions): Promise<Result> {
  const contentDir = options.content ?? BUNDLED_CONTENT;
  const [contentFiles, questionsFile, questionsSchema] = await Promise.all([readContent(contentDir, options.cwd), readQuestions(contentDir, options.cwd), readQuestionsSchema()]);
  const { procedure, diagnostics } = parseContent(contentFiles);
  const questions = questionsFile ? parseQuestions(questionsFile, compileSchema(questionsSchema), procedure, diagnostics) : undefined;
  const result: Result = { ok: false, diagnostics: sortDiagnostics(diagnostics), profiles: [], outputs: [], built: [], skipped: [], failed: [] };
  if (hasErrors(diagnostics) || !procedure) return result;

  const outDir = resolvePath(options.cwd, options.out);
  const dir = resolvePath(outDir, TRAINING_DIR);
  const view = trainingEdition(procedure, questions?.questions ?? [], graphOf(procedure).order);
  const files: ProfileFile[] = [];
  for (const lang of options.langs) {
    const diagram = renderDiagram(graphOf(procedure), procedure, { lang });
    const diagramName = decisionDiagramFile(lang);
    const markdown = renderTrainingMarkdown(view, lang, { diagram: diagramName });
    files.push({ format: 'md', lang, path: resolvePath(dir, diagramName), content: diagram });
    files.push({ format: 'md', lang, path: resolvePath(dir, `training.${lang}.md`), content: markdown });
    if (options.pdf) {
      const meta: DocumentMeta = {
        kind: 'training',
        lang,
        title: `${procedure.text[lang].title} — ${TRAINING_TITLE[lang]}`,
        author: TOOL.name,
        subject: procedure.source,
        keywords: [procedure.id, 'training'],
        documentId: procedure.id,
        contentHash: procedure.contentHash,
        versionDate: procedure.version,
      };
      const pdf = await options.pdf.document(markdown, meta, `${TRAINING_DIR}/training.${lang}.md`, { [diagramName]: diagram });
      files.push({ format: 'pdf', lang, path: resolvePath(dir, `training.${lang}.pdf`), content: pdf });
    }
  }
  const all: OutputFile[] = [...files, { path: resolvePath(dir, SUMS_FILE), content: checksums(dir, files) }];
  await cleanStaging(outDir);
  await (await stageFolder(outDir, dir, all)).commit();
  await removeEmptyStaging(outDir);
  result.outputs = files.map((f) => summary(f, TRAINING_DIR, options.cwd));
  result.built = [TRAINING_DIR];
  result.ok = true;
  return result;
}
