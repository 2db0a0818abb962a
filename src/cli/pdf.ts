/** The PDF options `build` and `training` share, and opening the build's one PDF backend from them. */
import type { PdfBackend } from '../build/pdf-backend.js';
import { PAPERS, type Paper } from '../render/html/paper.js';
import type { Io } from './io.js';
import { parseList, parseSourceDateEpoch } from './usage.js';


export interface PdfFlags {
  paper: string;
  browser?: string;
  content?: string;
}

/** Checks the flags and SOURCE_DATE_EPOCH before anything runs. */
export function pdfSettings(flags: PdfFlags, io: Io): { paper: Paper; sourceDateEpoch: number | undefined } {
  const [paper] = parseList<Paper>(flags.paper, PAPERS, 'paper') as [Paper];
  return { paper, sourceDateEpoch: parseSourceDateEpoch(io.env?.SOURCE_DATE_EPOCH) };
}

/** Finds the browser and loads the templates now; the browser itself starts with the first document. */
export async function openPdf(flags: PdfFlags, io: Io, settings: ReturnType<typeof pdfSettings>, concurrency = 1): Promise<PdfBackend> {
  const { openPdfBackend } = await import('../build/pdf-backend.js');
  return openPdfBackend({
    cwd: io.cwd,
    env: io.env ?? {},
    paper: settings.paper,
    concurrency,
    ...(flags.browser ? { browser: flags.browser } : {}),
    ...(flags.content ? { content: flags.content } : {}),
    ...(settings.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: settings.sourceDateEpoch }),
  });
}
