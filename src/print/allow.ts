/**
 * Offline by construction, second line of defence: the only requests a page may make are `data:`
 * URLs and `file:` URLs inside the build's own folders (templates, fonts, content, the page itself).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function isAllowedRequest(url: string, roots: readonly string[]): boolean {
  if (/^data:/i.test(url)) return true;
  if (!/^file:/i.test(url)) return false;
  let path: string;
  try {
    // Throws for a file: URL naming another host, or an encoded separator.
    path = resolve(fileURLToPath(url));
  } catch {
    return false;
  }
  return roots.some((root) => {
    const rel = relative(resolve(root), path);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  });
}

/** A URL as logged: a data: URL shortened to its media type and size. */
export function describeRequest(url: string): string {
  if (/^data:/i.test(url)) {
    const comma = url.indexOf(',');
    return `${url.slice(0, Math.min(comma < 0 ? url.length : comma, 60))},… (${url.length} characters)`;
  }
  return url.length > 300 ? `${url.slice(0, 300)}…` : url;
}
