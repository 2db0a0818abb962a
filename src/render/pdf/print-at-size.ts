/**
 * Printing at the designed size: a document the browser shrank fails, saying what runs past the
 * margin when the printer can tell. The browser comes in as a Printer.
 */
import type { PDFDocument } from 'pdf-lib';
import { shrinkOf, shrunkPageError, type Place, type PlacedLine } from './page-scale.js';
import type { Printer, PrintJob } from './printer.js';
import { loadPdf } from './read.js';

/**
 * What runs past the right margin, when the printer can say (`Printer.widerThanPage`), each placed
 * by the nearest anchor that `label` turns into a place the reader knows (a step, a heading).
 * Never fails, and gives up after `timeoutMs`: the error it serves is the point.
 */
export async function linesTooWide(printer: Printer, job: PrintJob, label: (anchor: string) => Place | undefined, timeoutMs = 60_000): Promise<PlacedLine[]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const asked = Promise.resolve().then(() => printer.widerThanPage?.(job) ?? []);
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs)));
    const lines = await Promise.race([asked, late]);
    return lines.map((line) => {
      const where = line.anchors.map((anchor) => label(anchor)).find((place) => place !== undefined);
      return { text: line.text, mm: line.mm, ...(where ? { where } : {}) };
    });
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/** Prints a job and parses the PDF; a document printed smaller than designed fails (PdfLayoutError). */
export async function printAtDesignSize(printer: Printer, job: PrintJob, label: (anchor: string) => Place | undefined): Promise<PDFDocument> {
  const doc = await loadPdf(await printer.print(job));
  const shrunk = shrinkOf(doc);
  if (shrunk !== undefined) throw shrunkPageError(job.name, shrunk, await linesTooWide(printer, job, label));
  return doc;
}
