/**
 * A throwaway code-signing identity for development: a self-signed RSA-3072 certificate with the
 * codeSigning EKU, so scripts can be signed (and tested with signature checks on) before a real
 * certificate exists. Nothing trusts it unless told to; its name says so.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { Signer } from './authenticode.js';
import { bitString, bool, ctx, int, nul, octetString, oid, parse, seq, setOf, time, utf8String } from './der.js';
import { makeSigner } from './keys.js';
import { digestByName, OID } from './oids.js';

export const DEVELOPMENT_SIGNER_NAME = 'runbook untrusted development signer';

export interface DevelopmentSigner {
  signer: Signer;
  certificatePem: string;
  /** Unencrypted PKCS#8: store it where only the user can read it. */
  keyPem: string;
}

/** Valid from `now` minus one day (clock skew) for two years. */
export function createDevelopmentSigner(options: { now: Date; hash: Signer['hash'] }): DevelopmentSigner {
  const digest = digestByName(options.hash);
  if (!digest || digest.name === 'sha1') throw new Error(`unsupported hash "${String(options.hash)}"`);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(parse(spki).child(1, 'subjectPublicKey').content.subarray(1)).digest();

  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000 - 24 * 3600 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 2);

  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, 16 bytes
  const name = seq(setOf(seq(oid(OID.commonName), utf8String(DEVELOPMENT_SIGNER_NAME))));
  const signatureAlgorithm = seq(oid(digest.rsa), nul());
  const extension = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
    critical ? seq(oid(id), bool(true), octetString(value)) : seq(oid(id), octetString(value));
  const tbs = seq(
    ctx(0, int(2)),
    int(serial),
    signatureAlgorithm,
    name,
    seq(time(notBefore), time(notAfter)),
    name,
    spki,
    ctx(
      3,
      seq(
        extension(OID.basicConstraints, true, seq()),
        extension(OID.keyUsage, true, bitString(Uint8Array.of(0x80), 7)), // digitalSignature
        extension(OID.extKeyUsage, false, seq(oid(OID.codeSigning))),
        extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
        extension(OID.authorityKeyIdentifier, false, seq(Uint8Array.of(0x80, keyId.length, ...keyId))),
      ),
    ),
  );
  const certificate = seq(tbs, signatureAlgorithm, bitString(sign(digest.name, tbs, privateKey)));
  const signer = makeSigner(certificate, [], privateKey, options.hash, options.now);
  return {
    signer,
    certificatePem: pem('CERTIFICATE', certificate),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
