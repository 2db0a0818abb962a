/**
 * SpcIndirectDataContent, what an Authenticode signature signs: "a PowerShell script (SpcSipInfo
 * with the PowerShell SIP GUID) whose UTF-16LE text hashes to this". Built and read with asn1js
 * and pkijs' DigestInfo; the layout is in shared/reference/authenticode-ps1.md.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { plainAlgorithmId } from './asn1.js';
import { OID } from './oids.js';

/** The PowerShell SIP {603BCC1F-4B59-4E08-B724-D2C6297EF351} in Windows' mixed-endian order. */
export const POWERSHELL_SIP_GUID = Buffer.from('1fcc3b60594b084eb724d2c6297ef351', 'hex');

export interface IndirectData {
  /** The SpcAttributeTypeAndOptionalValue type: SpcSipInfo for scripts. */
  type: string;
  /** The SIP GUID, when the value is an SpcSipInfo. */
  sipGuid: Uint8Array | undefined;
  digestAlgorithm: string;
  digest: Uint8Array;
}

export function buildIndirectData(fileHash: Uint8Array, digestOid: string): asn1js.Sequence {
  const sipInfo = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 65536 }),
      new asn1js.OctetString({ valueHex: POWERSHELL_SIP_GUID }),
      ...Array.from({ length: 5 }, () => new asn1js.Integer({ value: 0 })),
    ],
  });
  const digestInfo = new pkijs.DigestInfo({
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: digestOid, algorithmParams: new asn1js.Null() }),
    digest: new asn1js.OctetString({ valueHex: fileHash }),
  });
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.spcSipInfo }), sipInfo] }), digestInfo.toSchema()],
  });
}

/** Throws Error when `content` is not an SpcIndirectDataContent. */
export function readIndirectData(content: asn1js.Sequence): IndirectData {
  const schema = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ name: 'spc.type' }), new asn1js.Any({ name: 'spc.value', optional: true })] }),
      pkijs.DigestInfo.schema({ names: { blockName: 'spc.digestInfo' } }),
    ],
  });
  // compareSchema hangs the named parts on `content`; the prefix keeps them off its own fields.
  const parsed = asn1js.compareSchema(content, content, schema);
  if (!parsed.verified) throw new Error('malformed SpcIndirectDataContent');
  const type: unknown = parsed.result['spc.type'];
  const value: unknown = parsed.result['spc.value'];
  const digestInfo = new pkijs.DigestInfo({ schema: parsed.result['spc.digestInfo'] });
  const guid = value instanceof asn1js.Sequence ? value.valueBlock.value[1] : undefined;
  return {
    type: type instanceof asn1js.ObjectIdentifier ? type.getValue() : '',
    sipGuid: guid instanceof asn1js.OctetString ? new Uint8Array(guid.getValue()) : undefined,
    digestAlgorithm: plainAlgorithmId(digestInfo.digestAlgorithm, 'file digest algorithm'),
    digest: new Uint8Array(digestInfo.digest.getValue()),
  };
}

/**
 * What the messageDigest attribute hashes: the content's value without its SEQUENCE tag and
 * length (the PKCS#7 v1.5 rule Authenticode keeps).
 */
export function digestedBytes(content: asn1js.Sequence): Uint8Array {
  return new Uint8Array(content.valueBlock.toBER());
}

/** The same for decoded content, from the bytes as received (re-encoding could change BER). */
export function receivedDigestedBytes(content: asn1js.Sequence): Uint8Array {
  return Buffer.concat(content.valueBlock.value.map((v) => v.valueBeforeDecodeView));
}
