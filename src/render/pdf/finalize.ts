/**
 * The last step of a PDF: its metadata set from the runbook, and everything Chromium makes differ
 * from one print to the next (dates, producer string, XMP, trailer ID) replaced by values that
 * depend only on the inputs, so that two builds of the same inputs are byte-identical.
 * Pure: bytes in, bytes out; the date is given, never read from a clock.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { OutlineNode, PdfMetadata } from '../html/view.js';
import { MissingDestinationError } from './errors.js';
import { explicitDestination, loadPdf, namedDestinations } from './read.js';

export interface FinalMetadata extends PdfMetadata {
  producer: string;
  /** CreationDate and ModDate. */
  date: Date;
  /** The bookmarks, replacing Chromium's (its titles double some headings and drop line-break spaces). */
  outline?: OutlineNode[];
  /**
   * What the document ID is derived from (the inputs of the print). Without it, the ID is a digest
   * of the document itself, at the cost of saving it twice.
   */
  idSource?: string;
}

/** Deletes an outline item, its siblings after it and its children. */
function dropOutline(doc: PDFDocument, ref: PDFObject | undefined): void {
  const seen = new Set<string>();
  const drop = (node: PDFObject | undefined) => {
    while (node instanceof PDFRef && !seen.has(node.toString())) {
      seen.add(node.toString());
      const dict = doc.context.lookup(node);
      doc.context.delete(node);
      if (!(dict instanceof PDFDict)) return;
      drop(dict.get(PDFName.of('First')));
      node = dict.get(PDFName.of('Next'));
    }
  };
  drop(ref);
}

/** Bookmarks from the view model, each pointing where its element's named destination points. */
function writeOutline(doc: PDFDocument, nodes: readonly OutlineNode[]): void {
  const outlines = doc.catalog.get(PDFName.of('Outlines'));
  if (outlines instanceof PDFRef) {
    const root = doc.context.lookup(outlines);
    if (root instanceof PDFDict) dropOutline(doc, root.get(PDFName.of('First')));
    doc.context.delete(outlines);
  }
  doc.catalog.delete(PDFName.of('Outlines'));
  if (nodes.length === 0) return;
  const named = namedDestinations(doc);
  const build = (list: readonly OutlineNode[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => doc.context.nextRef());
    let count = 0;
    list.forEach((node, i) => {
      const dest = explicitDestination(doc, named.get(node.anchor));
      if (!dest) throw new MissingDestinationError(`No destination for the bookmark \`${node.title}\` (#${node.anchor})`);
      const item = doc.context.obj({ Title: PDFHexString.fromText(node.title), Parent: parent, Dest: dest });
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
      if (node.children.length) {
        const sub = build(node.children, refs[i]!);
        item.set(PDFName.of('First'), sub.first);
        item.set(PDFName.of('Last'), sub.last);
        item.set(PDFName.of('Count'), PDFNumber.of(sub.count));
        count += sub.count;
      }
      count += 1;
      doc.context.assign(refs[i]!, item);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };
  const root = doc.context.nextRef();
  const top = build(nodes, root);
  doc.context.assign(root, doc.context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/**
 * The documents' date: SOURCE_DATE_EPOCH (seconds since 1970, UTC) when given, else the content's
 * version date at midnight UTC. Never the wall clock.
 */
export function documentDate(versionDate: string, sourceDateEpoch?: number): Date {
  if (sourceDateEpoch !== undefined) {
    if (!Number.isSafeInteger(sourceDateEpoch) || sourceDateEpoch < 0) throw new RangeError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not ${sourceDateEpoch}`);
    return new Date(sourceDateEpoch * 1000);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(versionDate);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new RangeError(`The content's version \`${versionDate}\` is not a date (YYYY-MM-DD)`);
  return date;
}

/**
 * Chromium names the structure elements of a tagged PDF after its DOM nodes (`node00000017`),
 * and those numbers change from one print to the next. Renumber them in document order, with the
 * table headers that point at them and the ID tree that lists them.
 */
function renumberStructureIds(doc: PDFDocument): void {
  const ids = new Map<string, string>();
  const elements: [PDFDict, PDFRef][] = [];
  const objects = doc.context.enumerateIndirectObjects().sort(([a], [b]) => a.objectNumber - b.objectNumber || a.generationNumber - b.generationNumber);
  for (const [ref, object] of objects) {
    if (!(object instanceof PDFDict) || object.lookup(PDFName.of('Type')) !== PDFName.of('StructElem')) continue;
    const id = object.lookup(PDFName.of('ID'));
    if (!(id instanceof PDFString || id instanceof PDFHexString)) continue;
    const fresh = `id${String(ids.size + 1).padStart(6, '0')}`;
    ids.set(id.decodeText(), fresh);
    object.set(PDFName.of('ID'), PDFString.of(fresh));
    elements.push([object, ref]);
  }
  if (ids.size === 0) return;
  const renameHeaders = (attributes: PDFObject | undefined) => {
    const dicts = attributes instanceof PDFArray ? attributes.asArray().map((a) => (a instanceof PDFRef ? doc.context.lookup(a) : a)) : [attributes];
    for (const dict of dicts) {
      if (!(dict instanceof PDFDict)) continue;
      const headers = dict.lookup(PDFName.of('Headers'));
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const h = headers.lookup(i);
        if (h instanceof PDFString || h instanceof PDFHexString) headers.set(i, PDFString.of(ids.get(h.decodeText()) ?? h.decodeText()));
      }
    }
  };
  for (const [, object] of objects) if (object instanceof PDFDict && object.lookup(PDFName.of('Type')) === PDFName.of('StructElem')) renameHeaders(object.lookup(PDFName.of('A')));
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'));
  if (root instanceof PDFDict && root.has(PDFName.of('IDTree'))) {
    // Drop the old tree's objects: pdf-lib writes every object it holds, referenced or not.
    const drop = (node: PDFObject | undefined) => {
      if (!(node instanceof PDFRef)) return;
      const dict = doc.context.lookup(node);
      const kids = dict instanceof PDFDict ? dict.lookup(PDFName.of('Kids')) : undefined;
      if (kids instanceof PDFArray) kids.asArray().forEach(drop);
      doc.context.delete(node);
    };
    drop(root.get(PDFName.of('IDTree')));
    const names = PDFArray.withContext(doc.context);
    for (const [element, ref] of elements) {
      names.push(element.get(PDFName.of('ID'))!);
      names.push(ref);
    }
    root.set(PDFName.of('IDTree'), doc.context.register(doc.context.obj({ Names: names })));
  }
}

/** Writes in one go (pdf-lib's default waits a timer tick every 50 objects). */
async function save(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/** Sets the metadata, bookmarks and ids of a printed PDF (bytes, or already loaded with loadPdf) and saves it. */
export async function finalizePdf(printed: Uint8Array | PDFDocument, meta: FinalMetadata): Promise<Uint8Array> {
  const doc = printed instanceof PDFDocument ? printed : await loadPdf(printed);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords(meta.keywords);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.setLanguage(meta.language);
  // An XMP packet would carry its own dates and ids; the Info dictionary says it all.
  doc.catalog.delete(PDFName.of('Metadata'));
  renumberStructureIds(doc);
  if (meta.outline) writeOutline(doc, meta.outline);
  delete doc.context.trailerInfo.ID;

  // The document ID: a digest of the inputs (or of the document itself), so equal inputs give equal IDs.
  const digest = createHash('sha256')
    .update(meta.idSource ?? (await save(doc)))
    .digest('hex')
    .slice(0, 32)
    .toUpperCase();
  const id = PDFArray.withContext(doc.context);
  id.push(PDFHexString.of(digest));
  id.push(PDFHexString.of(digest));
  doc.context.trailerInfo.ID = id;
  return save(doc);
}
