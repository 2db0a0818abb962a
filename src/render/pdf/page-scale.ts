/**
 * The scale a page was printed at. CSS lays a page out in px (96 per inch) and a PDF measures in
 * pt (72 per inch), so a page printed as designed draws its content at 0.75 pt per CSS px. When
 * something cannot wrap and is wider than the page's text area, Chromium does not overflow: it
 * lays the whole document out again, wider, and shrinks every page to fit (by up to a third, and
 * clips beyond that). Nothing says so: the only trace is a smaller scale in each page's content.
 * Pure: a parsed PDF in, a number out.
 */
import { decodePDFRawStream, PDFArray, PDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';

/** pt per CSS px: 72 / 96. */
export const DESIGN_SCALE = 0.75;

/**
 * A relative difference smaller than this is rounding: Chromium writes its transformations in
 * single precision (0.23999999 × 3.125). The smallest real shrink, one px in a 661 px text area,
 * is 15 times larger.
 */
export const SCALE_TOLERANCE = 1e-4;

/** The smallest share of its size Chromium prints a page at when something is too wide: it cuts off the rest. */
export const MOST_SHRUNK = 2 / 3;

/** Whether a scale read from a page is the design scale. */
export function isDesignScale(scale: number): boolean {
  return Math.abs(scale / DESIGN_SCALE - 1) <= SCALE_TOLERANCE;
}

/**
 * Operators that draw text or a path in the page's own space. Images, forms (`Do`: also what CSS
 * opacity and filters become) and shadings carry their own size in their transformation, so the
 * scale is not read there.
 */
const PAINTING = new Set(['BT', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*']);

/**
 * Tokens of a content stream: comments, names, strings and dictionaries (skipped: a name like
 * `/F4` or a string like `(Q)` is not an operator), numbers, and operators.
 */
const TOKENS = /%[^\r\n]*|\/[^\s()<>[\]{}/%]*|\((?:\\[\s\S]|[^\\)])*\)|<<|>>|<[\dA-Fa-f\s]*>|[-+]?(?:\d+\.?\d*|\.\d+)|[^\s()<>[\]{}/%]+|\S/g;

/** The decoded content of a page (its streams joined), or undefined when a filter is not one pdf-lib decodes. */
function pageContent(doc: PDFDocument, pageIndex: number): string | undefined {
  const contents = doc.getPage(pageIndex).node.Contents();
  const streams: (PDFObject | undefined)[] = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  const parts: string[] = [];
  for (const stream of streams) {
    if (!(stream instanceof PDFRawStream)) return undefined;
    try {
      parts.push(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'));
    } catch {
      return undefined;
    }
  }
  return parts.join('\n');
}

/**
 * The scale, in pt per CSS px, at which the page draws its first text or path: the square root of
 * the determinant of the transformation in force then. Each `cm` multiplies the transformation
 * (ISO 32000-1, 8.4.4), so the determinant is the product of theirs, saved by `q` and restored by
 * `Q`. Undefined when the page draws neither, or its content cannot be read.
 */
export function printScale(doc: PDFDocument, pageIndex = 0): number | undefined {
  const content = pageContent(doc, pageIndex);
  if (content === undefined) return undefined;
  const saved: number[] = [];
  let determinant = 1;
  let operands: number[] = [];
  for (const [token] of content.matchAll(TOKENS)) {
    const number = Number(token);
    if (/^[-+.\d]/.test(token) && Number.isFinite(number)) {
      operands.push(number);
      continue;
    }
    if (PAINTING.has(token)) return Math.sqrt(Math.abs(determinant));
    if (token === 'q') saved.push(determinant);
    else if (token === 'Q') determinant = saved.pop() ?? 1;
    else if (token === 'cm' && operands.length >= 6) {
      const [a, b, c, d] = operands.slice(-6) as [number, number, number, number];
      determinant *= a * d - b * c;
    }
    operands = [];
  }
  return undefined;
}

/**
 * How much smaller than designed a document was printed: 0.95 for 5% smaller, undefined when it
 * was printed as designed. Chromium chooses one scale for the whole document (its pages all have
 * the size `@page` gives, no named pages), so the first page tells. A page that cannot be read, or
 * reads larger, is not judged: only a shrink is known to mean something too wide.
 */
export function shrinkOf(doc: PDFDocument): number | undefined {
  const scale = printScale(doc);
  if (scale === undefined || scale >= DESIGN_SCALE || isDesignScale(scale)) return undefined;
  return scale / DESIGN_SCALE;
}
