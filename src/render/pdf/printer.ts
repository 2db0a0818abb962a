/**
 * What the PDF renderer needs from a browser, and nothing more: the HTML of one document in, the
 * PDF bytes out. src/print/ implements it with puppeteer; tests may pass their own.
 */
import type { Paper } from '../html/view.js';

export interface PrintJob {
  html: string;
  paper: Paper;
  /** Names the document in errors, e.g. `atl-prod/runbook.en.pdf`. */
  name: string;
  /** A print only read for its layout (page numbers): may skip the accessibility tags, which cost time. */
  draft?: boolean;
}

export interface RequestRecord {
  /** The URL the page asked for (a data: URL is shortened to its media type). */
  url: string;
  allowed: boolean;
}

/** Something that runs past the right margin of the page's text area. */
export interface WideLine {
  /** Its text, whitespace collapsed (the first 2,000 characters). */
  text: string;
  /** The ids of the elements around it or before it in the document, nearest first (its step, the heading it comes under). */
  anchors: string[];
  /** How far past the margin, in mm. */
  mm: number;
}

export interface Printer {
  print(job: PrintJob): Promise<Uint8Array>;
  /**
   * What runs past the right margin when the document is laid out for paper: asked only about a
   * document the browser printed shrunk, to say where. Optional.
   */
  widerThanPage?(job: PrintJob): Promise<WideLine[]>;
  /** Every request the browser made for the documents printed (or laid out again to find a line too wide) so far, in order. */
  readonly requests: readonly RequestRecord[];
  /** The browser's product and version, e.g. `HeadlessChrome/156.0.8078.108` (a headless shell) or `Chrome/156.0.8078.108`. */
  readonly version: string;
  close(): Promise<void>;
}
