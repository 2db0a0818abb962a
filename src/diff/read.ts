/**
 * The I/O edge of `runbook diff`: reads two build folders (`<dir>/<profile>/change-request.json`
 * and `<dir>/<profile>/SHA256SUMS`, or one profile folder given directly) and compares them with
 * the pure compareBuilds. A change request that does not match its schema is reported, not used.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { BUNDLED_CONTENT, InputError, readSchema } from '../load/files.js';
import { compileSchema } from '../load/yaml.js';
import { BUILD_INFO_FILE } from '../build/build-info.js';
import { CHANGE_REQUEST_FILE, type ChangeRequest } from '../render/cab/change-request.js';
import { parseSums, SUMS_FILE } from '../verify/sha256sums.js';
import { compareBuilds, type BuildDiff, type BuildSnapshot, type ProfileBuild } from './compare.js';

export const CHANGE_REQUEST_SCHEMA = join(BUNDLED_CONTENT, 'schema', 'change-request.schema.json');

type Validate = ReturnType<typeof compileSchema>;

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readProfileBuild(dir: string, id: string, validate: Validate): Promise<ProfileBuild | undefined> {
  const [json, sums, info] = await Promise.all([
    readIfExists(join(dir, CHANGE_REQUEST_FILE)),
    readIfExists(join(dir, SUMS_FILE)),
    readIfExists(join(dir, BUILD_INFO_FILE)),
  ]);
  // A profile folder has a change request or a build-info.json (the training folder has neither).
  if (json === undefined && info === undefined) return undefined;
  const build: ProfileBuild = { id, problems: [] };
  if (json !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      build.problems.push(`${id}/${CHANGE_REQUEST_FILE} is not JSON (${(error as Error).message})`);
    }
    if (data !== undefined) {
      if (validate(data)) build.changeRequest = data as ChangeRequest;
      else {
        const first = validate.errors?.[0];
        build.problems.push(`${id}/${CHANGE_REQUEST_FILE} does not match its schema (${first ? `${first.instancePath || '/'} ${first.message ?? ''}` : 'invalid'}); its steps and values are not compared`);
      }
    }
  }
  if (sums !== undefined) {
    const parsed = parseSums(sums);
    build.sums = parsed.entries;
    build.problems.push(...parsed.problems.map((p) => `${id}/${SUMS_FILE}: ${p}`));
  }
  return build;
}

/** One build folder: a folder per profile, or a single profile folder. */
export async function readBuild(dir: string, cwd: string, validate: Validate): Promise<BuildSnapshot> {
  const root = resolve(cwd, dir);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new InputError(`No such build folder: ${dir}`);
  }
  if (!info.isDirectory()) throw new InputError(`Not a build folder: ${dir}`);
  const snapshot: BuildSnapshot = { dir, profiles: [], problems: [] };
  const single = await readProfileBuild(root, basename(root), validate);
  if (single) snapshot.profiles.push(single);
  else {
    const entries = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    for (const name of entries) {
      const build = await readProfileBuild(join(root, name), name, validate);
      if (build) snapshot.profiles.push(build);
    }
  }
  if (snapshot.profiles.length === 0) snapshot.problems.push(`${dir} holds no profile build (no ${CHANGE_REQUEST_FILE} or ${BUILD_INFO_FILE})`);
  return snapshot;
}

export const readChangeRequestSchema = (): Promise<object> => readSchema(CHANGE_REQUEST_SCHEMA);

/** What changed, per profile, between the approved build in `oldDir` and the build in `newDir`. */
export async function diffBuilds(oldDir: string, newDir: string, cwd = '.'): Promise<BuildDiff> {
  const validate = compileSchema(await readChangeRequestSchema());
  const [a, b] = await Promise.all([readBuild(oldDir, cwd, validate), readBuild(newDir, cwd, validate)]);
  return compareBuilds(a, b);
}
