/**
 * The I/O edge of signing: reads the key files the user names, or keeps the untrusted
 * development signer in `<out>/.signing/`, and returns a Signer. Messages name the file and say
 * what to do; they never contain key material or a password.
 */
import { chmod, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  certificateInfo,
  createDevelopmentSigner,
  signerFromPem,
  signerFromPfx,
  signScript,
  SigningError,
  type Signer,
  type SigningHash,
} from '../sign/index.js';
import { writeAtomic } from '../write/atomic.js';
import { displayPath, InputError } from './files.js';
import { DEVELOPMENT_CERTIFICATE, DEVELOPMENT_KEY, RENEW_BEFORE_MS } from './signer-probe.js';

export type SigningRequest =
  | { kind: 'unsigned' }
  /** The development signer kept in `dir`, created on first use. */
  | { kind: 'development'; dir: string }
  | { kind: 'pem'; certificate: string; key: string; chain?: string; passphrase?: string }
  | { kind: 'pfx'; file: string; password: string };

export interface SignerIdentity {
  subject: string;
  /** SHA-1 of the certificate, upper-case hex, as Windows shows it. */
  thumbprint: string;
  /** Set for the untrusted development signer: where its certificate is, and whether it is new. */
  development?: { certificate: string; created: boolean };
}

export interface LoadedSigner {
  signer: Signer;
  identity: SignerIdentity;
  /** Signs a script (UTF-8 with BOM, CRLF), replacing any signature block; the signature is made on libuv's thread pool. */
  sign(script: Uint8Array): Promise<Uint8Array>;
}


export async function loadSigner(request: SigningRequest, options: { cwd: string; hash: SigningHash; now: Date }): Promise<LoadedSigner | undefined> {
  const { cwd, hash, now } = options;
  switch (request.kind) {
    case 'unsigned':
      return undefined;
    case 'development':
      return developmentSigner(resolve(cwd, request.dir), cwd, hash, now);
    case 'pem': {
      const certificatePem = await readText(cwd, request.certificate, 'signing certificate');
      const keyPem = await readText(cwd, request.key, 'private key');
      const chainPem = request.chain === undefined ? undefined : await readText(cwd, request.chain, 'certificate chain');
      const signer = await withFile(request.certificate, () =>
        signerFromPem({
          certificatePem,
          keyPem,
          hash,
          now,
          ...(chainPem === undefined ? {} : { chainPem }),
          ...(request.passphrase === undefined ? {} : { keyPassphrase: request.passphrase }),
        }),
      );
      return loaded(signer);
    }
    case 'pfx': {
      const pfx = await readBytes(cwd, request.file, 'PFX file');
      return loaded(await withFile(request.file, () => signerFromPfx({ pfx, password: request.password, hash, now })));
    }
  }
}

function loaded(signer: Signer, development?: SignerIdentity['development']): LoadedSigner {
  const info = certificateInfo(signer.certificate);
  return {
    signer,
    identity: { subject: info.subject, thumbprint: info.thumbprint, ...(development ? { development } : {}) },
    sign: (script) => signScript(script, signer),
  };
}

/** Reuses the development signer in `dir` while it is fit for another week; otherwise makes one. */
async function developmentSigner(dir: string, cwd: string, hash: SigningHash, now: Date): Promise<LoadedSigner> {
  const certificatePath = join(dir, DEVELOPMENT_CERTIFICATE);
  const keyPath = join(dir, DEVELOPMENT_KEY);
  const shown = displayPath(cwd, certificatePath);
  const existing = await Promise.all([readFile(certificatePath, 'utf8'), readFile(keyPath, 'utf8')]).catch(() => undefined);
  if (existing) {
    try {
      // Fit a week from now (it was made valid from a day before it was made), so fit now too.
      const signer = signerFromPem({ certificatePem: existing[0], keyPem: existing[1], hash, now: new Date(now.getTime() + RENEW_BEFORE_MS) });
      return loaded(signer, { certificate: shown, created: false });
    } catch (error) {
      if (!(error instanceof SigningError)) throw error;
      // Expiring or damaged: replace it below.
    }
  }
  const made = createDevelopmentSigner({ now, hash });
  await writeAtomic({ path: join(dir, '.gitignore'), content: '# The untrusted development signer of runbook: never commit it.\n*\n' });
  await writeAtomic({ path: keyPath, content: made.keyPem });
  await chmod(keyPath, 0o600);
  await writeAtomic({ path: certificatePath, content: made.certificatePem });
  return loaded(made.signer, { certificate: shown, created: true });
}

async function withFile<T>(file: string, make: () => T | Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    if (error instanceof SigningError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

async function readText(cwd: string, file: string, what: string): Promise<string> {
  return (await readBytes(cwd, file, what)).toString('utf8');
}

async function readBytes(cwd: string, file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(resolve(cwd, file));
  } catch {
    throw new InputError(`cannot read the ${what} ${file}: no such readable file`);
  }
}
