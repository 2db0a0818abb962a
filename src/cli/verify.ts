import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pemCertificates, SigningError } from '../sign/keys.js';
import { verifyPaths } from '../verify/verify.js';
import { EXIT, type Io } from './io.js';
import { printJson } from './report.js';
import { UsageError } from './usage.js';

export interface VerifyFlags {
  ca?: string;
  json?: boolean;
}

export async function verifyCommand(paths: string[], flags: VerifyFlags, io: Io): Promise<number> {
  const trustedRoots = flags.ca ? await readRoots(flags.ca, io.cwd) : undefined;
  const report = await verifyPaths(paths, { cwd: io.cwd, now: new Date(), ...(trustedRoots ? { trustedRoots } : {}) });
  if (flags.json) {
    printJson(report, io);
    return report.ok ? EXIT.ok : EXIT.errors;
  }
  const width = Math.max(...report.scripts.map((s) => s.status.length), 0);
  for (const s of report.scripts) {
    const who = s.signer ? `  ${s.signer.subject}  ${s.signer.thumbprint}` : '';
    io.stdout.write(`${s.status.padEnd(width)}  ${s.path}${who}\n`);
    if (s.reason) io.stdout.write(`${' '.repeat(width)}  reason: ${s.reason}\n`);
  }
  for (const sums of report.sums) {
    io.stdout.write(`${sums.ok ? 'OK' : 'FAILED'}  ${sums.path} (${sums.files} file(s))\n`);
    for (const p of sums.problems) io.stdout.write(`  ${p}\n`);
  }
  const bad = report.scripts.filter((s) => s.status !== 'Valid').length + report.sums.filter((s) => !s.ok).length;
  if (!report.chainChecked && report.scripts.length > 0) {
    io.stdout.write('note: no --ca given: signatures were checked, but not whether a root you trust issued them\n');
  }
  io.stdout.write(report.ok ? `all ${report.scripts.length} script(s) and ${report.sums.length} checksum file(s) verified\n` : `${bad} check(s) failed\n`);
  return report.ok ? EXIT.ok : EXIT.errors;
}

async function readRoots(file: string, cwd: string): Promise<Uint8Array[]> {
  let pem: string;
  try {
    pem = await readFile(resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`Cannot read the --ca file ${file}`);
  }
  try {
    return pemCertificates(pem, 'trusted root certificate');
  } catch (error) {
    if (error instanceof SigningError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}
