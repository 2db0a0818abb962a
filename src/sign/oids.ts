/**
 * The object identifiers Authenticode and X.509 use here, by name, and the digest algorithms we
 * accept with their node:crypto names and signature algorithm OIDs.
 */

export const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  spcIndirectData: '1.3.6.1.4.1.311.2.1.4',
  spcStatementType: '1.3.6.1.4.1.311.2.1.11',
  spcSpOpusInfo: '1.3.6.1.4.1.311.2.1.12',
  spcIndividualCodeSigning: '1.3.6.1.4.1.311.2.1.21',
  spcSipInfo: '1.3.6.1.4.1.311.2.1.30',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  extKeyUsage: '2.5.29.37',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  commonName: '2.5.4.3',
} as const;

export type DigestName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

interface DigestAlgorithm {
  name: DigestName;
  oid: string;
  rsa: string;
  ecdsa: string;
}

const DIGESTS: readonly DigestAlgorithm[] = [
  { name: 'sha1', oid: '1.3.14.3.2.26', rsa: '1.2.840.113549.1.1.5', ecdsa: '1.2.840.10045.4.1' },
  { name: 'sha256', oid: '2.16.840.1.101.3.4.2.1', rsa: '1.2.840.113549.1.1.11', ecdsa: '1.2.840.10045.4.3.2' },
  { name: 'sha384', oid: '2.16.840.1.101.3.4.2.2', rsa: '1.2.840.113549.1.1.12', ecdsa: '1.2.840.10045.4.3.3' },
  { name: 'sha512', oid: '2.16.840.1.101.3.4.2.3', rsa: '1.2.840.113549.1.1.13', ecdsa: '1.2.840.10045.4.3.4' },
];

export function digestByName(name: string): DigestAlgorithm | undefined {
  return DIGESTS.find((d) => d.name === name);
}

export function digestByOid(oid: string): DigestAlgorithm | undefined {
  return DIGESTS.find((d) => d.oid === oid);
}
