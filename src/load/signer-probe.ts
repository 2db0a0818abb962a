/**
 * Which certificate would sign, told without reading a key or loading the CMS library: enough for
 * a rebuild to see that the signing identity has not changed. The key and chain files must be
 * there (loading the signer would fail, or make a new development signer, without them). PFX
 * files are encrypted, so they are not probed; neither is a certificate that is out of date or a
 * development certificate due for renewal (loading the signer is what reports or renews those).
 */
import { X509Certificate } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayPath } from './files.js';
import type { SigningHash } from '../sign/index.js';
import type { SigningRequest } from './signer.js';

export const DEVELOPMENT_CERTIFICATE = 'development-signer.crt.pem';
export const DEVELOPMENT_KEY = 'development-signer.key.pem';
/** A development certificate is replaced when it has less than this left. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

export type SignerProbe =
  | { kind: 'unsigned' }
  /**
   * SHA-1 of the certificate, upper-case hex, and the hash it would sign with; for the
   * development signer, where its certificate is.
   */
  | { kind: 'certificate'; thumbprint: string; hash: SigningHash; development?: string }
  /** Only loading the signer can tell. */
  | { kind: 'unknown' };

export async function probeSigner(request: SigningRequest, options: { cwd: string; hash: SigningHash; now: Date }): Promise<SignerProbe> {
  switch (request.kind) {
    case 'unsigned':
      return { kind: 'unsigned' };
    case 'pfx':
      return { kind: 'unknown' };
    case 'pem': {
      const others = [request.key, ...(request.chain === undefined ? [] : [request.chain])].map((f) => resolve(options.cwd, f));
      return probeCertificate(resolve(options.cwd, request.certificate), others, options, 0);
    }
    case 'development': {
      const dir = resolve(options.cwd, request.dir);
      const certificate = join(dir, DEVELOPMENT_CERTIFICATE);
      const probe = await probeCertificate(certificate, [join(dir, DEVELOPMENT_KEY)], options, RENEW_BEFORE_MS);
      return probe.kind === 'certificate' ? { ...probe, development: displayPath(options.cwd, certificate) } : probe;
    }
  }
}

async function probeCertificate(file: string, others: readonly string[], { now, hash }: { now: Date; hash: SigningHash }, marginMs: number): Promise<SignerProbe> {
  try {
    await Promise.all(others.map((f) => access(f)));
    const certificate = new X509Certificate(await readFile(file));
    const fit = Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() + marginMs <= Date.parse(certificate.validTo);
    return fit ? { kind: 'certificate', thumbprint: certificate.fingerprint.replace(/:/g, ''), hash } : { kind: 'unknown' };
  } catch {
    return { kind: 'unknown' };
  }
}
