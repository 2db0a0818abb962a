/**
 * The content's hash: every content file's name inside the content folder and its text, in name
 * order. It names the content in documents and decides whether a build is up to date, so it is
 * computed from the files as read, before (and without) parsing them. The names are relative to
 * the content folder, not to the working folder: the same content gives the same hash wherever
 * the build runs from. Pure.
 */
import { createHash } from 'node:crypto';

export function contentHashOf(files: readonly { name: string; text: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) hash.update(`${f.name}\0${f.text}\0`);
  return hash.digest('hex');
}
