/**
 * Authenticode for PowerShell scripts, in process: signs a UTF-8 (BOM, CRLF) script the way
 * Set-AuthenticodeSignature does, and verifies one as strictly as Get-AuthenticodeSignature.
 * Pure: no file system, no clock (the caller passes `now`), no process state. Facts and
 * byte layouts: shared/reference/authenticode-ps1.md.
 */
import { createHash, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { parseCertificate, isIssuedBy, KEY_USAGE, type ParsedCertificate } from './certificate.js';
import {
  Asn1Error,
  ctx,
  equalBytes,
  int,
  nul,
  octetString,
  oid,
  parse,
  readOctets,
  readOid,
  readSmallInt,
  seq,
  setOf,
  TAG,
  type Element,
} from './der.js';
import { digestByName, digestByOid, OID, type DigestName } from './oids.js';

export interface Signer {
  /** DER of the signing (leaf) certificate. */
  certificate: Uint8Array;
  /** DER of the intermediate certificates, without the root. */
  chain: Uint8Array[];
  /** RSA (PKCS#1 v1.5 signatures) or EC (ECDSA) private key matching `certificate`. */
  privateKey: KeyObject;
  hash: 'sha256' | 'sha384' | 'sha512';
}

export type VerifyStatus = 'Valid' | 'HashMismatch' | 'NotSigned' | 'UnknownError';

export interface VerifyResult {
  status: VerifyStatus;
  /** Why the status is not Valid. */
  reason?: string;
  /** The signing certificate, whenever the signature names one that is included. */
  signer?: { subject: string; thumbprint: string };
}

export interface VerifyOptions {
  /** DER certificates to trust; when given, the signer must chain to one of them. */
  trustedRoots?: Uint8Array[];
  /** The time at which certificates must be valid. */
  now: Date;
}

const BEGIN = '# SIG # Begin signature block';
const END = '# SIG # End signature block';
const CRLF = '\r\n';
const BOM = '\uFEFF';
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/** The PowerShell SIP {603BCC1F-4B59-4E08-B724-D2C6297EF351} in Windows' mixed-endian order. */
const POWERSHELL_SIP_GUID = Buffer.from('1fcc3b60594b084eb724d2c6297ef351', 'hex');
/** SpcSpOpusInfo with an empty program name and an empty URL, as Windows writes it. */
const EMPTY_OPUS_INFO = Uint8Array.from([0x30, 0x08, 0xa0, 0x02, 0x80, 0x00, 0xa1, 0x02, 0x80, 0x00]);
const CODE_SIGNING_EKU = OID.codeSigning;
const MAX_CHAIN = 8;

// ---------------------------------------------------------------------------------------------
// Signing
// ---------------------------------------------------------------------------------------------

/**
 * Returns the script with a fresh signature block (any existing one is replaced). The script
 * must be UTF-8 with a BOM and CRLF line endings. Same script and RSA key → same bytes (no
 * signingTime attribute); ECDSA signatures are randomised, so EC keys give different bytes.
 * Throws Error for a script it must not sign, or a key that does not match the certificate; it
 * does not check the certificate's dates or EKU (signerFromPem/signerFromPfx do, with a clock).
 */
export function signScript(script: Uint8Array, signer: Signer): Uint8Array {
  const text = decodeForSigning(script);
  const found = findBlock(text);
  if (found.kind === 'malformed') {
    throw new Error(`cannot sign: the script contains a "${BEGIN}" line that is not a well-formed trailing signature block (${found.reason})`);
  }
  const content = found.kind === 'block' ? found.content : text;
  const digest = digestByName(signer.hash);
  if (!digest || digest.name === 'sha1') throw new Error(`cannot sign: unsupported hash "${String(signer.hash)}" (use sha256, sha384 or sha512)`);

  let certificate: ParsedCertificate;
  try {
    certificate = parseCertificate(signer.certificate);
  } catch (e) {
    throw new Error(`cannot sign: the signing certificate cannot be read (${message(e)})`);
  }
  if (!certificate.x509.checkPrivateKey(signer.privateKey)) {
    throw new Error(`cannot sign: the private key does not match the certificate "${certificate.subjectText}"`);
  }

  const fileHash = createHash(digest.name).update(Buffer.from(content, 'utf16le')).digest();
  const der = signedData(fileHash, digest.name, certificate, signer.chain, signer.privateKey);
  return new Uint8Array(Buffer.from(content + signatureBlock(der), 'utf8'));
}

function decodeForSigning(script: Uint8Array): string {
  if (!UTF8_BOM.every((b, i) => script[i] === b)) {
    throw new Error('cannot sign: the script must be UTF-8 with a byte order mark (EF BB BF); write it as UTF-8 with BOM and CRLF line endings');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(script);
  } catch {
    throw new Error('cannot sign: the script is not valid UTF-8');
  }
  const bare = /\r(?!\n)|(?<!\r)\n/.exec(text);
  if (bare) {
    const line = text.slice(0, bare.index).split('\n').length;
    const which = bare[0] === '\n' ? 'a bare LF' : 'a bare CR';
    throw new Error(`cannot sign: line ${line} ends with ${which}; write the script with CRLF line endings before signing`);
  }
  return text;
}

function signedData(fileHash: Buffer, hash: DigestName, certificate: ParsedCertificate, chain: readonly Uint8Array[], key: KeyObject): Uint8Array {
  const digest = digestByName(hash)!;
  const digestAlgorithm = seq(oid(digest.oid), nul());
  const spcIndirectData = seq(
    seq(oid(OID.spcSipInfo), seq(int(65536), octetString(POWERSHELL_SIP_GUID), int(0), int(0), int(0), int(0), int(0))),
    seq(digestAlgorithm, octetString(fileHash)),
  );
  // PKCS#7 v1.5: the message digest covers the content's value, without its SEQUENCE header.
  const messageDigest = createHash(hash).update(parse(spcIndirectData).content).digest();
  const attributes = setOf(
    seq(oid(OID.contentType), setOf(oid(OID.spcIndirectData))),
    seq(oid(OID.messageDigest), setOf(octetString(messageDigest))),
    seq(oid(OID.spcSpOpusInfo), setOf(EMPTY_OPUS_INFO)),
    seq(oid(OID.spcStatementType), setOf(seq(oid(OID.spcIndividualCodeSigning)))),
  );

  let signatureAlgorithm: Uint8Array;
  let signature: Buffer;
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    signatureAlgorithm = seq(oid(OID.rsaEncryption), nul());
    signature = cryptoSign(hash, attributes, key);
  } else if (type === 'ec') {
    signatureAlgorithm = seq(oid(digest.ecdsa));
    signature = cryptoSign(hash, attributes, { key, dsaEncoding: 'der' });
  } else {
    throw new Error(`cannot sign: unsupported key type "${String(type)}" (RSA or EC keys only)`);
  }

  const signedAttributes = Uint8Array.from(attributes);
  signedAttributes[0] = 0xa0; // [0] IMPLICIT SET OF Attribute
  const signerInfo = seq(
    int(1),
    seq(certificate.issuer, certificate.serial),
    digestAlgorithm,
    signedAttributes,
    signatureAlgorithm,
    octetString(signature),
  );
  const certificates = [certificate.der, ...chain.filter((c) => !equalBytes(c, certificate.der))];
  const body = seq(
    int(1),
    setOf(digestAlgorithm),
    seq(oid(OID.spcIndirectData), ctx(0, spcIndirectData)),
    ctx(0, ...certificates),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), ctx(0, body));
}

function signatureBlock(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  let out = CRLF + BEGIN + CRLF;
  for (let i = 0; i < base64.length; i += 64) out += `# ${base64.slice(i, i + 64)}${CRLF}`;
  return out + END + CRLF;
}

// ---------------------------------------------------------------------------------------------
// Finding the block (shared by signing and verifying)
// ---------------------------------------------------------------------------------------------

type Found =
  | { kind: 'none' }
  | { kind: 'block'; content: string; der: Buffer }
  | { kind: 'malformed'; reason: string };

/**
 * Finds the signature block: a `# SIG # Begin signature block` line preceded by CRLF, then
 * `# <base64>` lines, then `# SIG # End signature block` ending the file (at most one CRLF
 * after it), CRLF throughout. Exactly one Begin line may start a line.
 */
function findBlock(text: string): Found {
  const starts: number[] = [];
  for (let i = text.indexOf(BEGIN); i >= 0; i = text.indexOf(BEGIN, i + 1)) {
    if (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' || (i === 1 && text[0] === BOM)) starts.push(i);
  }
  const start = starts[0];
  if (start === undefined) return { kind: 'none' };
  if (starts.length > 1) return { kind: 'malformed', reason: 'more than one signature block' };
  if (start < 2) return { kind: 'malformed', reason: 'the signature block is not preceded by the script and a CRLF' };
  if (text.slice(start - 2, start) !== CRLF) return { kind: 'malformed', reason: 'the signature block does not use CRLF line endings' };
  const lines = text.slice(start).split(CRLF);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.some((l) => l.includes('\r') || l.includes('\n'))) {
    return { kind: 'malformed', reason: 'the signature block does not use CRLF line endings' };
  }
  if (lines[0] !== BEGIN) return { kind: 'malformed', reason: 'unexpected text on the Begin line' };
  const end = lines.indexOf(END);
  if (end < 0) return { kind: 'malformed', reason: `no "${END}" line` };
  if (end !== lines.length - 1) return { kind: 'malformed', reason: `text after the "${END}" line` };
  let base64 = '';
  for (const line of lines.slice(1, end)) {
    const m = /^# ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) return { kind: 'malformed', reason: 'a line of the signature block is not "# " followed by base64' };
    base64 += m[1];
  }
  if (base64 === '' || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    return { kind: 'malformed', reason: 'the signature block is not valid base64' };
  }
  const der = Buffer.from(base64, 'base64');
  if (der.toString('base64') !== base64) return { kind: 'malformed', reason: 'the signature block is not canonical base64' };
  return { kind: 'block', content: text.slice(0, start - 2), der };
}

// ---------------------------------------------------------------------------------------------
// Verifying
// ---------------------------------------------------------------------------------------------

/** Checks a signed script like Get-AuthenticodeSignature, with the statuses it uses. */
export function verifyScript(script: Uint8Array, options: VerifyOptions): VerifyResult {
  const decoded = decodeForVerifying(script);
  if ('error' in decoded) return { status: 'UnknownError', reason: decoded.error };
  const found = findBlock(decoded.text);
  if (found.kind === 'none') return { status: 'NotSigned', reason: 'no signature block' };
  if (found.kind === 'malformed') return { status: 'NotSigned', reason: found.reason };
  if (decoded.ambiguous) return { status: 'UnknownError', reason: decoded.ambiguous };

  let sd: ParsedSignedData;
  try {
    sd = parseSignedData(found.der);
  } catch (e) {
    return { status: 'NotSigned', reason: `the signature block is not an Authenticode signature (${message(e)})` };
  }
  try {
    return check(sd, found.content, options);
  } catch (e) {
    return { status: 'UnknownError', reason: `the signature cannot be checked (${message(e)})` };
  }
}

function check(sd: ParsedSignedData, content: string, options: VerifyOptions): VerifyResult {
  // Which script, which hash.
  const indirect = sd.spcIndirectData;
  const [data, digestInfo] = [indirect.child(0, 'SpcAttributeTypeAndOptionalValue'), indirect.child(1, 'DigestInfo')];
  if (readOid(data.child(0, 'SIP type')) !== OID.spcSipInfo) {
    return { status: 'UnknownError', reason: 'the signature is not for a PowerShell script (no SpcSipInfo)' };
  }
  const sip = data.child(1, 'SpcSipInfo').expect(TAG.SEQUENCE, 'SpcSipInfo');
  if (!equalBytes(readOctets(sip.child(1, 'SIP GUID')), POWERSHELL_SIP_GUID)) {
    return { status: 'UnknownError', reason: 'the signature is not for a PowerShell script (another SIP GUID)' };
  }
  const fileDigest = digestByOid(algorithmOid(digestInfo.child(0, 'digestAlgorithm'), 'file digest algorithm'));
  if (!fileDigest) return { status: 'UnknownError', reason: 'unsupported hash algorithm in the signature' };
  const signedHash = readOctets(digestInfo.child(1, 'digest'));

  // Who signed.
  const si = sd.signerInfo;
  const signerCert = sd.certificates.find((c) => equalBytes(c.issuer, si.issuer) && equalBytes(c.serial, si.serial));
  if (!signerCert) return { status: 'UnknownError', reason: 'the signing certificate is not included in the signature' };
  const signer = { subject: signerCert.subjectText, thumbprint: signerCert.thumbprint };

  // Integrity: file hash, message digest, signature.
  const actual = createHash(fileDigest.name).update(Buffer.from(content, 'utf16le')).digest();
  if (!equalBytes(actual, signedHash)) {
    return { status: 'HashMismatch', reason: 'the script does not match its signature (changed after signing)', signer };
  }
  const attrDigest = digestByOid(si.digestAlgorithm);
  if (!attrDigest) return { status: 'UnknownError', reason: 'unsupported digest algorithm in the signer info', signer };
  if (!sd.digestAlgorithms.includes(si.digestAlgorithm)) {
    return { status: 'UnknownError', reason: "the signer's digest algorithm is not listed in the SignedData", signer };
  }
  const contentType = si.attributes.get(OID.contentType);
  if (!contentType || readOid(contentType) !== OID.spcIndirectData) {
    return { status: 'HashMismatch', reason: 'the signed content type is not SPC_INDIRECT_DATA', signer };
  }
  const messageDigest = si.attributes.get(OID.messageDigest);
  const expectedDigest = createHash(attrDigest.name).update(indirect.content).digest();
  if (!messageDigest || !equalBytes(readOctets(messageDigest), expectedDigest)) {
    return { status: 'HashMismatch', reason: 'the message digest does not match the signed content', signer };
  }
  const algorithm = si.signatureAlgorithm;
  const keyType = signerCert.x509.publicKey.asymmetricKeyType;
  const rsa = algorithm === OID.rsaEncryption || algorithm === attrDigest.rsa;
  const ecdsa = algorithm === OID.ecPublicKey || algorithm === attrDigest.ecdsa;
  if (!(rsa && keyType === 'rsa') && !(ecdsa && keyType === 'ec')) {
    return { status: 'UnknownError', reason: `unsupported signature algorithm ${algorithm} for a ${String(keyType)} key`, signer };
  }
  const signedBytes = Uint8Array.from(si.signedAttributes);
  signedBytes[0] = TAG.SET;
  let good = false;
  try {
    good = cryptoVerify(attrDigest.name, signedBytes, signerCert.x509.publicKey, si.signature);
  } catch {
    good = false;
  }
  if (!good) return { status: 'HashMismatch', reason: "the signature does not verify with the signing certificate's key", signer };

  // The certificate: purpose, dates, trust.
  const unfit = unfitForCodeSigning(signerCert, options.now);
  if (unfit) return { status: 'UnknownError', reason: unfit, signer };
  if (options.trustedRoots) {
    let roots: ParsedCertificate[];
    try {
      roots = options.trustedRoots.map((r) => parseCertificate(r));
    } catch (e) {
      return { status: 'UnknownError', reason: `a trusted root certificate cannot be read (${message(e)})`, signer };
    }
    const untrusted = checkChain(signerCert, sd.certificates, roots, options.now);
    if (untrusted) return { status: 'UnknownError', reason: untrusted, signer };
  }
  return { status: 'Valid', signer };
}

/** Why a certificate cannot sign code at `now`, or undefined when it can. */
export function unfitForCodeSigning(cert: ParsedCertificate, now: Date): string | undefined {
  if (!cert.extendedKeyUsage?.includes(CODE_SIGNING_EKU)) {
    return `the certificate "${cert.subjectText}" is not valid for code signing (its extended key usage lacks codeSigning ${CODE_SIGNING_EKU})`;
  }
  if (cert.keyUsage !== undefined && (cert.keyUsage & KEY_USAGE.digitalSignature) === 0) {
    return `the certificate "${cert.subjectText}" is not valid for code signing (its key usage lacks digitalSignature)`;
  }
  return outsideValidity(cert, now);
}

function outsideValidity(cert: ParsedCertificate, now: Date): string | undefined {
  if (now < cert.notBefore) return `the certificate "${cert.subjectText}" is not valid before ${cert.notBefore.toISOString()}`;
  if (now > cert.notAfter) return `the certificate "${cert.subjectText}" expired on ${cert.notAfter.toISOString()}`;
  return undefined;
}

/** Undefined when `leaf` chains through `pool` to one of `roots`; else why not ("untrusted root…"). */
function checkChain(leaf: ParsedCertificate, pool: readonly ParsedCertificate[], roots: readonly ParsedCertificate[], now: Date): string | undefined {
  const problems: string[] = [];
  const walk = (cert: ParsedCertificate, used: readonly ParsedCertificate[]): boolean => {
    if (roots.some((r) => equalBytes(r.der, cert.der))) return true;
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
  const detail = problems[0] ?? 'the chain does not reach a trusted root certificate';
  return `untrusted root: ${detail}`;
}

// ---- decoding the script for verification ----

function decodeForVerifying(bytes: Uint8Array): { text: string; ambiguous?: string } | { error: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b) };
    }
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      if (b.length % 2 !== 0) return { error: 'the script is UTF-16 with an odd number of bytes' };
      const le = Buffer.from(b);
      if (b[0] === 0xfe) le.swap16();
      return { text: new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(le) };
    }
  } catch {
    return { error: 'the script is not valid in the encoding its byte order mark announces' };
  }
  if (b.every((c) => c < 0x80)) return { text: b.toString('latin1') };
  const ambiguous =
    'the script has no byte order mark and non-ASCII text: Windows decodes it with the machine\'s code page, so its hash depends on the locale; save it as UTF-8 with BOM';
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), ambiguous };
  } catch {
    return { text: b.toString('latin1'), ambiguous };
  }
}

// ---- parsing the PKCS#7 SignedData ----

interface ParsedSignerInfo {
  issuer: Uint8Array;
  serial: Uint8Array;
  digestAlgorithm: string;
  /** The [0] IMPLICIT signed attributes, exactly as encoded. */
  signedAttributes: Uint8Array;
  /** Each attribute's single value, by type. */
  attributes: Map<string, Element>;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

interface ParsedSignedData {
  /** The SignedData's digestAlgorithms. */
  digestAlgorithms: string[];
  /** The SpcIndirectDataContent SEQUENCE. */
  spcIndirectData: Element;
  certificates: ParsedCertificate[];
  signerInfo: ParsedSignerInfo;
}

function parseSignedData(der: Uint8Array): ParsedSignedData {
  const contentInfo = parse(der).expect(TAG.SEQUENCE, 'ContentInfo');
  if (readOid(contentInfo.child(0, 'contentType')) !== OID.signedData) throw new Asn1Error('not a PKCS#7 SignedData');
  const body = contentInfo.child(1, 'content').expect(0xa0, 'content').child(0, 'SignedData').expect(TAG.SEQUENCE, 'SignedData');
  const parts = body.children();
  const version = readSmallInt(body.child(0, 'version'), 'version');
  if (version !== 1) throw new Asn1Error(`SignedData version ${version} (expected 1)`);
  const digestAlgorithms = body.child(1, 'digestAlgorithms').expect(TAG.SET, 'digestAlgorithms').children().map((a) => algorithmOid(a, 'digest algorithm'));
  const encap = body.child(2, 'contentInfo').expect(TAG.SEQUENCE, 'contentInfo');
  if (readOid(encap.child(0, 'contentType')) !== OID.spcIndirectData) throw new Asn1Error('the signed content is not SPC_INDIRECT_DATA');
  const spcIndirectData = encap.child(1, 'content').expect(0xa0, 'content').child(0, 'SpcIndirectDataContent').expect(TAG.SEQUENCE, 'SpcIndirectDataContent');

  const certificates: ParsedCertificate[] = [];
  const rest = parts.slice(3);
  const certSet = rest.find((p) => p.tag === 0xa0);
  for (const c of certSet?.children() ?? []) if (c.tag === TAG.SEQUENCE) certificates.push(parseCertificate(c.raw));
  const signerInfos = rest[rest.length - 1];
  if (!signerInfos || signerInfos.tag !== TAG.SET) throw new Asn1Error('no signerInfos');
  if (signerInfos.children().length !== 1) throw new Asn1Error(`${signerInfos.children().length} signer infos (expected 1)`);
  return { digestAlgorithms, spcIndirectData, certificates, signerInfo: parseSignerInfo(signerInfos.child(0, 'SignerInfo')) };
}

function parseSignerInfo(si: Element): ParsedSignerInfo {
  si.expect(TAG.SEQUENCE, 'SignerInfo');
  const [version, sid, digestAlgorithm, signedAttributes, signatureAlgorithm, signature] = si.children();
  if (!version || readSmallInt(version, 'SignerInfo version') !== 1) throw new Asn1Error('SignerInfo version is not 1');
  if (!sid || sid.tag !== TAG.SEQUENCE) throw new Asn1Error('the signer is not named by issuer and serial number');
  if (!digestAlgorithm || !signedAttributes || !signatureAlgorithm || !signature) throw new Asn1Error('incomplete SignerInfo');
  if (signedAttributes.tag !== 0xa0) throw new Asn1Error('no signed attributes');
  const attributes = new Map<string, Element>();
  for (const attribute of signedAttributes.children()) {
    const type = readOid(attribute.child(0, 'attribute type'));
    const values = attribute.child(1, 'attribute values').expect(TAG.SET, 'attribute values').children();
    if (attributes.has(type) || values.length !== 1) throw new Asn1Error(`signed attribute ${type} is repeated`);
    attributes.set(type, values[0]!);
  }
  return {
    issuer: sid.child(0, 'issuer').raw,
    serial: sid.child(1, 'serialNumber').expect(TAG.INTEGER, 'serialNumber').raw,
    digestAlgorithm: algorithmOid(digestAlgorithm, 'digestAlgorithm'),
    signedAttributes: signedAttributes.raw,
    attributes,
    signatureAlgorithm: algorithmOid(signatureAlgorithm, 'signatureAlgorithm'),
    signature: readOctets(signature, 'signature'),
  };
}

/** An AlgorithmIdentifier's OID; its parameters must be absent or NULL. */
function algorithmOid(e: Element, what: string): string {
  const parts = e.expect(TAG.SEQUENCE, what).children();
  const params = parts[1];
  if (parts.length > 2 || (params && !(params.tag === TAG.NULL && params.content.length === 0))) {
    throw new Asn1Error(`${what}: unexpected parameters`);
  }
  return readOid(e.child(0, what), what);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
