/**
 * The signing options shared by `build` and `sign`, and how they become a SigningRequest.
 * Passwords come from RUNBOOK_SIGN_PASSWORD or a file, never from the command line.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SigningRequest } from '../load/signer.js';
import type { SigningHash } from '../sign/index.js';
import { UsageError } from './usage.js';
import type { Io } from './io.js';

export const PASSWORD_VARIABLE = 'RUNBOOK_SIGN_PASSWORD';
const HASHES: readonly SigningHash[] = ['sha256', 'sha384', 'sha512'];

export interface SigningFlags {
  signPfx?: string;
  signPasswordFile?: string;
  signCert?: string;
  signKey?: string;
  signChain?: string;
  signHash: string;
  unsigned?: boolean;
}

export function addSigningOptions(command: Command, unsignedOption: boolean): Command {
  command
    .option('--sign-pfx <file>', `sign with the certificate and key of a PFX file (password from ${PASSWORD_VARIABLE} or --sign-password-file)`)
    .option('--sign-password-file <file>', 'a file whose first line is the password of the PFX file or of an encrypted --sign-key')
    .option('--sign-cert <pem>', 'sign with this code-signing certificate (PEM) ...')
    .option('--sign-key <pem>', '... and this private key (PEM)')
    .option('--sign-chain <pem>', 'intermediate certificates to embed (PEM; the root is left out)')
    .option('--sign-hash <hash>', 'sha256, sha384 or sha512', 'sha256');
  if (unsignedOption) command.option('--unsigned', 'write the scripts without a signature');
  return command;
}

export function signingHash(flags: SigningFlags): SigningHash {
  const hash = flags.signHash as SigningHash;
  if (!HASHES.includes(hash)) throw new UsageError(`Unknown --sign-hash \`${flags.signHash}\`: use ${HASHES.join(', ')}`);
  return hash;
}

/** What the flags ask for; `developmentDir` when they name no key. */
export async function signingRequest(flags: SigningFlags, io: Io, developmentDir: string): Promise<SigningRequest> {
  const keyFlags = [flags.signPfx && '--sign-pfx', flags.signCert && '--sign-cert', flags.signKey && '--sign-key', flags.signChain && '--sign-chain'].filter(Boolean);
  if (flags.unsigned) {
    if (keyFlags.length > 0) throw new UsageError(`--unsigned cannot be combined with ${keyFlags.join(', ')}`);
    return { kind: 'unsigned' };
  }
  if (flags.signPfx) {
    if (flags.signCert || flags.signKey || flags.signChain) throw new UsageError('Use either --sign-pfx, or --sign-cert with --sign-key: not both');
    const password = await readPassword(flags, io);
    if (password === undefined) {
      throw new UsageError(`--sign-pfx needs its password: set ${PASSWORD_VARIABLE} or pass --sign-password-file <file> (never the password itself)`);
    }
    return { kind: 'pfx', file: flags.signPfx, password };
  }
  if (flags.signCert || flags.signKey) {
    if (!flags.signCert || !flags.signKey) throw new UsageError('--sign-cert and --sign-key go together: give both');
    const passphrase = await readPassword(flags, io);
    return {
      kind: 'pem',
      certificate: flags.signCert,
      key: flags.signKey,
      ...(flags.signChain ? { chain: flags.signChain } : {}),
      ...(passphrase === undefined ? {} : { passphrase }),
    };
  }
  if (flags.signChain) throw new UsageError('--sign-chain goes with --sign-cert and --sign-key');
  if (flags.signPasswordFile) throw new UsageError('--sign-password-file goes with --sign-pfx or an encrypted --sign-key');
  return { kind: 'development', dir: developmentDir };
}

async function readPassword(flags: SigningFlags, io: Io): Promise<string | undefined> {
  if (flags.signPasswordFile) {
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, flags.signPasswordFile), 'utf8');
    } catch {
      throw new UsageError(`Cannot read the password file ${flags.signPasswordFile}`);
    }
    return text.split(/\r?\n/)[0]!;
  }
  return io.env?.[PASSWORD_VARIABLE];
}
