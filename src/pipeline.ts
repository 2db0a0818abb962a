/**
 * The pipeline, top to bottom: load → parse and validate → resolve → render → write.
 * Every stage collects diagnostics; nothing is written unless every stage succeeded.
 */
import { createHash } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { BUNDLED_CONTENT, displayPath, readContent, readProfiles, readSchema } from './load/files.js';
import { checkUniqueIds, parseProfile } from './load/profile.js';
import { compileSchema } from './load/yaml.js';
import { parseContent } from './model/parse-content.js';
import type { Profile } from './model/profile.js';
import { LANGS, type Branches, type Lang, type Procedure } from './model/types.js';
import { renderMarkdown } from './render/markdown/runbook.js';
import { renderScripts } from './render/powershell/scripts.js';
import { TOOL } from './version.js';
import { resolve, type ResolvedRunbook } from './resolve/resolve.js';
import { writeAll, type OutputFile } from './write/atomic.js';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const FORMATS = ['md', 'ps1'] as const;
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
}

interface Loaded {
  procedure: Procedure | undefined;
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
  return { procedure, profiles, runbooks, diagnostics: sortDiagnostics(diagnostics) };
}

function summarise(profiles: readonly Profile[]): ProfileSummary[] {
  return profiles.map((p) => ({ id: p.id, file: p.file, title: p.title, branches: p.branches }));
}

/** Checks content and profiles; writes nothing. */
export async function validate(options: LoadOptions): Promise<Result> {
  const loaded = await load(options);
  return { ok: !hasErrors(loaded.diagnostics), diagnostics: loaded.diagnostics, profiles: summarise(loaded.profiles), outputs: [] };
}

export const list = validate;

/** Renders every profile in every language and format, then writes them all, or nothing. */
export async function build(options: BuildOptions): Promise<Result> {
  const loaded = await load(options);
  const result: Result = { ok: false, diagnostics: loaded.diagnostics, profiles: summarise(loaded.profiles), outputs: [] };
  if (hasErrors(loaded.diagnostics)) return result;

  const outDir = resolvePath(options.cwd, options.out);
  const files: OutputFile[] = [];
  const add = (profile: string, format: Format, lang: Lang | undefined, path: string, content: string | Uint8Array) => {
    files.push({ path, content });
    result.outputs.push({
      profile,
      format,
      ...(lang ? { lang } : {}),
      path: displayPath(options.cwd, path),
      bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
  };
  for (const runbook of loaded.runbooks) {
    const id = runbook.profile.id;
    if (options.formats.includes('md')) {
      for (const lang of options.langs) add(id, 'md', lang, resolvePath(outDir, id, `runbook.${lang}.md`), renderMarkdown(runbook, lang));
    }
    if (options.formats.includes('ps1')) {
      for (const script of renderScripts(runbook, { tool: TOOL, lang: 'en' })) {
        // UTF-8 with a BOM: Windows PowerShell 5.1 reads non-ASCII text correctly only with it.
        add(id, 'ps1', undefined, resolvePath(outDir, id, 'scripts', script.name), Buffer.concat([UTF8_BOM, Buffer.from(script.text, 'utf8')]));
      }
    }
  }
  await writeAll(files);
  result.ok = true;
  return result;
}

