/**
 * Whole-folder swaps for profile outputs. A profile's files are written into a staging folder
 * under `<out>/.staging/`; only when every file is complete is the folder swapped into
 * `<out>/<id>`, so a reader sees the old folder or the new one, never a mix. Staging and trash
 * folders left by an interrupted build are removed by the next one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { writeDurably, type OutputFile } from './atomic.js';

export const STAGING_DIR = '.staging';

/** Removes what an interrupted build left behind. */
export async function cleanStaging(outDir: string): Promise<void> {
  await rm(join(outDir, STAGING_DIR), { recursive: true, force: true });
}

export interface StagedFolder {
  /** Where the files are being written. */
  path: string;
  /** Moves the staged folder to `target`, replacing what was there. */
  commit(): Promise<void>;
  /** Removes the staged folder; `target` is untouched. */
  discard(): Promise<void>;
}

/** Writes `files` (absolute paths under `target`) into a fresh staging folder, each flushed to disk. */
export async function stageFolder(outDir: string, target: string, files: readonly OutputFile[]): Promise<StagedFolder> {
  const name = `${relative(outDir, target).split(sep).join('_')}-${randomBytes(6).toString('hex')}`;
  const path = join(outDir, STAGING_DIR, name);
  const discard = () => rm(path, { recursive: true, force: true });
  try {
    const staged = files.map((file) => {
      const rel = relative(target, file.path);
      if (rel.startsWith('..') || rel === '') throw new Error(`internal: ${file.path} is not inside ${target}`);
      return { path: join(path, rel), content: file.content };
    });
    await mkdir(path, { recursive: true });
    for (const dir of new Set(staged.map((f) => dirname(f.path)))) await mkdir(dir, { recursive: true });
    // All at once (the disk flushes them together), and all finished before any failure is thrown.
    const written = await Promise.allSettled(staged.map((f) => writeDurably(f.path, f.content)));
    const failed = written.find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await discard();
    throw error;
  }
  return {
    path,
    discard,
    async commit() {
      const trash = join(outDir, STAGING_DIR, `${name}.old`);
      await mkdir(dirname(target), { recursive: true });
      let hadOld = true;
      try {
        await rename(target, trash);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        hadOld = false;
      }
      try {
        await rename(path, target);
      } catch (error) {
        if (hadOld) await rename(trash, target);
        throw error;
      }
      if (hadOld) await rm(trash, { recursive: true, force: true });
    },
  };
}

/** Removes the staging folder when nothing is left in it. */
export async function removeEmptyStaging(outDir: string): Promise<void> {
  await rmdir(join(outDir, STAGING_DIR)).catch(() => undefined);
}
