/**
 * The first stages of every command that reads profiles: read the content and the profiles,
 * parse and validate them, and resolve each profile against the procedure. Content is parsed
 * once, however many profiles there are, or loaded already parsed (`content-model.ts`).
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Profile } from '../model/profile.js';
import type { Procedure } from '../model/types.js';
import type { LoadOptions } from '../pipeline.js';
import { resolve, type ResolvedRunbook } from '../resolve/resolve.js';
import { contentModel } from './content-model.js';
import { readInputs, readSchema, type InputFiles } from './files.js';
import { checkUniqueIds, parseProfile } from './profile.js';
import { compileSchema } from './yaml.js';

export interface Loaded {
  procedure: Procedure | undefined;
  /** Each profile file's text, by display path. */
  profileTexts: Map<string, string>;
  profiles: Profile[];
  runbooks: ResolvedRunbook[];
  diagnostics: Diagnostic[];
}

/** Parses and resolves; reads the files first unless given them. */
export async function load(options: LoadOptions, read?: InputFiles): Promise<Loaded> {
  const [{ contentFiles, profileFiles }, schema] = await Promise.all([read ?? readInputs(options), readSchema()]);
  const { procedure, diagnostics } = await contentModel(contentFiles);
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

