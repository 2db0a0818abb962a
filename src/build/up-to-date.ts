/**
 * Is a profile's folder up to date? Decided from hashes, not timestamps: the folder's
 * build-info.json names the inputs it was built from, and every file its SHA256SUMS lists must be
 * there. Light on purpose: a rebuild with nothing changed reads and hashes files, and loads no
 * parser, renderer or key; the browser is only asked its version.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSums, SUMS_FILE } from '../verify/sha256sums.js';
import { BUILD_INFO_FILE, parseBuildInfo, type BuildInfo } from './build-info.js';

export interface PreviousBuild {
  dir: string;
  info: BuildInfo;
}

/**
 * The build-info.json of each profile folder in `outDir`, by the profile file it was built from.
 * A file that two folders claim (a profile whose id changed) is left out: only parsing it tells
 * which folder is its own.
 */
export async function previousBuilds(outDir: string): Promise<Map<string, PreviousBuild>> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map(async (e) => {
        const dir = join(outDir, e.name);
        const text = await readFile(join(dir, BUILD_INFO_FILE), 'utf8').catch(() => undefined);
        const info = text === undefined ? undefined : parseBuildInfo(text);
        return info && info.profile.id === e.name ? { dir, info } : undefined;
      }),
  );
  const byFile = new Map<string, PreviousBuild | undefined>();
  for (const build of found) {
    if (!build) continue;
    const file = build.info.profile.file;
    byFile.set(file, byFile.has(file) ? undefined : build);
  }
  return new Map([...byFile].filter((entry): entry is [string, PreviousBuild] => entry[1] !== undefined));
}

/** The folder was built from the same inputs and every file its SHA256SUMS lists is there. */
export async function isUpToDate(profileDir: string, inputs: string, known?: BuildInfo): Promise<boolean> {
  const [info, sums] = await Promise.all([
    known ?? readFile(join(profileDir, BUILD_INFO_FILE), 'utf8').then(parseBuildInfo, () => undefined),
    readFile(join(profileDir, SUMS_FILE), 'utf8').catch(() => undefined),
  ]);
  if (info === undefined || sums === undefined || info.inputs !== inputs) return false;
  const { entries, problems } = parseSums(sums);
  if (problems.length > 0) return false;
  const present = await Promise.all(entries.map((e) => stat(join(profileDir, ...e.path.split('/'))).then(() => true, () => false)));
  return present.every(Boolean);
}
