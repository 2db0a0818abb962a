/**
 * What a build says of the files it wrote: SHA256SUMS over a folder's files, and a summary line
 * per file for the result. Pure.
 */
import { displayPath } from '../load/files.js';
import type { Lang } from '../model/types.js';
import type { Format, OutputSummary } from '../pipeline.js';
import { formatSums, sha256Hex } from '../verify/sha256sums.js';
import type { OutputFile } from '../write/atomic.js';

export interface ProfileFile extends OutputFile {
  format: Format;
  lang?: Lang;
}

/** A file with its SHA-256, computed once for the summary and SHA256SUMS. */
export type Hashed<F extends OutputFile = OutputFile> = F & { sha256: string };

export function hashed<F extends OutputFile>(file: F): Hashed<F> {
  return { ...file, sha256: sha256Hex(file.content) };
}

/** SHA256SUMS over the files of one folder. */
export function checksums(dir: string, files: readonly Hashed[]): string {
  return formatSums(files.map((f) => ({ sha256: f.sha256, path: displayPath(dir, f.path) })));
}

export function summary(file: Hashed<ProfileFile>, profile: string, cwd: string): OutputSummary {
  const content = file.content;
  return {
    profile,
    format: file.format,
    ...(file.lang ? { lang: file.lang } : {}),
    path: displayPath(cwd, file.path),
    bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
    sha256: file.sha256,
  };
}
