/**
 * Which certificate would sign, told without loading a key or the CMS library: enough for a
 * rebuild to see that the signing identity has not changed. PFX files are encrypted, so they
 * are not probed; neither is a certificate that is out of date or a development certificate due
 * for renewal (loading the signer is what reports or renews those).
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SigningHash } from '../sign/index.js';
import type { SigningRequest } from './signer.js';

export const DEVELOPMENT_CERTIFICATE = 'development-signer.crt.pem';
export const DEVELOPMENT_KEY = 'development-signer.key.pem';
/** A development certificate is replaced when it has less than this left. */
export const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

export type SignerProbe =
  | { kind: 'unsigned' }
  /** SHA-1 of the certificate, upper-case hex, and the hash it would sign with. */
  | { kind: 'certificate'; thumbprint: string; hash: SigningHash }
  /** Only loading the signer can tell. */
  | { kind: 'unknown' };

export async function probeSigner(request: SigningRequest, options: { cwd: string; hash: SigningHash; now: Date }): Promise<SignerProbe> {
  switch (request.kind) {
    case 'unsigned':
      return { kind: 'unsigned' };
    case 'pfx':
      return { kind: 'unknown' };
    case 'pem':
      return probeCertificate(resolve(options.cwd, request.certificate), options, 0);
    case 'development':
      return probeCertificate(join(resolve(options.cwd, request.dir), DEVELOPMENT_CERTIFICATE), options, RENEW_BEFORE_MS);
  }
}

async function probeCertificate(file: string, { now, hash }: { now: Date; hash: SigningHash }, marginMs: number): Promise<SignerProbe> {
  try {
    const certificate = new X509Certificate(await readFile(file));
    const fit = Date.parse(certificate.validFrom) <= now.getTime() && now.getTime() + marginMs <= Date.parse(certificate.validTo);
    return fit ? { kind: 'certificate', thumbprint: certificate.fingerprint.replace(/:/g, ''), hash } : { kind: 'unknown' };
  } catch {
    return { kind: 'unknown' };
  }
}
