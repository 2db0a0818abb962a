/**
 * The scale a page was printed at. CSS lays a page out in px (96 per inch) and a PDF measures in
 * pt (72 per inch), so a page printed as designed draws its content at 0.75 pt per CSS px. When
 * something cannot wrap and is wider than the page's text area, Chromium does not overflow: it
 * lays the whole document out again, wider, and shrinks every page to fit (by up to a third, and
 * clips beyond that). Nothing says so: the only trace is a smaller scale in each page's content.
 * Pure: a parsed PDF in, a number out.
 */
import { decodePDFRawStream, PDFArray, PDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { PdfLayoutError } from './errors.js';

/** pt per CSS px: 72 / 96. */
export const DESIGN_SCALE = 0.75;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m × n, in the PDF's row-vector convention: `m n cm` applies n after m's space is set up. */
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** Operators that paint: the transformation in force at the first of them is the page's content scale. */
const PAINTING = new Set(['BT', 'Do', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'sh', 'BI']);

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
 * The scale, in pt per CSS px, of what the page paints first: its combined transformation (the
 * square root of the determinant) at the first painting operator. Undefined when the page paints
 * nothing, or its content cannot be read (another producer, another filter).
 */
export function printScale(doc: PDFDocument, pageIndex = 0): number | undefined {
  const content = pageContent(doc, pageIndex);
  if (content === undefined) return undefined;
  const stack: Matrix[] = [];
  let ctm = IDENTITY;
  let operands: number[] = [];
  // Numbers and operators; strings, names, arrays and inline dictionaries only reset the operands.
  for (const [token] of content.matchAll(/[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+|\S/g)) {
    if (/^[-+.\d]/.test(token)) {
      operands.push(Number(token));
      continue;
    }
    if (PAINTING.has(token)) {
      const determinant = ctm[0] * ctm[3] - ctm[1] * ctm[2];
      return Math.sqrt(Math.abs(determinant));
    }
    if (token === 'q') stack.push(ctm);
    else if (token === 'Q') ctm = stack.pop() ?? IDENTITY;
    else if (token === 'cm' && operands.length >= 6) ctm = multiply(operands.slice(-6) as Matrix, ctm);
    operands = [];
  }
  return undefined;
}

/** A relative difference below this is rounding (Chromium writes 0.23999999 × 3.125). */
const TOLERANCE = 1e-4;

/**
 * Fails a document whose first page was not printed at the design scale; the browser applies one
 * scale to every page, so the first tells. A page whose content cannot be read is not judged.
 */
export function checkPrintScale(doc: PDFDocument, name: string): void {
  const scale = printScale(doc);
  if (scale === undefined || Math.abs(scale / DESIGN_SCALE - 1) <= TOLERANCE) return;
  const percent = ((scale / DESIGN_SCALE) * 100).toFixed(1);
  throw new PdfLayoutError(
    `${name}: a line is wider than the page's text area and cannot wrap, so the browser printed every page at ${percent}% of its size. ` +
      'Find what runs past the right margin (text in white-space: nowrap, a long word without a break, a wide table, image or code line) and let it wrap, in the content or in templates/print.css.',
  );
}
