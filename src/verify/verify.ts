/**
 * `runbook verify`: checks signed scripts strictly, the SHA256SUMS files beside them, and that the
 * scripts a SHA256SUMS lists carry the signature its build-info.json names. Reads
 * files; returns plain data for the CLI to print. A file is Valid or it is not: anything the
 * checks cannot prove counts against it.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { displayPath, InputError } from '../load/files.js';
import { verifyScript, type VerifyResult } from '../sign/index.js';
import { BUILD_INFO_FILE, readSigner } from '../build/build-info.js';
import { parseSums, sha256Hex, SUMS_FILE } from './sha256sums.js';

const SCRIPT_EXTENSIONS = ['.ps1', '.psm1', '.psd1'];

export interface ScriptCheck extends VerifyResult {
  path: string;
}

export interface SumsCheck {
  path: string;
  ok: boolean;
  /** How many files it lists. */
  files: number;
  problems: string[];
}

export interface VerifyReport {
  ok: boolean;
  scripts: ScriptCheck[];
  sums: SumsCheck[];
  /** Whether signers were checked against trusted roots. */
  chainChecked: boolean;
}

export interface VerifyPathsOptions {
  cwd: string;
  /** DER certificates; when given, every signer must chain to one of them. */
  trustedRoots?: Uint8Array[];
  now: Date;
}

export async function verifyPaths(paths: readonly string[], options: VerifyPathsOptions): Promise<VerifyReport> {
  const scripts = new Set<string>();
  const sums = new Set<string>();
  for (const path of paths) {
    const full = resolve(options.cwd, path);
    let info;
    try {
      info = await stat(full);
    } catch {
      throw new InputError(`No such file or folder: ${path}`);
    }
    if (info.isDirectory()) {
      for (const file of await walk(full)) {
        if (basename(file) === SUMS_FILE) sums.add(file);
        else if (SCRIPT_EXTENSIONS.includes(extname(file).toLowerCase())) scripts.add(file);
      }
    } else if (basename(full) === SUMS_FILE) sums.add(full);
    else scripts.add(full);
  }
  if (scripts.size === 0 && sums.size === 0) throw new InputError(`Nothing to verify in ${paths.join(', ')}: no PowerShell script and no ${SUMS_FILE}`);

  const scriptChecks: ScriptCheck[] = [];
  /** Each script's signer thumbprint, by absolute path: the SHA256SUMS check reuses it. */
  const signers = new Map<string, string | undefined>();
  const verify = (bytes: Uint8Array) => verifyScript(bytes, { now: options.now, ...(options.trustedRoots ? { trustedRoots: options.trustedRoots } : {}) });
  for (const file of [...scripts].sort()) {
    const result = verify(new Uint8Array(await readFile(file)));
    signers.set(file, result.signer?.thumbprint);
    scriptChecks.push({ path: displayPath(options.cwd, file), ...result });
  }
  const signerOfScript = (file: string, bytes: Buffer) => (signers.has(file) ? signers.get(file) : verify(new Uint8Array(bytes)).signer?.thumbprint);
  const sumsChecks: SumsCheck[] = [];
  for (const file of [...sums].sort()) sumsChecks.push(await checkSums(file, options.cwd, signerOfScript));
  return {
    ok: scriptChecks.every((s) => s.status === 'Valid') && sumsChecks.every((s) => s.ok),
    scripts: scriptChecks,
    sums: sumsChecks,
    chainChecked: options.trustedRoots !== undefined,
  };
}

async function checkSums(file: string, cwd: string, signerOfScript: (path: string, bytes: Buffer) => string | undefined): Promise<SumsCheck> {
  const parsed = parseSums(await readFile(file, 'utf8'));
  const problems = [...parsed.problems];
  const scripts = new Map<string, Buffer>();
  let signer: { subject: string; thumbprint: string } | undefined;
  for (const entry of parsed.entries) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dirname(file), ...entry.path.split('/')));
    } catch {
      problems.push(`${entry.path}: missing`);
      continue;
    }
    if (sha256Hex(bytes) !== entry.sha256) problems.push(`${entry.path}: changed (its SHA-256 is not the one listed)`);
    else if (entry.path === BUILD_INFO_FILE) signer = readSigner(bytes.toString('utf8'));
    if (SCRIPT_EXTENSIONS.includes(extname(entry.path).toLowerCase())) scripts.set(entry.path, bytes);
  }
  // build-info.json names who signed this build: every script it lists must carry that signature.
  if (signer) {
    for (const [path, bytes] of scripts) {
      const found = signerOfScript(join(dirname(file), ...path.split('/')), bytes);
      if (found !== signer.thumbprint) problems.push(`${path}: ${found ? `signed by ${found}` : 'not signed'}, but ${BUILD_INFO_FILE} says the build was signed by ${signer.subject} (${signer.thumbprint})`);
    }
  }
  return { path: displayPath(cwd, file), ok: problems.length === 0, files: parsed.entries.length, problems };
}

/** Files under `dir`, sorted; folders whose name starts with a dot (like .signing) are skipped. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) out.push(...(await walk(full)));
    } else if (entry.isFile()) out.push(full);
  }
  return out;
}
