/**
 * Reads the parts of an X.509 certificate that signing and verifying need: the exact issuer and
 * serial bytes (to name the signer), validity dates, key usages, the subject as Windows prints it
 * and the SHA-1 thumbprint Windows shows. Signature checks use node:crypto's X509Certificate.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { Asn1Error, parse, readOid, readString, readTime, TAG, type Element } from './der.js';
import { OID } from './oids.js';

export interface ParsedCertificate {
  der: Uint8Array;
  x509: X509Certificate;
  /** The serial number's whole INTEGER encoding. */
  serial: Uint8Array;
  /** The issuer and subject Names' whole encodings. */
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usage OIDs; undefined when the extension is absent. */
  extendedKeyUsage: string[] | undefined;
  /** The KeyUsage bits (bit 0 = digitalSignature); undefined when the extension is absent. */
  keyUsage: number | undefined;
  /** Like Windows: `CN=leaf, O=Example, C=FR` (most specific first). */
  subjectText: string;
  /** SHA-1 of the DER, upper-case hex without separators, as Windows shows it. */
  thumbprint: string;
}

/** Throws Asn1Error (or node's error) when the bytes are not a certificate. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = parse(der).expect(TAG.SEQUENCE, 'certificate');
  const tbs = cert.child(0, 'tbsCertificate').expect(TAG.SEQUENCE, 'tbsCertificate');
  const fields = tbs.children();
  let i = 0;
  if (fields[0]?.tag === 0xa0) i++; // [0] version
  const serial = field(fields, i++, 'serialNumber').expect(TAG.INTEGER, 'serialNumber');
  field(fields, i++, 'signature');
  const issuer = field(fields, i++, 'issuer').expect(TAG.SEQUENCE, 'issuer');
  const validity = field(fields, i++, 'validity').expect(TAG.SEQUENCE, 'validity');
  const subject = field(fields, i++, 'subject').expect(TAG.SEQUENCE, 'subject');
  let extendedKeyUsage: string[] | undefined;
  let keyUsage: number | undefined;
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (extensions) {
    for (const ext of extensions.child(0, 'extensions').children()) {
      const parts = ext.children();
      const id = readOid(field(parts, 0, 'extnID'));
      const value = parse(field(parts, parts.length - 1, 'extnValue').expect(TAG.OCTET_STRING, 'extnValue').content);
      if (id === OID.extKeyUsage) extendedKeyUsage = value.children().map((e) => readOid(e, 'key purpose'));
      if (id === OID.keyUsage) keyUsage = readKeyUsage(value);
    }
  }
  const x509 = new X509Certificate(der);
  return {
    der,
    x509,
    serial: serial.raw,
    issuer: issuer.raw,
    subject: subject.raw,
    notBefore: readTime(validity.child(0, 'notBefore'), 'notBefore'),
    notAfter: readTime(validity.child(1, 'notAfter'), 'notAfter'),
    extendedKeyUsage,
    keyUsage,
    subjectText: nameToString(subject),
    thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}

function field(fields: Element[], index: number, what: string): Element {
  const f = fields[index];
  if (!f) throw new Asn1Error(`certificate: missing ${what}`);
  return f;
}

/** KeyUsage BIT STRING → number with bit 0 = digitalSignature, bit 5 = keyCertSign. */
function readKeyUsage(e: Element): number {
  e.expect(TAG.BIT_STRING, 'keyUsage');
  let bits = 0;
  const bytes = e.content.subarray(1);
  for (let i = 0; i < bytes.length && i < 2; i++) {
    for (let b = 0; b < 8; b++) if (bytes[i]! & (0x80 >> b)) bits |= 1 << (i * 8 + b);
  }
  return bits;
}

export const KEY_USAGE = { digitalSignature: 1, keyCertSign: 1 << 5 } as const;

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** A Name as Windows' X500DistinguishedName prints it: RDNs in reverse order, `, ` between. */
export function nameToString(name: Element): string {
  return name
    .children()
    .map((rdn) =>
      rdn
        .children()
        .map((atv) => {
          const type = readOid(atv.child(0, 'attribute type'));
          const valueElement = atv.child(1, 'attribute value');
          const value = readString(valueElement);
          const key = SHORT_NAMES[type] ?? `OID.${type}`;
          return `${key}=${value === undefined ? `#${Buffer.from(valueElement.raw).toString('hex')}` : quote(value)}`;
        })
        .join(' + '),
    )
    .reverse()
    .join(', ');
}

function quote(value: string): string {
  if (value === '' || /[,+="\n<>#;]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
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
  if (!Buffer.from(cert.issuer).equals(cert.subject)) return false;
  try {
    return cert.x509.verify(cert.x509.publicKey);
  } catch {
    return false;
  }
}
