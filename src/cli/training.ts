import type { PdfBackend } from '../build/pdf-backend.js';
import { training } from '../pipeline.js';
import { LANGS, type Lang } from '../model/types.js';
import type { Paper } from '../render/html/view.js';
import { EXIT, type Io } from './io.js';
import { printDiagnostics, printJson } from './report.js';
import { parseList, parseSourceDateEpoch } from './usage.js';

export interface TrainingFlags {
  out: string;
  lang: string;
  content?: string;
  json?: boolean;
  /** false with --no-pdf */
  pdf: boolean;
  paper: string;
  browser?: string;
}

export async function trainingCommand(flags: TrainingFlags, io: Io): Promise<number> {
  const langs = parseList<Lang>(flags.lang, LANGS, 'language');
  const [paper] = parseList<Paper>(flags.paper, ['a4', 'letter'], 'paper') as [Paper];
  const sourceDateEpoch = parseSourceDateEpoch(io.env?.SOURCE_DATE_EPOCH);
  let pdf: PdfBackend | undefined;
  if (flags.pdf) {
    const { openPdfBackend } = await import('../build/pdf-backend.js');
    pdf = await openPdfBackend({ cwd: io.cwd, env: io.env ?? {}, paper, ...(flags.browser ? { browser: flags.browser } : {}), ...(flags.content ? { content: flags.content } : {}), ...(sourceDateEpoch === undefined ? {} : { sourceDateEpoch }) });
  }
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
