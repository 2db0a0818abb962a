/** The I/O edge of loading: reads content and profile files from disk, nothing more. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentFile } from '../model/parse-content.js';
import type { SourceFile } from './profile.js';

/** The content bundled with the tool (the folder next to `dist/` or `src/`). */
export const BUNDLED_CONTENT = fileURLToPath(new URL('../../content', import.meta.url));

/** A path as shown to the user: relative to the working folder, with forward slashes. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel.startsWith('..') ? path : rel).split(sep).join('/');
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Every Markdown file of a content folder except its README, sorted. */
export async function readContent(contentDir: string, cwd: string): Promise<ContentFile[]> {
  const root = resolve(cwd, contentDir);
  const files = (await walk(root)).filter((f) => extname(f) === '.md' && relative(root, f) !== 'README.md' && !relative(root, f).startsWith(`profiles${sep}`));
  return Promise.all(files.map(async (f) => ({ file: displayPath(cwd, f), name: displayPath(root, f), text: await readFile(f, 'utf8') })));
}

export class InputError extends Error {}

/** Profiles from files and folders (`*.yaml`, `*.yml` directly inside), sorted, each read once. */
export async function readProfiles(paths: readonly string[], cwd: string): Promise<SourceFile[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const full = resolve(cwd, path);
    let info;
    try {
      info = await stat(full);
    } catch {
      throw new InputError(`No such profile file or folder: ${path}`);
    }
    if (info.isDirectory()) {
      for (const name of (await readdir(full)).sort()) if (/\.ya?ml$/.test(name)) found.add(join(full, name));
    } else found.add(full);
  }
  if (found.size === 0) throw new InputError(`No profile (*.yaml) found in ${paths.join(', ')}`);
  return Promise.all([...found].sort().map(async (f) => ({ file: displayPath(cwd, f), text: await readFile(f, 'utf8') })));
}

/** The content and profile files of a build, as read. */
export interface InputFiles {
  contentFiles: ContentFile[];
  profileFiles: SourceFile[];
}

export async function readInputs(options: { cwd: string; content?: string; profiles: readonly string[] }): Promise<InputFiles> {
  const [contentFiles, profileFiles] = await Promise.all([readContent(options.content ?? BUNDLED_CONTENT, options.cwd), readProfiles(options.profiles, options.cwd)]);
  return { contentFiles, profileFiles };
}

/** The profile schema is the tool's, whatever content folder is used. */
export const PROFILE_SCHEMA = join(BUNDLED_CONTENT, 'schema', 'profile.schema.json');

/** A JSON Schema of the tool's (the profile schema unless another is named). */
export async function readSchema(path: string = PROFILE_SCHEMA): Promise<object> {
  return JSON.parse(await readFile(path, 'utf8')) as object;
}
