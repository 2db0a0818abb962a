/**
 * SVG markup printed inline (the decision diagram), so that its text is set in the page's own
 * bundled fonts: the print stylesheet's `svg text` rules beat the SVG's presentation attributes.
 * Inline markup is the one thing besides the document body the templates print unescaped, so it
 * is checked here first: one self-contained <svg> element, nothing it could run and nothing it
 * could fetch. Only the tags are checked (text is never run or fetched, so a profile title in the
 * diagram's caption may say anything). A failed check is a misuse of the API (the markup comes
 * from the tool's own diagram renderer), so it throws. Pure.
 */

/** Elements that run code, pull in other documents or styles, or load anything. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'style', 'link', 'image', 'use', 'feimage', 'a', 'audio', 'video', 'canvas']);

function problem(tag: string): string | undefined {
  const name = /^<\/?\s*([^\s/>]+)/.exec(tag)?.[1]?.toLowerCase() ?? '';
  if (name.startsWith('!') || name.startsWith('?')) return 'a declaration';
  if (FORBIDDEN_ELEMENTS.has(name.replace(/^svg:/, ''))) return `a <${name}> element`;
  for (const m of tag.matchAll(/\s([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)) {
    const attribute = m[1]!.toLowerCase();
    if (attribute.startsWith('on')) return `an event handler (${attribute})`;
    if (attribute === 'href' || attribute === 'src' || attribute.endsWith(':href')) return `a reference to another resource (${attribute})`;
    if (/url\s*\(|@import|expression\s*\(/i.test(m[2]!)) return `a url() in ${attribute}`;
  }
  return undefined;
}

/**
 * The markup to print inline: an XML declaration and leading comments dropped, then exactly one
 * `<svg>…</svg>`. Throws a TypeError naming `what` when the markup is not self-contained SVG.
 */
export function inlineSvg(markup: string, what: string): string {
  const svg = markup
    .replace(/^\uFEFF/, '')
    .replace(/^\s*<\?xml[^>]*\?>/, '')
    .replace(/^(\s*<!--[\s\S]*?-->)*/, '')
    .trim();
  if (!/^<svg[\s>]/.test(svg) || !svg.endsWith('</svg>') || svg.indexOf('<svg', 1) !== -1) {
    throw new TypeError(`Expected the SVG markup of ${what} (one <svg> element), not ${JSON.stringify(svg.slice(0, 40))}…`);
  }
  // Text and attribute values escape `<`, so every `<` opens a tag (or a comment, CDATA, declaration).
  for (const m of svg.matchAll(/<!--[\s\S]*?-->|<[^>]*>?/g)) {
    if (m[0].startsWith('<!--')) continue;
    const found = problem(m[0]);
    if (found) throw new TypeError(`The SVG of ${what} holds ${found}: inline SVG must be self-contained and inert`);
  }
  return svg;
}
