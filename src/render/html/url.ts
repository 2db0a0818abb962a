/**
 * What counts as a remote URL, and URLs made safe to print in HTML and CSS. Pure.
 */

/**
 * True when loading `url` would leave the machine: any scheme but `file:` and `data:` (http:,
 * https:, ftp:, ws:…), a protocol-relative `//host/…`, a Windows share `\\host\…`, or a `file:`
 * URL naming another host. A relative path or an `#anchor` is local.
 */
export function isRemoteUrl(url: string): boolean {
  const u = url.trim();
  if (/^[\\/]{2}/.test(u)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(u)?.[1]?.toLowerCase();
  if (scheme === undefined) return false;
  // A Windows drive letter (`C:\…`) is a path, not a scheme.
  if (scheme.length === 1) return false;
  if (scheme === 'data') return false;
  if (scheme === 'file') {
    const host = /^file:[\\/]{2}([^\\/]*)/i.exec(u)?.[1] ?? '';
    return host !== '' && host.toLowerCase() !== 'localhost';
  }
  return true;
}

/**
 * A CSS string literal holding `value`: quotes, backslashes and every control or non-ASCII
 * character escaped as `\hex `, so the value can never close the string or the declaration.
 */
export function cssString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\' || ch === '<' || ch === '>' || ch === '&' || ch === "'" || code < 0x20 || code === 0x7f) out += `\\${code.toString(16)} `;
    else out += ch;
  }
  return `${out}"`;
}

/** A file: URL with the characters HTML and CSS give a meaning to percent-encoded. */
export function safeUrl(url: string): string {
  return url.replace(/['"()&<>=`\\\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
