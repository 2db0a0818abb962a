/**
 * A signer's signature, encoded once and filled in for each script. All of it but the file hash,
 * the messageDigest attribute and the signature value depends on the signer alone (certificates,
 * key, hash), so pkijs encodes it once with placeholders of the right length and each script's
 * values overwrite them: same lengths, so the same DER around them. An ECDSA signature's DER
 * length varies: there is one encoding per signature length.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { der } from './asn1.js';
import type { ParsedCertificate } from './certificate.js';
import { digestByName, OID, type DigestName } from './oids.js';
import { encodeSignedData, signatureAlgorithm, signedAttributes, signedAttributesDer } from './signed-data.js';
import { buildIndirectData, digestedBytes } from './spc-indirect-data.js';

interface SignedDataTemplateInput {
  hash: DigestName;
  certificate: ParsedCertificate;
  /** DER certificates to include after the signer's. */
  chain: readonly Uint8Array[];
  key: KeyObject;
}

export interface SignedDataTemplate {
  hash: DigestName;
  /** The DER ContentInfo of the signature of a script whose UTF-16LE text hashes to `fileHash`, signed on libuv's thread pool. */
  sign(fileHash: Uint8Array): Promise<Uint8Array>;
}

/** Where each script's values go in one encoding of the SignedData. */
interface Envelope {
  der: Uint8Array;
  fileHashAt: number;
  messageDigestAt: number;
  signatureAt: number;
}

/** Throws Error for a key that is neither RSA nor EC. */
export function signedDataTemplate({ hash, certificate, chain, key }: SignedDataTemplateInput): SignedDataTemplate {
  const algorithm = signatureAlgorithm(key, hash);
  const placeholder = new Uint8Array(createHash(hash).digest().byteLength);

  const indirectData = buildIndirectData(placeholder, digestByName(hash)!.oid);
  const indirect = der(indirectData);
  // The DigestInfo's digest ends the SpcIndirectDataContent.
  const fileHashAt = indirect.byteLength - placeholder.byteLength;
  const digestedFrom = indirect.byteLength - digestedBytes(indirectData).byteLength;

  const attributes = signedAttributes(placeholder);
  const attributesSet = signedAttributesDer(attributes);
  // The messageDigest attribute ends with its value.
  const messageDigestAttribute = der(attributes.find((a) => a.type === OID.messageDigest)!.toSchema());
  const messageDigestAt = offsetOf(attributesSet, messageDigestAttribute) + messageDigestAttribute.byteLength - placeholder.byteLength;

  const envelopes = new Map<number, Envelope>();
  const envelope = (signatureLength: number): Envelope => {
    const known = envelopes.get(signatureLength);
    if (known) return known;
    const bytes = encodeSignedData({
      indirectData,
      hash,
      certificate,
      chain,
      signedAttributes: attributes,
      signatureAlgorithm: algorithm.identifier,
      signature: new Uint8Array(signatureLength),
    });
    const made = {
      der: bytes,
      fileHashAt: offsetOf(bytes, indirect) + fileHashAt,
      // The SignerInfo tags the attributes [0] instead of SET: the bytes after the tag are the same.
      messageDigestAt: offsetOf(bytes, attributesSet.subarray(1)) - 1 + messageDigestAt,
      // The signature ends the SignerInfo, the last element of the SignedData (no unsigned attributes).
      signatureAt: bytes.byteLength - signatureLength,
    };
    envelopes.set(signatureLength, made);
    return made;
  };

  return {
    hash,
    async sign(fileHash) {
      // What the signature covers, then the encoding the signature completes.
      const content = filled(indirect, [[fileHash, fileHashAt]]);
      const messageDigest = createHash(hash).update(content.subarray(digestedFrom)).digest();
      const signature = await algorithm.sign(filled(attributesSet, [[messageDigest, messageDigestAt]]));
      const at = envelope(signature.byteLength);
      return filled(at.der, [
        [fileHash, at.fileHashAt],
        [messageDigest, at.messageDigestAt],
        [signature, at.signatureAt],
      ]);
    },
  };
}

/** Where `part` lies in `whole`; it must occur exactly once. */
function offsetOf(whole: Uint8Array, part: Uint8Array): number {
  const haystack = Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength);
  const at = haystack.indexOf(part);
  if (at < 0 || haystack.indexOf(part, at + 1) >= 0) throw new Error('cannot sign: the signature template is ambiguous');
  return at;
}

/** A copy of `bytes` with each value written at its offset. */
function filled(bytes: Uint8Array, values: [value: Uint8Array, at: number][]): Uint8Array {
  const copy = bytes.slice();
  for (const [value, at] of values) copy.set(value, at);
  return copy;
}
