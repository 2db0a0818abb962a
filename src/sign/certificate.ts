/**
 * An X.509 certificate as signing and verifying need it: pkijs for its fields (issuer and serial
 * to name the signer, validity, key usages), node:crypto's X509Certificate for keys and
 * signatures, the subject and SHA-1 thumbprint as Windows shows them.
 */
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodePki, sameBytes } from './asn1.js';
import { nameToString } from './distinguished-name.js';
import { OID } from './oids.js';

export interface ParsedCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  fields: pkijs.Certificate;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs; undefined when the extension is absent. */
  extendedKeyUsage: string[] | undefined;
  /** False only when a KeyUsage extension leaves out digitalSignature (or cannot be read). */
  allowsDigitalSignature: boolean;
  /** Like Windows: `CN=leaf, O=Example, C=FR` (most specific first). */
  subjectText: string;
  /** SHA-1 of the DER, upper-case hex without separators, as Windows shows it. */
  thumbprint: string;
}

/** Throws Error when the bytes are not exactly one certificate. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const fields = decodePki(pkijs.Certificate, der, 'certificate');
  const x509 = new X509Certificate(der);
  return {
    der,
    x509,
    fields,
    notBefore: fields.notBefore.value,
    notAfter: fields.notAfter.value,
    extendedKeyUsage: extendedKeyUsage(fields),
    allowsDigitalSignature: allowsDigitalSignature(fields),
    subjectText: nameToString(fields.subject),
    thumbprint: x509.fingerprint.replace(/:/g, ''),
  };
}

function extension(certificate: pkijs.Certificate, id: string): pkijs.Extension | undefined {
  return certificate.extensions?.find((e) => e.extnID === id);
}

function extendedKeyUsage(certificate: pkijs.Certificate): string[] | undefined {
  const value = extension(certificate, OID.extKeyUsage)?.parsedValue;
  if (value === undefined) return undefined;
  return value instanceof pkijs.ExtKeyUsage ? value.keyPurposes : [];
}

function allowsDigitalSignature(certificate: pkijs.Certificate): boolean {
  const ext = extension(certificate, OID.keyUsage);
  if (!ext) return true;
  const bits: unknown = ext.parsedValue;
  return bits instanceof asn1js.BitString && ((bits.valueBlock.valueHexView[0] ?? 0) & 0x80) !== 0;
}

/** Whether `child` names `parent` as issuer and `parent`'s key verifies `child`'s signature. */
export function isIssuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  try {
    return child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
  } catch {
    return false;
  }
}

export function isSelfSigned(cert: ParsedCertificate): boolean {
  if (!sameBytes(cert.fields.issuer.valueBeforeDecode, cert.fields.subject.valueBeforeDecode)) return false;
  try {
    return cert.x509.verify(cert.x509.publicKey);
  } catch {
    return false;
  }
}
