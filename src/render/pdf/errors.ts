/** Why a PDF was not made. */
import { formatDiagnostic, PositionedError, type Diagnostic } from '../../diagnostics.js';

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
export class PdfLayoutError extends PositionedError {}

/** A bookmark whose heading has no destination in the printed document. */
export class MissingDestinationError extends Error {}
