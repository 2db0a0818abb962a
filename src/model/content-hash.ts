/**
 * The content's hash: every content file's path and text, in path order. It names the content in
 * documents and decides whether a build is up to date, so it is computed from the files as read,
 * before (and without) parsing them. Pure.
 */
import { createHash } from 'node:crypto';

export function contentHashOf(files: readonly { file: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) hash.update(`${f.file}\0${f.text}\0`);
  return hash.digest('hex');
}
