/**
 * Just enough ASN.1 for Authenticode and PKCS#12: a reader that keeps every element's exact bytes
 * (signatures cover bytes, not values), accepts BER (indefinite lengths, constructed strings, as
 * found in some .pfx files), and a DER writer. Only low tag numbers (< 31) are supported.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Thrown for malformed ASN.1; callers turn it into their own error or status. */
export class Asn1Error extends Error {
  override name = 'Asn1Error';
}

const MAX_DEPTH = 64;

/** One element: its tag byte, its whole encoding (`raw`) and its contents (`content`). */
export class Element {
  private kids: Element[] | undefined;

  constructor(
    readonly tag: number,
    readonly raw: Uint8Array,
    readonly content: Uint8Array,
    private readonly depth: number,
  ) {}

  get constructed(): boolean {
    return (this.tag & 0x20) !== 0;
  }

  /** The elements inside a constructed element. */
  children(): Element[] {
    if (!this.constructed) throw new Asn1Error(`tag 0x${hex(this.tag)} is not constructed`);
    this.kids ??= readAll(this.content, this.depth + 1);
    return this.kids;
  }

  child(index: number, what: string): Element {
    const c = this.children()[index];
    if (!c) throw new Asn1Error(`missing ${what}`);
    return c;
  }

  expect(tag: number, what: string): this {
    if (this.tag !== tag) throw new Asn1Error(`${what}: expected tag 0x${hex(tag)}, found 0x${hex(this.tag)}`);
    return this;
  }
}

/** Parses exactly one element that fills `bytes`. */
export function parse(bytes: Uint8Array): Element {
  const [element, end] = readAt(bytes, 0, 0);
  if (end !== bytes.length) throw new Asn1Error(`${bytes.length - end} trailing bytes after the ASN.1 element`);
  return element;
}

function readAll(bytes: Uint8Array, depth: number): Element[] {
  const out: Element[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const [element, end] = readAt(bytes, pos, depth);
    out.push(element);
    pos = end;
  }
  return out;
}

function readAt(bytes: Uint8Array, start: number, depth: number): [Element, number] {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nested too deeply');
  let pos = start;
  const tag = byteAt(bytes, pos++);
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('high tag numbers are not supported');
  const first = byteAt(bytes, pos++);
  if (first === 0x80) {
    if ((tag & 0x20) === 0) throw new Asn1Error('indefinite length on a primitive element');
    const contentStart = pos;
    while (!(byteAt(bytes, pos) === 0 && byteAt(bytes, pos + 1) === 0)) {
      pos = readAt(bytes, pos, depth + 1)[1];
    }
    const element = new Element(tag, bytes.subarray(start, pos + 2), bytes.subarray(contentStart, pos), depth);
    return [element, pos + 2];
  }
  let length = first;
  if (first > 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new Asn1Error('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(bytes, pos++);
  }
  const end = pos + length;
  if (end > bytes.length) throw new Asn1Error('ASN.1 element runs past the end of the data');
  return [new Element(tag, bytes.subarray(start, end), bytes.subarray(pos, end), depth), end];
}

function byteAt(bytes: Uint8Array, pos: number): number {
  const b = bytes[pos];
  if (b === undefined) throw new Asn1Error('truncated ASN.1 data');
  return b;
}

// ---- reading values ----

export function readOid(e: Element, what = 'object identifier'): string {
  e.expect(TAG.OID, what);
  const c = e.content;
  if (c.length === 0) throw new Asn1Error(`${what}: empty`);
  const arcs: number[] = [];
  let value = 0;
  for (const b of c) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const top = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(top, value - top * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  return arcs.join('.');
}

/** The bytes of an OCTET STRING, joining the pieces of a constructed (BER) one. */
export function readOctets(e: Element, what = 'octet string'): Uint8Array {
  if (e.tag === TAG.OCTET_STRING) return e.content;
  if (e.tag === (TAG.OCTET_STRING | 0x20)) return concat(e.children().map((c) => readOctets(c, what)));
  throw new Asn1Error(`${what}: expected an OCTET STRING`);
}

/** A small non-negative INTEGER as a number. */
export function readSmallInt(e: Element, what = 'integer'): number {
  e.expect(TAG.INTEGER, what);
  const c = e.content;
  if (c.length === 0 || c.length > 6 || (c[0]! & 0x80) !== 0) throw new Asn1Error(`${what}: out of range`);
  let n = 0;
  for (const b of c) n = n * 256 + b;
  return n;
}

/** UTCTime or GeneralizedTime (Z form) as a Date. */
export function readTime(e: Element, what = 'time'): Date {
  const s = Buffer.from(e.content).toString('latin1');
  let m: RegExpMatchArray | null;
  if (e.tag === TAG.UTC_TIME) {
    m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
    if (m) {
      const yy = Number(m[1]);
      return utc(yy >= 50 ? 1900 + yy : 2000 + yy, m);
    }
  } else if (e.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(s);
    if (m) return utc(Number(m[1]), m);
  }
  throw new Asn1Error(`${what}: unsupported time "${s}"`);
}

function utc(year: number, m: RegExpMatchArray): Date {
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** Decodes the ASN.1 string types used in names; undefined for anything else. */
export function readString(e: Element): string | undefined {
  const c = Buffer.from(e.content);
  switch (e.tag) {
    case TAG.UTF8_STRING:
      return c.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case TAG.T61_STRING:
      return c.toString('latin1');
    case TAG.BMP_STRING: {
      const swapped = Buffer.from(c);
      swapped.swap16();
      return swapped.toString('utf16le');
    }
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < c.length; i += 4) s += String.fromCodePoint(c.readUInt32BE(i));
      return s;
    }
    default:
      return undefined;
  }
}

// ---- writing DER ----

export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = concat(contents);
  const n = body.length;
  let header: number[];
  if (n < 0x80) header = [tag, n];
  else if (n < 0x100) header = [tag, 0x81, n];
  else if (n < 0x10000) header = [tag, 0x82, n >> 8, n & 0xff];
  else if (n < 0x1000000) header = [tag, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  else throw new Asn1Error('element too large');
  return concat([Uint8Array.from(header), body]);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);

/** A DER SET OF: the encodings sorted as byte strings (X.690 11.6). */
export function setOf(...items: Uint8Array[]): Uint8Array {
  return tlv(TAG.SET, ...[...items].sort(compareBytes));
}

/** Context-specific tag `[n]`, constructed (EXPLICIT or IMPLICIT of a constructed type). */
export const ctx = (n: number, ...items: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...items);

/** Context-specific primitive tag `[n]` (IMPLICIT of a primitive type). */
export const ctxPrimitive = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);

export const nul = (): Uint8Array => Uint8Array.of(TAG.NULL, 0);
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);
export const utf8String = (s: string): Uint8Array => tlv(TAG.UTF8_STRING, Buffer.from(s, 'utf8'));
export const bitString = (bytes: Uint8Array, unusedBits = 0): Uint8Array => tlv(TAG.BIT_STRING, Uint8Array.of(unusedBits), bytes);
export const bool = (value: boolean): Uint8Array => Uint8Array.of(TAG.BOOLEAN, 1, value ? 0xff : 0);

export function int(value: number | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Asn1Error('only non-negative safe integers');
    const out: number[] = [];
    let v = value;
    do {
      out.unshift(v % 256);
      v = Math.floor(v / 256);
    } while (v > 0);
    bytes = Uint8Array.from(out);
  } else {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0 && (value[i + 1]! & 0x80) === 0) i++;
    bytes = value.subarray(i);
  }
  if ((bytes[0]! & 0x80) !== 0) bytes = concat([Uint8Array.of(0), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((a) => !Number.isSafeInteger(a) || a < 0)) throw new Asn1Error(`bad OID ${dotted}`);
  const out: number[] = [];
  const encodeArc = (a: number): void => {
    const bytes = [a & 0x7f];
    a = Math.floor(a / 128);
    while (a > 0) {
      bytes.unshift((a & 0x7f) | 0x80);
      a = Math.floor(a / 128);
    }
    out.push(...bytes);
  };
  encodeArc(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) encodeArc(a);
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5); whole seconds. */
export function time(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${String(y % 100).padStart(2, '0')}${rest}Z`, 'latin1'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${String(y).padStart(4, '0')}${rest}Z`, 'latin1'));
}

// ---- bytes ----

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}
