/**
 * A certificate's Name as Windows' X500DistinguishedName prints it (`CN=leaf, O=Example, C=FR`:
 * most specific first, `, ` between RDNs, ` + ` inside a multi-valued one, quotes where needed),
 * so what we report matches what Get-AuthenticodeSignature shows.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { decodeExactly } from './asn1.js';

const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'T',
  '2.5.4.42': 'G',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  // pkijs flattens a Name's RDNs into one list: re-read its encoding to keep them grouped.
  const sequence = decodeExactly(new Uint8Array(name.valueBeforeDecode), 'name');
  const rdns = sequence instanceof asn1js.Sequence ? sequence.valueBlock.value : [];
  return rdns
    .map((rdn) => members(rdn).map((atv) => attributeToString(new pkijs.AttributeTypeAndValue({ schema: atv }))).join(' + '))
    .reverse()
    .join(', ');
}

function members(rdn: asn1js.AsnType): asn1js.AsnType[] {
  return rdn instanceof asn1js.Set ? rdn.valueBlock.value : [];
}

function attributeToString(atv: pkijs.AttributeTypeAndValue): string {
  const key = SHORT_NAMES[atv.type] ?? `OID.${atv.type}`;
  const value: asn1js.AsnType = atv.value;
  if (value instanceof asn1js.BaseStringBlock) return `${key}=${quote(value.getValue())}`;
  return `${key}=#${Buffer.from(value.valueBeforeDecodeView).toString('hex')}`;
}

function quote(value: string): string {
  if (value === '' || /[,+="\n<>#;]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}
