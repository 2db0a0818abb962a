/**
 * Turns a certificate and its private key (PEM files or a PFX) into a Signer, refusing any that
 * Windows would not accept for code signing: no codeSigning EKU, outside its validity dates, a
 * key that does not match. Reads no files: the CLI passes their contents. Error messages never
 * contain key material or passwords.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { sameBytes } from './asn1.js';
import type { Signer } from './authenticode.js';
import { isSelfSigned, parseCertificate, type ParsedCertificate } from './certificate.js';
import { unfitForCodeSigning } from './certificate-checks.js';
import { SigningError } from './errors.js';
import { readPkcs12 } from './pkcs12.js';

export { SigningError } from './errors.js';

export type SigningHash = Signer['hash'];

export interface CertificateInfo {
  /** As Windows prints it: `CN=…, O=…, C=…`. */
  subject: string;
  /** SHA-1 of the DER, upper-case hex, as Windows shows it. */
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

export interface PemSignerOptions {
  /** The signing certificate; further certificates in the same text are taken as its chain. */
  certificatePem: string;
  /** The private key (PKCS#8, PKCS#1 or SEC1 PEM). */
  keyPem: string;
  /** For an encrypted private key. */
  keyPassphrase?: string;
  /** Intermediate certificates (a self-signed root among them is dropped). */
  chainPem?: string;
  hash: SigningHash;
  now: Date;
}

export interface PfxSignerOptions {
  pfx: Uint8Array;
  password: string;
  hash: SigningHash;
  now: Date;
}

export function signerFromPem(options: PemSignerOptions): Signer {
  const certificates = pemCertificates(options.certificatePem, 'certificate');
  const chain = options.chainPem === undefined ? [] : pemCertificates(options.chainPem, 'chain');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(
      options.keyPassphrase === undefined
        ? { key: options.keyPem, format: 'pem' }
        : { key: options.keyPem, format: 'pem', passphrase: options.keyPassphrase },
    );
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MISSING_PASSPHRASE') throw new SigningError('cannot read the private key: it is encrypted and no passphrase was given');
    if (options.keyPassphrase !== undefined) throw new SigningError('cannot read the private key: wrong passphrase, or not a PEM private key');
    throw new SigningError('cannot read the private key: not a PEM private key');
  }
  const [leaf, ...rest] = certificates;
  return makeSigner(leaf!, [...rest, ...chain], privateKey, options.hash, options.now);
}

export function signerFromPfx(options: PfxSignerOptions): Signer {
  const contents = readPkcs12(options.pfx, options.password);
  if (contents.keys.length === 0) throw new SigningError('the PFX file holds no private key');
  if (contents.certificates.length === 0) throw new SigningError('the PFX file holds no certificate');
  const parsed = contents.certificates.map((der) => parse(der, 'a certificate in the PFX file'));
  for (const key of contents.keys) {
    const leaf = parsed.find((c) => c.x509.checkPrivateKey(key));
    if (leaf) {
      return makeSigner(
        leaf.der,
        parsed.filter((c) => c !== leaf).map((c) => c.der),
        key,
        options.hash,
        options.now,
      );
    }
  }
  const first = parsed[0]!;
  throw new SigningError(`the private key in the PFX file does not match its certificate "${first.subjectText}"`);
}

/** Subject, thumbprint and validity of a DER certificate. */
export function certificateInfo(der: Uint8Array): CertificateInfo {
  const c = parse(der, 'the certificate');
  return { subject: c.subjectText, thumbprint: c.thumbprint, notBefore: c.notBefore, notAfter: c.notAfter };
}

/** Checks the certificate, the key and the hash, and drops self-signed roots from the chain. */
export function makeSigner(certificate: Uint8Array, chain: readonly Uint8Array[], privateKey: KeyObject, hash: SigningHash, now: Date): Signer {
  if (!['sha256', 'sha384', 'sha512'].includes(hash)) throw new SigningError(`unsupported hash "${String(hash)}": use sha256, sha384 or sha512`);
  const leaf = parse(certificate, 'the signing certificate');
  const type = privateKey.asymmetricKeyType;
  if (privateKey.type !== 'private' || (type !== 'rsa' && type !== 'ec')) {
    throw new SigningError(`unsupported private key type "${String(type)}": use an RSA or EC key`);
  }
  if (!leaf.x509.checkPrivateKey(privateKey)) {
    throw new SigningError(`the private key does not match the certificate "${leaf.subjectText}"`);
  }
  const unfit = unfitForCodeSigning(leaf, now);
  if (unfit) throw new SigningError(`cannot sign with this certificate: ${unfit}`);
  const intermediates: Uint8Array[] = [];
  for (const der of chain) {
    const c = parse(der, 'a chain certificate');
    if (isSelfSigned(c) || sameBytes(der, certificate) || intermediates.some((d) => sameBytes(d, der))) continue;
    intermediates.push(der);
  }
  return { certificate, chain: intermediates, privateKey, hash };
}

function parse(der: Uint8Array, what: string): ParsedCertificate {
  try {
    return parseCertificate(der);
  } catch {
    throw new SigningError(`cannot read ${what}: not an X.509 certificate`);
  }
}

/** The DER of every CERTIFICATE block in a PEM text, in order. */
export function pemCertificates(pem: string, what: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN (?:X509 )?CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END (?:X509 )?CERTIFICATE-----/g;
  for (const m of pem.matchAll(re)) out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  if (out.length === 0) throw new SigningError(`cannot read the ${what}: no PEM "BEGIN CERTIFICATE" block`);
  for (const der of out) parse(der, `the ${what}`);
  return out;
}
