/**
 * What Windows requires of a code-signing certificate, as reasons a user can act on: the
 * codeSigning EKU and digitalSignature usage, the validity dates, and a chain through CA
 * certificates to a trusted root. Used when loading a signer and when verifying a signature.
 */
import { isIssuedBy, type ParsedCertificate } from './certificate.js';
import { sameBytes } from './asn1.js';
import { OID } from './oids.js';

const MAX_CHAIN = 8;

/** Why a certificate cannot sign code at `now`, or undefined when it can. */
export function unfitForCodeSigning(cert: ParsedCertificate, now: Date): string | undefined {
  if (!cert.extendedKeyUsage?.includes(OID.codeSigning)) {
    return `the certificate "${cert.subjectText}" is not valid for code signing (its extended key usage lacks codeSigning ${OID.codeSigning})`;
  }
  if (!cert.allowsDigitalSignature) {
    return `the certificate "${cert.subjectText}" is not valid for code signing (its key usage lacks digitalSignature)`;
  }
  return outsideValidity(cert, now);
}

function outsideValidity(cert: ParsedCertificate, now: Date): string | undefined {
  if (now < cert.notBefore) return `the certificate "${cert.subjectText}" is not valid before ${cert.notBefore.toISOString()}`;
  if (now > cert.notAfter) return `the certificate "${cert.subjectText}" expired on ${cert.notAfter.toISOString()}`;
  return undefined;
}

/** Undefined when `leaf` chains through `pool` to one of `roots`; else why not ("untrusted root: …"). */
export function untrustedChain(leaf: ParsedCertificate, pool: readonly ParsedCertificate[], roots: readonly ParsedCertificate[], now: Date): string | undefined {
  const problems: string[] = [];
  const walk = (cert: ParsedCertificate, used: readonly ParsedCertificate[]): boolean => {
    if (roots.some((r) => sameBytes(r.der, cert.der))) return true;
    for (const root of roots) {
      if (!isIssuedBy(cert, root)) continue;
      const bad = outsideValidity(root, now);
      if (!bad) return true;
      problems.push(bad);
    }
    if (used.length >= MAX_CHAIN) return false;
    for (const next of pool) {
      if (used.includes(next) || next === cert || !isIssuedBy(cert, next)) continue;
      if (!next.x509.ca) {
        problems.push(`the certificate "${next.subjectText}" is not a certificate authority`);
        continue;
      }
      const bad = outsideValidity(next, now);
      if (bad) {
        problems.push(bad);
        continue;
      }
      if (walk(next, [...used, next])) return true;
    }
    return false;
  };
  if (walk(leaf, [leaf])) return undefined;
  return `untrusted root: ${problems[0] ?? 'the chain does not reach a trusted root certificate'}`;
}
