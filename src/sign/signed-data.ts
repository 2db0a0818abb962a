/**
 * The PKCS#7 SignedData around an SpcIndirectDataContent, built and read with pkijs. Built as
 * Windows does: signed attributes contentType, messageDigest, SpcSpOpusInfo and SpcStatementType
 * in DER order and no signingTime (so RSA signatures are deterministic), the signer named by
 * issuer and serial number, its certificate then the chain it is given. node:crypto signs.
 */
import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodePki, der, octets, plainAlgorithmId, sameBytes } from './asn1.js';
import { parseCertificate, type ParsedCertificate } from './certificate.js';
import { digestByName, OID, type DigestName } from './oids.js';

export interface SignedDataInput {
  indirectData: asn1js.Sequence;
  hash: DigestName;
  certificate: ParsedCertificate;
  /** DER certificates to include after the signer's. */
  chain: readonly Uint8Array[];
  /** From signedAttributes(). */
  signedAttributes: pkijs.Attribute[];
  signatureAlgorithm: pkijs.AlgorithmIdentifier;
  signature: Uint8Array;
}

interface SignatureAlgorithm {
  identifier: pkijs.AlgorithmIdentifier;
  /** Signs the signed attributes as signedAttributesDer() encodes them, on libuv's thread pool, so that other work goes on meanwhile. */
  sign(signedAttributes: Uint8Array): Promise<Uint8Array>;
}

/** node:crypto's sign with a callback: on the thread pool. */
const signOnPool = promisify(cryptoSign);

export interface SignerInfoParts {
  digestAlgorithm: string;
  /** The signed attributes as the signature covers them: their encoding, tagged SET. */
  signedAttributes: Uint8Array;
  /** Each signed attribute's single value, by type. */
  attributes: Map<string, asn1js.AsnType>;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export interface SignedDataParts {
  digestAlgorithms: string[];
  indirectData: asn1js.Sequence;
  certificates: ParsedCertificate[];
  /** The certificate the signer info names by issuer and serial number, when included. */
  signerCertificate: ParsedCertificate | undefined;
  signerInfo: SignerInfoParts;
}

/** How `key` signs with `hash`; throws Error for a key that is neither RSA nor EC. */
export function signatureAlgorithm(key: KeyObject, hash: DigestName): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'rsa') {
    return {
      identifier: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
      sign: (signedAttributes) => signOnPool(hash, signedAttributes, key),
    };
  }
  if (key.asymmetricKeyType === 'ec') {
    return {
      identifier: new pkijs.AlgorithmIdentifier({ algorithmId: digestByName(hash)!.ecdsa }),
      sign: (signedAttributes) => signOnPool(hash, signedAttributes, { key, dsaEncoding: 'der' }),
    };
  }
  throw new Error(`cannot sign: unsupported key type "${String(key.asymmetricKeyType)}" (RSA or EC keys only)`);
}

/**
 * The signed attributes, DER-sorted, for content whose messageDigest is `messageDigest` (the
 * hash of digestedBytes(indirectData)).
 */
export function signedAttributes(messageDigest: Uint8Array): pkijs.Attribute[] {
  return derSorted([
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.spcIndirectData })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: messageDigest })),
    attribute(OID.spcSpOpusInfo, emptyOpusInfo()),
    attribute(OID.spcStatementType, new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.spcIndividualCodeSigning })] })),
  ]);
}

/** The signed attributes as the signature covers them: tagged SET. */
export function signedAttributesDer(attributes: pkijs.Attribute[]): Uint8Array {
  return der(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }));
}

/** The DER ContentInfo of a signature. */
export function encodeSignedData({ indirectData, hash, certificate, chain, signedAttributes, signatureAlgorithm, signature }: SignedDataInput): Uint8Array {
  const digest = digestByName(hash)!;
  const digestAlgorithm = (): pkijs.AlgorithmIdentifier => new pkijs.AlgorithmIdentifier({ algorithmId: digest.oid, algorithmParams: new asn1js.Null() });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.fields.issuer, serialNumber: certificate.fields.serialNumber }),
    digestAlgorithm: digestAlgorithm(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signedAttributes }),
    signatureAlgorithm,
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const encapContentInfo = new pkijs.EncapsulatedContentInfo({ eContentType: OID.spcIndirectData });
  // pkijs types eContent as id-data's OCTET STRING; it encodes and decodes any value as is.
  (encapContentInfo as { eContent?: asn1js.BaseBlock }).eContent = indirectData;
  const signedData = new pkijs.SignedData({
    digestAlgorithms: [digestAlgorithm()],
    encapContentInfo,
    // The leaf is already decoded (certificate.fields). A build encodes this once per signer and
    // signature length (the signature template: once for RSA, two or three times for ECDSA), so
    // the chain is decoded here, each time.
    certificates: [certificate.fields, ...chain.filter((c) => !sameBytes(c, certificate.der)).map((c) => decodePki(pkijs.Certificate, c, 'certificate'))],
    signerInfos: [signerInfo],
  });
  const schema = signedData.toSchema();
  // pkijs writes version 3 for any content type but id-data (RFC 5652); Authenticode keeps PKCS#7's 1.
  schema.valueBlock.value[0] = new asn1js.Integer({ value: 1 });
  return der(new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: schema }).toSchema());
}

function attribute(type: string, value: asn1js.BaseBlock): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

/** A DER SET OF is sorted by encoding (X.690 11.6); pkijs keeps the order it is given. */
function derSorted(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: der(a.toSchema()) }));
  return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map((e) => e.a);
}

/** SpcSpOpusInfo { programName [0] { unicode [0] "" }, moreInfo [1] { url [0] "" } }, as Windows writes it. */
function emptyOpusInfo(): asn1js.Sequence {
  const emptyChoice = (outer: number): asn1js.Constructed =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: outer }, value: [new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } })] });
  return new asn1js.Sequence({ value: [emptyChoice(0), emptyChoice(1)] });
}

/** Reads a signature's SignedData; throws Error when it is not one signer's Authenticode signature. */
export function readSignedData(bytes: Uint8Array): SignedDataParts {
  const contentInfo = decodePki(pkijs.ContentInfo, bytes, 'ContentInfo');
  if (contentInfo.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not a PKCS#7 SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  if (signedData.version !== 1) throw new Error(`SignedData version ${signedData.version} (expected 1)`);
  if (signedData.encapContentInfo.eContentType !== OID.spcIndirectData) throw new Error('the signed content is not SPC_INDIRECT_DATA');
  const content: asn1js.BaseBlock | undefined = signedData.encapContentInfo.eContent;
  if (!(content instanceof asn1js.Sequence)) throw new Error('the signed content is not an SpcIndirectDataContent');
  const certificates = receivedCertificates(contentInfo.content).map((c) => parseCertificate(c));
  const [signerInfo, ...others] = signedData.signerInfos;
  if (!signerInfo || others.length > 0) throw new Error(`${signedData.signerInfos.length} signer infos (expected 1)`);
  const sid: unknown = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) throw new Error('the signer is not named by issuer and serial number');
  return {
    digestAlgorithms: signedData.digestAlgorithms.map((a) => plainAlgorithmId(a, 'digest algorithm')),
    indirectData: content,
    certificates,
    signerCertificate: certificates.find(
      (c) =>
        sameBytes(c.fields.issuer.valueBeforeDecode, sid.issuer.valueBeforeDecode) &&
        sameBytes(c.fields.serialNumber.valueBlock.valueHexView, sid.serialNumber.valueBlock.valueHexView),
    ),
    signerInfo: readSignerInfo(signerInfo),
  };
}

/**
 * The DER of each X.509 certificate in the SignedData, as received: pkijs re-encodes the ones it
 * decodes, which would hide a change to a certificate from its issuer's signature.
 */
function receivedCertificates(signedData: unknown): Uint8Array[] {
  if (!(signedData instanceof asn1js.Sequence)) return [];
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value.filter((c) => c instanceof asn1js.Sequence).map((c) => new Uint8Array(c.valueBeforeDecodeView));
}

function readSignerInfo(si: pkijs.SignerInfo): SignerInfoParts {
  if (si.version !== 1) throw new Error('SignerInfo version is not 1');
  if (!si.signedAttrs) throw new Error('no signed attributes');
  const attributes = new Map<string, asn1js.AsnType>();
  for (const { type, values } of si.signedAttrs.attributes) {
    const [value, ...more] = values as asn1js.AsnType[];
    if (attributes.has(type) || !value || more.length > 0) throw new Error(`signed attribute ${type} is repeated`);
    attributes.set(type, value);
  }
  return {
    digestAlgorithm: plainAlgorithmId(si.digestAlgorithm, 'digestAlgorithm'),
    signedAttributes: new Uint8Array(si.signedAttrs.encodedValue),
    attributes,
    signatureAlgorithm: plainAlgorithmId(si.signatureAlgorithm, 'signatureAlgorithm'),
    signature: octets(si.signature, 'signature'),
  };
}
