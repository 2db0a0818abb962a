/**
 * Small checks asn1js and pkijs leave to their callers: exactly one well-nested value (their
 * fromBER ignores trailing bytes and lets an element run past the end of the one holding it),
 * OCTET STRING where a schema says "any", AlgorithmIdentifiers without parameters. The encoding
 * and decoding are theirs.
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';

/** Decodes `bytes` as exactly one well-formed BER value; throws Error naming `what` otherwise. */
export function decodeExactly(bytes: Uint8Array, what: string): asn1js.AsnType {
  const { offset, result } = asn1js.fromBER(bytes);
  if (offset === -1) throw new Error(`${what}: ${result.error || 'not ASN.1'}`);
  if (offset !== bytes.byteLength) throw new Error(`${what}: ${bytes.byteLength - offset} bytes after the ASN.1 value`);
  if (!wellNested(result)) throw new Error(`${what}: an element runs past the end of the element holding it`);
  return result;
}

/** Whether every definite-length constructed element holds exactly the bytes it declares. */
function wellNested(block: asn1js.AsnType): boolean {
  const children: unknown = 'value' in block.valueBlock ? block.valueBlock.value : undefined;
  if (!block.idBlock.isConstructed || !Array.isArray(children)) return true;
  if (!block.lenBlock.isIndefiniteForm && block.valueBlock.blockLength !== block.lenBlock.length) return false;
  return children.every((child: asn1js.AsnType) => wellNested(child));
}

/** A pkijs structure decoded from exactly `bytes`; throws Error when they do not match its schema. */
export function decodePki<T>(Type: new (parameters: { schema: asn1js.AsnType }) => T, bytes: Uint8Array, what: string): T {
  return new Type({ schema: decodeExactly(bytes, what) });
}

/** The value of an OCTET STRING (joining the pieces of a constructed one); throws Error for anything else. */
export function octets(block: unknown, what: string): Uint8Array {
  if (!(block instanceof asn1js.OctetString)) throw new Error(`${what}: not an OCTET STRING`);
  return new Uint8Array(block.getValue());
}

/** The algorithm OID; its parameters must be absent or NULL (digest and signature algorithms). */
export function plainAlgorithmId(algorithm: pkijs.AlgorithmIdentifier, what: string): string {
  const params: unknown = algorithm.algorithmParams;
  if (params !== undefined && !(params instanceof asn1js.Null)) throw new Error(`${what}: unexpected parameters`);
  return algorithm.algorithmId;
}

export function der(block: { toBER(): ArrayBuffer }): Uint8Array {
  return new Uint8Array(block.toBER());
}

export function sameBytes(a: Uint8Array | ArrayBuffer, b: Uint8Array | ArrayBuffer): boolean {
  return Buffer.compare(new Uint8Array(a), new Uint8Array(b)) === 0;
}
