/**
 * Authenticode for PowerShell scripts, in process: signs a UTF-8 (BOM, CRLF) script the way
 * Set-AuthenticodeSignature does, and verifies one as strictly as Get-AuthenticodeSignature.
 * Pure: no file system, no clock (the caller passes `now`), no process state. Facts and
 * byte layouts: shared/reference/authenticode-ps1.md.
 */
import { createHash, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { sameBytes } from './asn1.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { unfitForCodeSigning, untrustedChain } from './certificate-checks.js';
import { digestByName, digestByOid, OID } from './oids.js';
import { BEGIN, decodeForSigning, decodeForVerifying, findBlock, formatBlock } from './signature-block.js';
import { readSignedData, type SignedDataParts } from './signed-data.js';
import { signedDataTemplate, type SignedDataTemplate } from './signed-data-template.js';
import { POWERSHELL_SIP_GUID, readIndirectData, receivedDigestedBytes } from './spc-indirect-data.js';

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

/**
 * Returns the script with a fresh signature block (any existing one is replaced). The script
 * must be UTF-8 with a BOM and CRLF line endings. Same script and RSA key → same bytes (no
 * signingTime attribute); ECDSA signatures are randomised, so EC keys give different bytes.
 * Rejects with Error for a script it must not sign, or a key that does not match the certificate;
 * it does not check the certificate's dates or EKU (signerFromPem/signerFromPfx do, with a clock).
 * The signature is made on libuv's thread pool: many scripts are signed in parallel.
 */
export async function signScript(script: Uint8Array, signer: Signer): Promise<Uint8Array> {
  const text = decodeForSigning(script);
  const found = findBlock(text);
  if (found.kind === 'malformed') {
    throw new Error(`cannot sign: the script contains a "${BEGIN}" line that is not a well-formed trailing signature block (${found.reason})`);
  }
  const content = found.kind === 'block' ? found.content : text;
  const template = signatureTemplate(signer);
  const fileHash = createHash(template.hash).update(Buffer.from(content, 'utf16le')).digest();
  const block = formatBlock(await template.sign(fileHash));
  // The script decoded strictly, so its first bytes are the content's UTF-8: no need to encode it again.
  const contentLength = found.kind === 'block' ? Buffer.byteLength(content, 'utf8') : script.byteLength;
  const signed = new Uint8Array(contentLength + block.length);
  signed.set(script.subarray(0, contentLength));
  signed.set(Buffer.from(block, 'latin1'), contentLength);
  return signed;
}

/**
 * The signer's certificate read and matched with its key, and its signature encoded, once per
 * Signer (a build signs many scripts with one, unchanged).
 */
const templates = new WeakMap<Signer, SignedDataTemplate>();
function signatureTemplate(signer: Signer): SignedDataTemplate {
  const known = templates.get(signer);
  if (known) return known;
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
  const template = signedDataTemplate({ hash: digest.name, certificate, chain: signer.chain, key: signer.privateKey });
  templates.set(signer, template);
  return template;
}

/** Checks a signed script like Get-AuthenticodeSignature, with the statuses it uses. */
export function verifyScript(script: Uint8Array, options: VerifyOptions): VerifyResult {
  const decoded = decodeForVerifying(script);
  if ('error' in decoded) return { status: 'UnknownError', reason: decoded.error };
  const found = findBlock(decoded.text);
  if (found.kind === 'none') return { status: 'NotSigned', reason: 'no signature block' };
  if (found.kind === 'malformed') return { status: 'NotSigned', reason: found.reason };
  if (decoded.ambiguous) return { status: 'UnknownError', reason: decoded.ambiguous };

  let sd: SignedDataParts;
  try {
    sd = readSignedData(found.der);
  } catch (e) {
    return { status: 'NotSigned', reason: `the signature block is not an Authenticode signature (${message(e)})` };
  }
  try {
    return check(sd, found.content, options);
  } catch (e) {
    return { status: 'UnknownError', reason: `the signature cannot be checked (${message(e)})` };
  }
}

function check(sd: SignedDataParts, content: string, options: VerifyOptions): VerifyResult {
  // Which script, which hash.
  const indirect = readIndirectData(sd.indirectData);
  if (indirect.type !== OID.spcSipInfo) {
    return { status: 'UnknownError', reason: 'the signature is not for a PowerShell script (no SpcSipInfo)' };
  }
  if (!indirect.sipGuid || !sameBytes(indirect.sipGuid, POWERSHELL_SIP_GUID)) {
    return { status: 'UnknownError', reason: 'the signature is not for a PowerShell script (another SIP GUID)' };
  }
  const fileDigest = digestByOid(indirect.digestAlgorithm);
  if (!fileDigest) return { status: 'UnknownError', reason: 'unsupported hash algorithm in the signature' };

  // Who signed.
  const si = sd.signerInfo;
  const signerCert = sd.signerCertificate;
  if (!signerCert) return { status: 'UnknownError', reason: 'the signing certificate is not included in the signature' };
  const signer = { subject: signerCert.subjectText, thumbprint: signerCert.thumbprint };

  // Integrity: file hash, message digest, signature.
  const actual = createHash(fileDigest.name).update(Buffer.from(content, 'utf16le')).digest();
  if (!sameBytes(actual, indirect.digest)) {
    return { status: 'HashMismatch', reason: 'the script does not match its signature (changed after signing)', signer };
  }
  const attrDigest = digestByOid(si.digestAlgorithm);
  if (!attrDigest) return { status: 'UnknownError', reason: 'unsupported digest algorithm in the signer info', signer };
  if (!sd.digestAlgorithms.includes(si.digestAlgorithm)) {
    return { status: 'UnknownError', reason: "the signer's digest algorithm is not listed in the SignedData", signer };
  }
  const contentType = si.attributes.get(OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.getValue() !== OID.spcIndirectData) {
    return { status: 'HashMismatch', reason: 'the signed content type is not SPC_INDIRECT_DATA', signer };
  }
  const messageDigest = si.attributes.get(OID.messageDigest);
  const expectedDigest = createHash(attrDigest.name).update(receivedDigestedBytes(sd.indirectData)).digest();
  if (!(messageDigest instanceof asn1js.OctetString) || !sameBytes(messageDigest.getValue(), expectedDigest)) {
    return { status: 'HashMismatch', reason: 'the message digest does not match the signed content', signer };
  }
  const algorithm = si.signatureAlgorithm;
  const keyType = signerCert.x509.publicKey.asymmetricKeyType;
  const rsa = algorithm === OID.rsaEncryption || algorithm === attrDigest.rsa;
  const ecdsa = algorithm === OID.ecPublicKey || algorithm === attrDigest.ecdsa;
  if (!(rsa && keyType === 'rsa') && !(ecdsa && keyType === 'ec')) {
    return { status: 'UnknownError', reason: `unsupported signature algorithm ${algorithm} for a ${String(keyType)} key`, signer };
  }
  let good = false;
  try {
    good = cryptoVerify(attrDigest.name, si.signedAttributes, signerCert.x509.publicKey, si.signature);
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
    const untrusted = untrustedChain(signerCert, sd.certificates, roots, options.now);
    if (untrusted) return { status: 'UnknownError', reason: untrusted, signer };
  }
  return { status: 'Valid', signer };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
