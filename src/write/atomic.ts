/**
 * The I/O edge of writing. Files are written to a temporary name in their own folder and renamed
 * into place, so a reader never sees half a file and a failed build leaves earlier outputs as
 * they were.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface OutputFile {
  /** Absolute path. */
  path: string;
  content: string | Uint8Array;
}

export async function writeAtomic(file: OutputFile): Promise<void> {
  await mkdir(dirname(file.path), { recursive: true });
  const temp = join(dirname(file.path), `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(file.content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file.path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeAll(files: readonly OutputFile[]): Promise<void> {
  for (const file of files) await writeAtomic(file);
}
