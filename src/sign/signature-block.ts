/**
 * The text side of a signed PowerShell script: decoding it as Windows does, finding the
 * `# SIG # Begin signature block` … `# SIG # End signature block` comment block (strictly: CRLF,
 * one block, nothing after it) and writing one. Layout: shared/reference/authenticode-ps1.md.
 */

export const BEGIN = '# SIG # Begin signature block';
const END = '# SIG # End signature block';
const CRLF = '\r\n';
const BOM = '\uFEFF';
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

export type Found =
  | { kind: 'none' }
  | { kind: 'block'; content: string; der: Buffer }
  | { kind: 'malformed'; reason: string };

/** The text of a script we may sign: UTF-8 with a BOM and CRLF line endings; throws Error otherwise. */
export function decodeForSigning(script: Uint8Array): string {
  if (!UTF8_BOM.every((b, i) => script[i] === b)) {
    throw new Error('cannot sign: the script must be UTF-8 with a byte order mark (EF BB BF); write it as UTF-8 with BOM and CRLF line endings');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(script);
  } catch {
    throw new Error('cannot sign: the script is not valid UTF-8');
  }
  const bare = /\r(?!\n)|(?<!\r)\n/.exec(text);
  if (bare) {
    const line = text.slice(0, bare.index).split('\n').length;
    const which = bare[0] === '\n' ? 'a bare LF' : 'a bare CR';
    throw new Error(`cannot sign: line ${line} ends with ${which}; write the script with CRLF line endings before signing`);
  }
  return text;
}

/**
 * The text of a script as Windows decodes it: by its BOM (UTF-8, UTF-16LE/BE), else ASCII;
 * non-ASCII text without a BOM is decoded but flagged `ambiguous` (Windows would use the
 * machine's code page).
 */
export function decodeForVerifying(bytes: Uint8Array): { text: string; ambiguous?: string } | { error: string } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b) };
    }
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      if (b.length % 2 !== 0) return { error: 'the script is UTF-16 with an odd number of bytes' };
      const le = Buffer.from(b);
      if (b[0] === 0xfe) le.swap16();
      return { text: new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(le) };
    }
  } catch {
    return { error: 'the script is not valid in the encoding its byte order mark announces' };
  }
  if (b.every((c) => c < 0x80)) return { text: b.toString('latin1') };
  const ambiguous =
    'the script has no byte order mark and non-ASCII text: Windows decodes it with the machine\'s code page, so its hash depends on the locale; save it as UTF-8 with BOM';
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), ambiguous };
  } catch {
    return { text: b.toString('latin1'), ambiguous };
  }
}

/**
 * Finds the signature block: a `# SIG # Begin signature block` line preceded by CRLF, then
 * `# <base64>` lines, then `# SIG # End signature block` ending the file (at most one CRLF
 * after it), CRLF throughout. Exactly one Begin line may start a line.
 */
export function findBlock(text: string): Found {
  const starts: number[] = [];
  for (let i = text.indexOf(BEGIN); i >= 0; i = text.indexOf(BEGIN, i + 1)) {
    if (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' || (i === 1 && text[0] === BOM)) starts.push(i);
  }
  const start = starts[0];
  if (start === undefined) return { kind: 'none' };
  if (starts.length > 1) return { kind: 'malformed', reason: 'more than one signature block' };
  if (start < 2) return { kind: 'malformed', reason: 'the signature block is not preceded by the script and a CRLF' };
  if (text.slice(start - 2, start) !== CRLF) return { kind: 'malformed', reason: 'the signature block does not use CRLF line endings' };
  const lines = text.slice(start).split(CRLF);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.some((l) => l.includes('\r') || l.includes('\n'))) {
    return { kind: 'malformed', reason: 'the signature block does not use CRLF line endings' };
  }
  if (lines[0] !== BEGIN) return { kind: 'malformed', reason: 'unexpected text on the Begin line' };
  const end = lines.indexOf(END);
  if (end < 0) return { kind: 'malformed', reason: `no "${END}" line` };
  if (end !== lines.length - 1) return { kind: 'malformed', reason: `text after the "${END}" line` };
  let base64 = '';
  for (const line of lines.slice(1, end)) {
    const m = /^# ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) return { kind: 'malformed', reason: 'a line of the signature block is not "# " followed by base64' };
    base64 += m[1];
  }
  if (base64 === '' || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    return { kind: 'malformed', reason: 'the signature block is not valid base64' };
  }
  const der = Buffer.from(base64, 'base64');
  if (der.toString('base64') !== base64) return { kind: 'malformed', reason: 'the signature block is not canonical base64' };
  return { kind: 'block', content: text.slice(0, start - 2), der };
}

/** The block to append to the script text: CRLF, Begin, 64-character base64 lines, End. */
export function formatBlock(der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64');
  let out = CRLF + BEGIN + CRLF;
  for (let i = 0; i < base64.length; i += 64) out += `# ${base64.slice(i, i + 64)}${CRLF}`;
  return out + END + CRLF;
}
