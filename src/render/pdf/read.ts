/**
 * Reading what Chromium printed, with pdf-lib: the page of each named destination (the targets of
 * the table of contents' links) and the outline (bookmarks). Pure: bytes in, data out.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

export interface OutlineItem {
  title: string;
  /** 1-based page, or undefined when the bookmark has no destination in this file. */
  page: number | undefined;
  children: OutlineItem[];
}

/**
 * Parses a PDF in one go: pdf-lib's default parses 100 objects per event-loop tick and waits a
 * timer between ticks, which costs more than the parsing itself for a printed runbook.
 */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: Infinity });
}

function pageIndex(doc: PDFDocument): Map<string, number> {
  const index = new Map<string, number>();
  doc.getPages().forEach((p, i) => index.set(p.ref.toString(), i + 1));
  return index;
}

function text(value: PDFObject | undefined): string {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return '';
}

/** [pageRef /XYZ …] or << /D [pageRef …] >> → the explicit destination array. */
export function explicitDestination(doc: PDFDocument, dest: PDFObject | undefined): PDFArray | undefined {
  let value = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (value instanceof PDFDict) value = value.lookup(PDFName.of('D'));
  return value instanceof PDFArray ? value : undefined;
}

/** A destination → its 1-based page. */
function destinationPage(doc: PDFDocument, dest: PDFObject | undefined, pages: Map<string, number>): number | undefined {
  const value = explicitDestination(doc, dest);
  if (!value) return undefined;
  const first = value.get(0);
  return first instanceof PDFRef ? pages.get(first.toString()) : undefined;
}

export function namedDestinations(doc: PDFDocument): Map<string, PDFObject> {
  const out = new Map<string, PDFObject>();
  const dests = doc.catalog.lookup(PDFName.of('Dests'));
  if (dests instanceof PDFDict) for (const [key, value] of dests.entries()) out.set(key.decodeText(), value);
  // PDF 1.2+ name tree: /Names << /Dests << /Names [name dest …] /Kids […] >> >>.
  const names = doc.catalog.lookup(PDFName.of('Names'));
  const walk = (node: PDFObject | undefined) => {
    const dict = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (!(dict instanceof PDFDict)) return;
    const leaves = dict.lookup(PDFName.of('Names'));
    if (leaves instanceof PDFArray) for (let i = 0; i + 1 < leaves.size(); i += 2) out.set(text(leaves.lookup(i)), leaves.get(i + 1));
    const kids = dict.lookup(PDFName.of('Kids'));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.get(i));
  };
  if (names instanceof PDFDict) walk(names.get(PDFName.of('Dests')));
  return out;
}

/** The 1-based page of every named destination: for an HTML document, the id of each link target. */
export async function readDestinations(bytes: Uint8Array): Promise<Map<string, number>> {
  return destinationPages(await loadPdf(bytes));
}

export function destinationPages(doc: PDFDocument): Map<string, number> {
  const pages = pageIndex(doc);
  const out = new Map<string, number>();
  for (const [name, dest] of namedDestinations(doc)) {
    const page = destinationPage(doc, dest, pages);
    if (page !== undefined) out.set(name, page);
  }
  return out;
}

/** The bookmarks, as a tree. */
export async function readOutline(bytes: Uint8Array): Promise<OutlineItem[]> {
  const doc = await loadPdf(bytes);
  const pages = pageIndex(doc);
  const named = namedDestinations(doc);
  const items = (first: PDFObject | undefined): OutlineItem[] => {
    const out: OutlineItem[] = [];
    const seen = new Set<PDFDict>();
    let node = first instanceof PDFRef ? doc.context.lookup(first) : first;
    while (node instanceof PDFDict && !seen.has(node)) {
      seen.add(node);
      let dest = node.get(PDFName.of('Dest'));
      if (dest instanceof PDFString || dest instanceof PDFHexString || dest instanceof PDFName) dest = named.get(text(dest));
      const action = node.lookup(PDFName.of('A'));
      if (!dest && action instanceof PDFDict) dest = action.get(PDFName.of('D'));
      out.push({ title: text(node.lookup(PDFName.of('Title'))), page: destinationPage(doc, dest, pages), children: items(node.get(PDFName.of('First'))) });
      node = node.lookup(PDFName.of('Next'));
    }
    return out;
  };
  const outlines = doc.catalog.lookup(PDFName.of('Outlines'));
  return outlines instanceof PDFDict ? items(outlines.get(PDFName.of('First'))) : [];
}
