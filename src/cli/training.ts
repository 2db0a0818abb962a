import { training } from '../build/training.js';
import { LANGS, type Lang } from '../model/types.js';
import { EXIT, type Io } from './io.js';
import { printDiagnostics, printJson } from './report.js';
import { openPdf, pdfSettings, type PdfFlags } from './pdf.js';
import { parseList } from './usage.js';

export interface TrainingFlags extends PdfFlags {
  out: string;
  lang: string;
  json?: boolean;
  /** false with --no-pdf */
  pdf: boolean;
}

export async function trainingCommand(flags: TrainingFlags, io: Io): Promise<number> {
  const langs = parseList<Lang>(flags.lang, LANGS, 'language');
  const settings = pdfSettings(flags, io);
  const pdf = flags.pdf ? await openPdf(flags, io, settings) : undefined;
  try {
    const result = await training({ cwd: io.cwd, out: flags.out, langs, ...(flags.content ? { content: flags.content } : {}), ...(pdf ? { pdf } : {}) });
    if (flags.json) printJson(result, io);
    else {
      printDiagnostics(result, io);
      for (const o of result.outputs) io.stdout.write(`wrote ${o.path}\n`);
      if (!result.ok) io.stderr.write('training edition failed: nothing was written\n');
    }
    return result.ok ? EXIT.ok : EXIT.errors;
  } finally {
    await pdf?.close();
  }
}
