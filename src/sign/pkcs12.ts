/**
 * Reads a PKCS#12 (.pfx/.p12) file with node:crypto alone: checks its password MAC, decrypts
 * its bags (PBES2/PBKDF2 with AES as OpenSSL 3 writes by default; PKCS#12 PBE with 3DES as older
 * tools write) and returns the private keys and certificates it holds. RC2 and RC4 (the
 * `-legacy` default) need OpenSSL's legacy provider, which Node does not load: that case is
 * reported as such. Errors are SigningErrors that never repeat the password.
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type KeyObject } from 'node:crypto';
import { Asn1Error, concat, parse, readOctets, readOid, readSmallInt, TAG, type Element } from './der.js';
import { SigningError } from './errors.js';
import { digestByOid, OID, type DigestName } from './oids.js';

export interface Pkcs12Contents {
  keys: KeyObject[];
  /** DER certificates, in file order. */
  certificates: Uint8Array[];
}

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
  safeContents: '1.2.840.113549.1.12.10.1.6',
} as const;
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PBMAC1 = '1.2.840.113549.1.5.14';

const HMAC_PRF: Record<string, DigestName | 'sha224'> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

/** PKCS#12 PBE (RFC 7292 appendix C): SHA-1 key derivation with these ciphers. */
const PKCS12_PBE: Record<string, { cipher: string; keyLength: number; ivLength: number; legacy: boolean }> = {
  '1.2.840.113549.1.12.1.1': { cipher: 'rc4', keyLength: 16, ivLength: 0, legacy: true },
  '1.2.840.113549.1.12.1.2': { cipher: 'rc4-40', keyLength: 5, ivLength: 0, legacy: true },
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8, legacy: false },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8, legacy: false },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2-cbc', keyLength: 16, ivLength: 8, legacy: true },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2-40-cbc', keyLength: 5, ivLength: 8, legacy: true },
};

const WRONG_PASSWORD = 'cannot open the PFX file: wrong password (or the file is damaged)';

/** Opens a PFX with its password. Throws SigningError. */
export function readPkcs12(pfx: Uint8Array, password: string): Pkcs12Contents {
  let outer: Element;
  let authSafe: Uint8Array;
  try {
    outer = parse(pfx).expect(TAG.SEQUENCE, 'PFX');
    if (readSmallInt(outer.child(0, 'version')) !== 3) throw new Asn1Error('PFX version is not 3');
    const contentInfo = outer.child(1, 'authSafe');
    if (readOid(contentInfo.child(0, 'contentType')) !== OID.data) {
      throw new SigningError('cannot open the PFX file: only password-protected PFX files are supported (not public-key integrity mode)');
    }
    authSafe = readOctets(contentInfo.child(1, 'content').child(0, 'data'));
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`cannot read the PFX file: it is not a PKCS#12 file (${(e as Error).message})`);
  }

  const candidates = passwordForms(password);
  const macData = outer.children()[2];
  let bmp = candidates[0]!;
  if (macData) bmp = checkMac(macData, authSafe, candidates);

  const result: Pkcs12Contents = { keys: [], certificates: [] };
  try {
    for (const info of parse(authSafe).children()) {
      const type = readOid(info.child(0, 'contentType'));
      if (type === OID.data) {
        readSafeContents(readOctets(info.child(1, 'content').child(0, 'data')), password, bmp, result);
      } else if (type === OID.encryptedData) {
        const encrypted = info.child(1, 'content').child(0, 'EncryptedData');
        const eci = encrypted.child(1, 'EncryptedContentInfo');
        const algorithm = eci.child(1, 'contentEncryptionAlgorithm');
        const payload = eci.child(2, 'encryptedContent');
        const bytes = payload.tag === 0x80 ? payload.content : concat(payload.children().map((c) => readOctets(c)));
        readSafeContents(decrypt(algorithm, bytes, password, bmp), password, bmp, result);
      } else {
        throw new SigningError('cannot open the PFX file: it uses public-key encryption (envelopedData), which is not supported');
      }
    }
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`cannot read the PFX file: malformed contents (${(e as Error).message})`);
  }
  return result;
}

/** The password as a PKCS#12 BMPString with its terminator; an empty one also as nothing. */
function passwordForms(password: string): Buffer[] {
  const bmp = Buffer.from(password + '\0', 'utf16le').swap16();
  return password === '' ? [bmp, Buffer.alloc(0)] : [bmp];
}

function checkMac(macData: Element, authSafe: Uint8Array, candidates: Buffer[]): Buffer {
  let digest: DigestName | undefined;
  let expected: Uint8Array;
  let salt: Uint8Array;
  let iterations = 1;
  try {
    const mac = macData.child(0, 'mac');
    const algorithm = readOid(mac.child(0, 'digestAlgorithm').child(0, 'algorithm'));
    if (algorithm === PBMAC1) throw new SigningError('cannot open the PFX file: its PBMAC1 integrity check is not supported; export it with a SHA-256 MAC (`openssl pkcs12 -export -macalg sha256`)');
    digest = digestByOid(algorithm)?.name;
    if (!digest) throw new SigningError(`cannot open the PFX file: unsupported MAC algorithm ${algorithm}`);
    expected = readOctets(mac.child(1, 'digest'));
    salt = readOctets(macData.child(1, 'macSalt'));
    const count = macData.children()[2];
    if (count) iterations = readSmallInt(count, 'iterations');
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`cannot read the PFX file: malformed MAC (${(e as Error).message})`);
  }
  const length = createHash(digest).digest().length;
  for (const bmp of candidates) {
    const key = pkcs12Kdf(digest, bmp, salt, 3, iterations, length);
    const actual = createHmac(digest, key).update(authSafe).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return bmp;
  }
  throw new SigningError(WRONG_PASSWORD);
}

function readSafeContents(der: Uint8Array, password: string, bmp: Buffer, out: Pkcs12Contents): void {
  for (const bag of parse(der).children()) {
    const type = readOid(bag.child(0, 'bagId'));
    const value = bag.child(1, 'bagValue').child(0, 'bag');
    if (type === BAG.key) {
      out.keys.push(privateKey(value.raw));
    } else if (type === BAG.shroudedKey) {
      out.keys.push(privateKey(decrypt(value.child(0, 'encryptionAlgorithm'), readOctets(value.child(1, 'encryptedData')), password, bmp)));
    } else if (type === BAG.cert) {
      if (readOid(value.child(0, 'certId')) === X509_CERTIFICATE) out.certificates.push(readOctets(value.child(1, 'certValue').child(0, 'certificate')));
    } else if (type === BAG.safeContents) {
      readSafeContents(value.raw, password, bmp, out);
    }
  }
}

function privateKey(pkcs8: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch {
    throw new SigningError('cannot read the private key in the PFX file (unsupported key type or damaged file)');
  }
}

function decrypt(algorithm: Element, data: Uint8Array, password: string, bmp: Buffer): Uint8Array {
  const id = readOid(algorithm.child(0, 'algorithm'));
  let cipher: string;
  let key: Buffer;
  let iv: Buffer;
  if (id === PBES2) {
    const params = algorithm.child(1, 'PBES2 parameters');
    const kdf = params.child(0, 'keyDerivationFunc');
    if (readOid(kdf.child(0, 'kdf')) !== PBKDF2) throw new SigningError('cannot open the PFX file: unsupported key derivation (PBKDF2 only)');
    const kdfParams = kdf.child(1, 'PBKDF2 parameters').children();
    const scheme = params.child(1, 'encryptionScheme');
    const schemeId = readOid(scheme.child(0, 'encryption algorithm'));
    const spec = PBES2_CIPHERS[schemeId];
    if (!spec) throw new SigningError(`cannot open the PFX file: unsupported encryption ${schemeId}`);
    const [saltElement, countElement, ...more] = kdfParams;
    if (!saltElement || !countElement) throw new Asn1Error('incomplete PBKDF2 parameters');
    const prfElement = more.find((e) => e.tag === TAG.SEQUENCE);
    const prf = prfElement ? HMAC_PRF[readOid(prfElement.child(0, 'prf'))] : 'sha1';
    if (!prf) throw new SigningError('cannot open the PFX file: unsupported PBKDF2 pseudo-random function');
    key = pbkdf2Sync(Buffer.from(password, 'utf8'), readOctets(saltElement), readSmallInt(countElement), spec.keyLength, prf);
    iv = Buffer.from(readOctets(scheme.child(1, 'IV')));
    cipher = spec.cipher;
  } else if (PKCS12_PBE[id]) {
    const spec = PKCS12_PBE[id]!;
    const params = algorithm.child(1, 'PBE parameters');
    const salt = readOctets(params.child(0, 'salt'));
    const iterations = readSmallInt(params.child(1, 'iterations'));
    key = pkcs12Kdf('sha1', bmp, salt, 1, iterations, spec.keyLength);
    iv = spec.ivLength ? pkcs12Kdf('sha1', bmp, salt, 2, iterations, spec.ivLength) : Buffer.alloc(0);
    cipher = spec.cipher;
    if (spec.legacy) {
      try {
        createDecipheriv(cipher, key, spec.ivLength ? iv : null);
      } catch {
        throw new SigningError(
          'cannot open the PFX file: it uses legacy RC2/RC4 encryption, which OpenSSL 3 only offers through its legacy provider; ' +
            're-export it with modern encryption, e.g. `openssl pkcs12 -legacy -in old.pfx -nodes | openssl pkcs12 -export -out new.pfx` (AES-256-CBC, PBKDF2, SHA-256 MAC)',
        );
      }
    }
  } else {
    throw new SigningError(`cannot open the PFX file: unsupported encryption ${id}`);
  }
  try {
    const decipher = createDecipheriv(cipher, key, iv.length ? iv : null);
    return concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new SigningError(WRONG_PASSWORD);
  }
}

/** RFC 7292 appendix B.2: derives `length` bytes of key (id 1), IV (2) or MAC key (3). */
export function pkcs12Kdf(hash: DigestName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, length: number): Buffer {
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
