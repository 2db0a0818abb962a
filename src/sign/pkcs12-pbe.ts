/**
 * The one piece of PKCS#12 written by hand: the RFC 7292 appendix B.2 key derivation and the
 * PKCS#12 PBE schemes built on it (appendix C: 3DES as Windows exports by default; RC2/RC4 as
 * `openssl pkcs12 -legacy` writes). pkijs decrypts only PBES2, and derives the MAC key only inside
 * its async WebCrypto PFX check, which it does not export. node:crypto does the hashing and the
 * ciphers; asn1js reads the parameters.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { octets } from './asn1.js';
import type { DigestName } from './oids.js';

export interface CipherChoice {
  /** node:crypto cipher name. */
  cipher: string;
  key: Buffer;
  iv: Buffer | null;
  /** Needs OpenSSL's legacy provider (RC2, RC4), which Node does not load by default. */
  legacy: boolean;
}

const SCHEMES: Record<string, { cipher: string; keyLength: number; ivLength: number; legacy: boolean }> = {
  '1.2.840.113549.1.12.1.1': { cipher: 'rc4', keyLength: 16, ivLength: 0, legacy: true },
  '1.2.840.113549.1.12.1.2': { cipher: 'rc4-40', keyLength: 5, ivLength: 0, legacy: true },
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8, legacy: false },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8, legacy: false },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2-cbc', keyLength: 16, ivLength: 8, legacy: true },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2-40-cbc', keyLength: 5, ivLength: 8, legacy: true },
};

/** The password as PKCS#12 wants it: BMPString (UTF-16BE) with a terminating NUL. */
export function bmpPassword(password: string): Buffer {
  return Buffer.from(password + '\0', 'utf16le').swap16();
}

/**
 * Cipher, key and IV for a PKCS#12 PBE AlgorithmIdentifier, undefined for another algorithm;
 * throws Error for malformed parameters.
 */
export function pkcs12PbeCipher(algorithm: pkijs.AlgorithmIdentifier, bmp: Uint8Array): CipherChoice | undefined {
  const scheme = SCHEMES[algorithm.algorithmId];
  if (!scheme) return undefined;
  const params: unknown = algorithm.algorithmParams;
  const schema = new asn1js.Sequence({ value: [new asn1js.OctetString({ name: 'pbe.salt' }), new asn1js.Integer({ name: 'pbe.iterations' })] });
  const parsed = params instanceof asn1js.Sequence ? asn1js.compareSchema(params, params, schema) : undefined;
  const count: unknown = parsed?.verified ? parsed.result['pbe.iterations'] : undefined;
  if (!parsed?.verified || !(count instanceof asn1js.Integer)) throw new Error('malformed PKCS#12 PBE parameters');
  const salt = octets(parsed.result['pbe.salt'], 'PBE salt');
  const iterations = count.valueBlock.valueDec;
  return {
    cipher: scheme.cipher,
    key: pkcs12Kdf('sha1', bmp, salt, 1, iterations, scheme.keyLength),
    iv: scheme.ivLength ? pkcs12Kdf('sha1', bmp, salt, 2, iterations, scheme.ivLength) : null,
    legacy: scheme.legacy,
  };
}

/** RFC 7292 appendix B.2: `length` bytes of key (id 1), IV (2) or MAC key (3) from a BMP password. */
export function pkcs12Kdf(hash: DigestName, password: Uint8Array, salt: Uint8Array, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const v = hash === 'sha384' || hash === 'sha512' ? 128 : 64;
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(password)]);
  const blocks: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    produced += a.length;
    if (produced >= length) break;
    const b = Buffer.alloc(v);
    for (let k = 0; k < v; k++) b[k] = a[k % a.length]!;
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
