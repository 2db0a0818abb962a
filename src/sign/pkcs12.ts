/**
 * Reads a PKCS#12 (.pfx/.p12) file: pkijs decodes its structures (PFX, MacData,
 * AuthenticatedSafe, EncryptedData, SafeContents, bags, PBES2 parameters); node:crypto checks the
 * password MAC and decrypts, synchronously: PBES2/PBKDF2 with AES as OpenSSL 3 writes by default,
 * PKCS#12 PBE with 3DES as Windows exports (see pkcs12-pbe.ts). RC2 and RC4 (`-legacy`) need
 * OpenSSL's legacy provider, which Node does not load: that case is explained. Errors are
 * SigningErrors that never repeat the password.
 */
import { createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, timingSafeEqual, type Decipher, type KeyObject } from 'node:crypto';
import * as pkijs from 'pkijs';
import { decodePki, der, octets } from './asn1.js';
import { SigningError } from './errors.js';
import { digestByOid } from './oids.js';
import { bmpPassword, pkcs12Kdf, pkcs12PbeCipher, type CipherChoice } from './pkcs12-pbe.js';

export interface Pkcs12Contents {
  keys: KeyObject[];
  /** DER certificates, in file order. */
  certificates: Uint8Array[];
}

const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const PBMAC1 = '1.2.840.113549.1.5.14';

const HMAC_PRF: Record<string, string> = {
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

const WRONG_PASSWORD = 'cannot open the PFX file: wrong password (or the file is damaged)';
const LEGACY_ENCRYPTION =
  'cannot open the PFX file: it uses legacy RC2/RC4 encryption, which OpenSSL 3 only offers through its legacy provider; ' +
  're-export it with modern encryption: `openssl pkcs12 -legacy -in old.pfx -nodes | openssl pkcs12 -export -out new.pfx` ' +
  '(AES-256-CBC, PBKDF2, SHA-256 MAC), or from Windows with the "AES256-SHA256" encryption';

/** A password in the two forms the PFX uses: UTF-8 for PBES2, BMPString for the MAC and PKCS#12 PBE. */
interface Password {
  utf8: Buffer;
  bmp: Buffer;
}

/** Opens a PFX with its password. Throws SigningError. */
export function readPkcs12(bytes: Uint8Array, password: string): Pkcs12Contents {
  let pfx: pkijs.PFX;
  try {
    pfx = decodePki(pkijs.PFX, bytes, 'PFX');
    if (pfx.version !== 3) throw new Error('PFX version is not 3');
  } catch (e) {
    throw new SigningError(`cannot read the PFX file: it is not a PKCS#12 file (${(e as Error).message})`);
  }
  if (pfx.authSafe.contentType !== pkijs.ContentInfo.DATA) {
    throw new SigningError('cannot open the PFX file: only password-protected PFX files are supported (not public-key integrity mode)');
  }
  const result: Pkcs12Contents = { keys: [], certificates: [] };
  try {
    const authSafe = octets(pfx.authSafe.content, 'authSafe');
    const forms: Password = {
      utf8: Buffer.from(password, 'utf8'),
      bmp: pfx.macData ? checkMac(pfx.macData, authSafe, password) : bmpPassword(password),
    };
    for (const info of decodePki(pkijs.AuthenticatedSafe, authSafe, 'AuthenticatedSafe').safeContents) {
      readSafeContents(safeContents(info, forms), forms, result);
    }
  } catch (e) {
    if (e instanceof SigningError) throw e;
    throw new SigningError(`cannot read the PFX file: malformed contents (${(e as Error).message})`);
  }
  return result;
}

/** Checks the password MAC; returns the password form that matched (an empty password has two). */
function checkMac(macData: pkijs.MacData, authSafe: Uint8Array, password: string): Buffer {
  const algorithm = macData.mac.digestAlgorithm.algorithmId;
  if (algorithm === PBMAC1) {
    throw new SigningError('cannot open the PFX file: its PBMAC1 integrity check is not supported; export it with a SHA-256 MAC (`openssl pkcs12 -export -macalg sha256`)');
  }
  const digest = digestByOid(algorithm)?.name;
  if (!digest) throw new SigningError(`cannot open the PFX file: unsupported MAC algorithm ${algorithm}`);
  const expected = octets(macData.mac.digest, 'MAC');
  const salt = octets(macData.macSalt, 'MAC salt');
  const length = createHash(digest).digest().length;
  const candidates = password === '' ? [bmpPassword(''), Buffer.alloc(0)] : [bmpPassword(password)];
  for (const bmp of candidates) {
    const key = pkcs12Kdf(digest, bmp, salt, 3, macData.iterations ?? 1, length);
    const actual = createHmac(digest, key).update(authSafe).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return bmp;
  }
  throw new SigningError(WRONG_PASSWORD);
}

/** The SafeContents inside one of the AuthenticatedSafe's ContentInfos, decrypted if needed. */
function safeContents(info: pkijs.ContentInfo, password: Password): pkijs.SafeContents {
  if (info.contentType === pkijs.ContentInfo.DATA) {
    return decodePki(pkijs.SafeContents, octets(info.content, 'SafeContents'), 'SafeContents');
  }
  if (info.contentType === pkijs.ContentInfo.ENCRYPTED_DATA) {
    const encrypted = new pkijs.EncryptedData({ schema: info.content }).encryptedContentInfo;
    const plain = decrypt(encrypted.contentEncryptionAlgorithm, new Uint8Array(encrypted.getEncryptedContent()), password);
    return decodePki(pkijs.SafeContents, plain, 'SafeContents');
  }
  throw new SigningError('cannot open the PFX file: it uses public-key encryption (envelopedData), which is not supported');
}

function readSafeContents(contents: pkijs.SafeContents, password: Password, out: Pkcs12Contents): void {
  for (const { bagValue } of contents.safeBags) {
    if (bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
      out.keys.push(privateKey(decrypt(bagValue.encryptionAlgorithm, octets(bagValue.encryptedData, 'encrypted key'), password)));
    } else if (bagValue instanceof pkijs.PrivateKeyInfo) {
      out.keys.push(privateKey(der(bagValue.toSchema())));
    } else if (bagValue instanceof pkijs.CertBag) {
      if (bagValue.certId === X509_CERTIFICATE) out.certificates.push(octets(bagValue.certValue, 'certificate'));
    } else if (bagValue instanceof pkijs.SafeContents) {
      readSafeContents(bagValue, password, out);
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

function decrypt(algorithm: pkijs.AlgorithmIdentifier, data: Uint8Array, password: Password): Uint8Array {
  const choice = algorithm.algorithmId === PBES2 ? pbes2Cipher(algorithm, password.utf8) : pkcs12PbeCipher(algorithm, password.bmp);
  if (!choice) throw new SigningError(`cannot open the PFX file: unsupported encryption ${algorithm.algorithmId}`);
  let decipher: Decipher;
  try {
    decipher = createDecipheriv(choice.cipher, choice.key, choice.iv);
  } catch (e) {
    if (choice.legacy) throw new SigningError(LEGACY_ENCRYPTION);
    throw e;
  }
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new SigningError(WRONG_PASSWORD);
  }
}

/** PBES2 (RFC 8018) with PBKDF2 and AES or 3DES, from pkijs' reading of the parameters. */
function pbes2Cipher(algorithm: pkijs.AlgorithmIdentifier, password: Buffer): CipherChoice {
  const params = new pkijs.PBES2Params({ schema: algorithm.algorithmParams });
  if (params.keyDerivationFunc.algorithmId !== PBKDF2) throw new SigningError('cannot open the PFX file: unsupported key derivation (PBKDF2 only)');
  const kdf = new pkijs.PBKDF2Params({ schema: params.keyDerivationFunc.algorithmParams });
  const scheme = PBES2_CIPHERS[params.encryptionScheme.algorithmId];
  if (!scheme) throw new SigningError(`cannot open the PFX file: unsupported encryption ${params.encryptionScheme.algorithmId}`);
  const prf = kdf.prf ? HMAC_PRF[kdf.prf.algorithmId] : 'sha1';
  if (!prf) throw new SigningError('cannot open the PFX file: unsupported PBKDF2 pseudo-random function');
  return {
    cipher: scheme.cipher,
    key: pbkdf2Sync(password, octets(kdf.salt, 'PBKDF2 salt'), kdf.iterationCount, scheme.keyLength, prf),
    iv: Buffer.from(octets(params.encryptionScheme.algorithmParams, 'IV')),
    legacy: false,
  };
}
