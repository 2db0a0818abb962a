/**
 * `SHA256SUMS` in the format `sha256sum` writes and `sha256sum -c` reads: a line per file,
 * `<64 hex>  <path>` (two spaces, or ` *` for binary mode), paths relative to the file's folder.
 * Pure.
 */
import { createHash } from 'node:crypto';

export const SUMS_FILE = 'SHA256SUMS';

export interface SumEntry {
  sha256: string;
  /** Relative to the folder of the SHA256SUMS file, with forward slashes. */
  path: string;
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Sorted by path, so the same files always give the same text. */
export function formatSums(entries: readonly SumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.path}\n`)
    .join('');
}

export type ParsedSums = { entries: SumEntry[]; problems: string[] };

export function parseSums(text: string): ParsedSums {
  const entries: SumEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') return;
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      problems.push(`line ${index + 1} is not "<sha256>  <file>"`);
      return;
    }
    const path = m[2]!;
    if (path.startsWith('/') || path.split('/').includes('..')) {
      problems.push(`line ${index + 1} names a file outside its folder: ${path}`);
      return;
    }
    entries.push({ sha256: m[1]!.toLowerCase(), path });
  });
  if (entries.length === 0 && problems.length === 0) problems.push('it lists no file');
  return { entries, problems };
}

/** Replaces (or adds) the line for `path`; keeps the others as they are. */
export function updateSums(text: string, path: string, sha256: string): string {
  const { entries } = parseSums(text);
  const others = entries.filter((e) => e.path !== path);
  return formatSums([...others, { sha256, path }]);
}
