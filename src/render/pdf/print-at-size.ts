/**
 * Printing at the designed size: a document the browser shrank fails, saying what runs past the
 * margin when the printer can tell. The browser comes in as a Printer.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Position } from '../../model/types.js';
import { PdfLayoutError } from './errors.js';
import { outlineTitle, type OutlineNode } from '../html/view.js';
import { MOST_SHRUNK, SCALE_TOLERANCE, shrinkOf } from './page-scale.js';
import type { Printer, PrintJob } from './printer.js';
import { loadPdf } from './read.js';

/** How much of a line's text an error quotes. */
const QUOTED = 90;

/**
 * What runs past the right margin, when the printer can say (`Printer.widerThanPage`), each placed
 * under the nearest bookmark before or around it, with where in the content that is when
 * `positionOf` knows (a step's or a section's text, given the text found there).
 * Never fails: the error it serves is the point (the printer gives up in its own time).
 */
export async function linesTooWide(printer: Printer, job: PrintJob, outline: readonly OutlineNode[], positionOf: PositionOf = () => undefined): Promise<PlacedLine[]> {
  try {
    const lines = (await printer.widerThanPage?.(job)) ?? [];
    return lines.map((line) => {
      for (const anchor of line.anchors) {
        const title = outlineTitle(outline, anchor);
        if (title === undefined) continue;
        const position = positionOf(anchor, line.text);
        return { text: line.text, mm: line.mm, where: { title, ...(position ? { position } : {}) } };
      }
      return { text: line.text, mm: line.mm };
    });
  } catch {
    return [];
  }
}

/** Where in the content the place with this anchor is, given the text found there. */
export type PositionOf = (anchor: string, text: string) => Position | undefined;

/** A place in a document as its reader and its author find it: a title, and the content it comes from. */
export interface Place {
  title: string;
  position?: Position;
}

/** Something past the right margin, and where it is. */
export interface PlacedLine {
  text: string;
  mm: number;
  where?: Place;
}

/**
 * The error for a document printed at `ratio` of its size, with what was found past the margin;
 * it points at the content of the first line found in a step or section.
 */
export function shrunkPageError(name: string, ratio: number, lines: readonly PlacedLine[] = []): PdfLayoutError {
  // A shrink never reads as 100%.
  const percent = Math.min(99.9, Math.round(ratio * 1000) / 10).toFixed(1);
  const wider = Math.max(0.1, Math.round((1 / ratio - 1) * 1000) / 10).toFixed(1);
  // Chromium shrinks a page to two thirds at most, and cuts off what is wider still.
  const atMost = ratio <= MOST_SHRUNK * (1 + SCALE_TOLERANCE);
  const place = (where: Place) => `${where.title}${where.position ? ` (${where.position.file}:${where.position.line})` : ''}`;
  const quote = (text: string) => {
    const chars = Array.from(text);
    return chars.length > QUOTED ? `${chars.slice(0, QUOTED - 1).join('')}…` : text;
  };
  const found = lines.map((line) => `«${quote(line.text)}» (${line.mm.toFixed(1)} mm past the margin${line.where ? `, in ${place(line.where)}` : ''})`);
  return new PdfLayoutError(
    (atMost
      ? `${name}: a line is at least ${wider}% wider than the page's text area and cannot wrap, so the browser printed every page at ${percent}% of its size, the most it shrinks a page, and cut off what is wider still. `
      : `${name}: a line is about ${wider}% wider than the page's text area and cannot wrap, so the browser printed every page at ${percent}% of its size. `) +
      (found.length ? `Laid out for paper, past the right margin: ${found.join('; ')}. ` : 'Find what runs past the right margin (text in white-space: nowrap, a long word without a break, a wide table, image or code line). ') +
      'Let it wrap: in the content, or, when it comes from the layout itself, in templates/print.css.',
    lines.find((line) => line.where?.position)?.where?.position,
  );
}

/** Prints a job and parses the PDF; a document printed smaller than designed fails (PdfLayoutError). */
export async function printAtDesignSize(printer: Printer, job: PrintJob, outline: readonly OutlineNode[], positionOf?: PositionOf): Promise<PDFDocument> {
  const doc = await loadPdf(await printer.print(job));
  const shrunk = shrinkOf(doc);
  if (shrunk !== undefined) throw shrunkPageError(job.name, shrunk, await linesTooWide(printer, job, outline, positionOf));
  return doc;
}
