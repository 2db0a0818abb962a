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
    await writeDurably(temp, file.content);
    await rename(temp, file.path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Writes a new file and flushes it to disk before returning. */
export async function writeDurably(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
