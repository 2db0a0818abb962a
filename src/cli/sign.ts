import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { displayPath } from '../load/files.js';
import { loadSigner } from '../load/signer.js';
import { parseSums, sha256Hex, SUMS_FILE, updateSums } from '../verify/sha256sums.js';
import { writeAtomic, type OutputFile } from '../write/atomic.js';
import { EXIT, type Io } from './io.js';
import { printJson, printSigner } from './report.js';
import { signingHash, signingRequest, type SigningFlags } from './signing.js';

export interface SignFlags extends SigningFlags {
  json?: boolean;
}

/** How far up from a script a SHA256SUMS that lists it is looked for (scripts/rollback/x.ps1). */
const SUMS_SEARCH_DEPTH = 3;

/**
 * Signs scripts in place, replacing any signature block, after a reviewed hand edit. All or
 * nothing: every script is signed in memory first; a SHA256SUMS above a script that lists it
 * gets its new hash.
 */
export async function signCommand(files: string[], flags: SignFlags, io: Io): Promise<number> {
  const hash = signingHash(flags);
  const request = await signingRequest(flags, io, join('out', '.signing'));
  const loaded = (await loadSigner(request, { cwd: io.cwd, hash, now: new Date() }))!;
  // Every script signed in memory first, in parallel (on the thread pool), reported in the order given.
  const signed = await Promise.all(
    files.map(async (file): Promise<OutputFile | string> => {
      const path = resolve(io.cwd, file);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch {
        return `${file}: cannot read it`;
      }
      try {
        return { path, content: await loaded.sign(new Uint8Array(bytes)) };
      } catch (error) {
        return `${file}: ${(error as Error).message}`;
      }
    }),
  );
  const writes = signed.filter((s): s is OutputFile => typeof s !== 'string');
  const failures = signed.filter((s): s is string => typeof s === 'string');
  if (failures.length > 0) {
    for (const f of failures) io.stderr.write(`runbook: ${f}\n`);
    io.stderr.write('sign failed: no file was changed\n');
    return EXIT.errors;
  }
  const sums = await sumsUpdates(writes);
  for (const w of [...writes, ...sums]) await writeAtomic(w);
  const result = {
    ok: true,
    signed: writes.map((w) => displayPath(io.cwd, w.path)),
    checksums: sums.map((s) => displayPath(io.cwd, s.path)),
    signer: loaded.identity,
  };
  if (flags.json) printJson(result, io);
  else {
    for (const s of result.signed) io.stdout.write(`signed ${s}\n`);
    for (const s of result.checksums) io.stdout.write(`updated ${s}\n`);
    printSigner(loaded.identity, writes.length, io);
  }
  return EXIT.ok;
}

async function sumsUpdates(signed: readonly OutputFile[]): Promise<OutputFile[]> {
  const texts = new Map<string, string>();
  for (const script of signed) {
    let dir = dirname(script.path);
    for (let depth = 0; depth < SUMS_SEARCH_DEPTH; depth++, dir = dirname(dir)) {
      const sumsPath = join(dir, SUMS_FILE);
      const text = texts.get(sumsPath) ?? (await readFile(sumsPath, 'utf8').catch(() => undefined));
      if (text === undefined) continue;
      const entry = displayPath(dir, script.path);
      if (!parseSums(text).entries.some((e) => e.path === entry)) continue;
      texts.set(sumsPath, updateSums(text, entry, sha256Hex(script.content)));
      break;
    }
  }
  return [...texts].map(([path, content]) => ({ path, content }));
}

