/**
 * A throwaway code-signing identity for development: a self-signed RSA-3072 certificate with the
 * codeSigning EKU, so scripts can be signed (and tested with signature checks on) before a real
 * certificate exists. Nothing trusts it unless told to; its name says so. pkijs builds the
 * certificate, node:crypto makes the key and signs.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodePki, der } from './asn1.js';
import type { Signer } from './authenticode.js';
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
  const publicKeyInfo = decodePki(pkijs.PublicKeyInfo, publicKey.export({ type: 'spki', format: 'der' }), 'public key');
  const keyId = createHash('sha1').update(publicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();

  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000 - 24 * 3600 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 2);

  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, 16 bytes
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [new pkijs.AttributeTypeAndValue({ type: OID.commonName, value: new asn1js.Utf8String({ value: DEVELOPMENT_SIGNER_NAME }) })],
  });
  const signatureAlgorithm = (): pkijs.AlgorithmIdentifier => new pkijs.AlgorithmIdentifier({ algorithmId: digest.rsa, algorithmParams: new asn1js.Null() });
  const keyIdentifier = (): asn1js.OctetString => new asn1js.OctetString({ valueHex: keyId });
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: serial }),
    signature: signatureAlgorithm(),
    issuer: name,
    notBefore: validityTime(notBefore),
    notAfter: validityTime(notAfter),
    subject: name,
    subjectPublicKeyInfo: publicKeyInfo,
    extensions: [
      extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false }).toSchema()),
      extension(OID.keyUsage, true, new asn1js.BitString({ valueHex: Uint8Array.of(0x80), unusedBits: 7 })), // digitalSignature
      extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [OID.codeSigning] }).toSchema()),
      extension(OID.subjectKeyIdentifier, false, keyIdentifier()),
      extension(OID.authorityKeyIdentifier, false, new pkijs.AuthorityKeyIdentifier({ keyIdentifier: keyIdentifier() }).toSchema()),
    ],
    signatureAlgorithm: signatureAlgorithm(),
  });
  certificate.signatureValue = new asn1js.BitString({ valueHex: sign(digest.name, der(certificate.encodeTBS()), privateKey) });
  const encoded = der(certificate.toSchema(true));
  const signer = makeSigner(encoded, [], privateKey, options.hash, options.now);
  return {
    signer,
    certificatePem: pem('CERTIFICATE', encoded),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function extension(extnID: string, critical: boolean, value: asn1js.BaseBlock): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER() });
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function validityTime(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime, value: date });
}

function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
