/** Why a PDF was not made. */
import { formatDiagnostic, type Diagnostic } from '../../diagnostics.js';
import type { Position } from '../../model/types.js';

/** Inputs that would make the browser fetch something (or look for an image nowhere): nothing was printed. */
export class RemoteReferenceError extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    summary = 'Remote references would be fetched while printing',
  ) {
    super(`${summary}:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  }
}

/** The printed layout is not the one designed: page numbers that keep moving, pages shrunk to fit. */
export class PdfLayoutError extends Error {
  constructor(
    message: string,
    /** Where in the content the cause is, when it is known: a diagnostic points there. */
    readonly position?: Position,
  ) {
    super(message);
  }
}

/** A bookmark whose heading has no destination in the printed document. */
export class MissingDestinationError extends Error {}
