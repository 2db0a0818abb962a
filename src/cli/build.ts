import { join } from 'node:path';
import { build, DEFAULT_FORMATS, FORMATS, type Format, type ProgressEvent, type Result } from '../pipeline.js';
import { LANGS, type Lang } from '../model/types.js';
import { EXIT, type Io } from './io.js';
import { probeSigner } from '../load/signer-probe.js';
import { printDiagnostics, printJson, printSigner } from './report.js';
import { signingHash, signingRequest, type SigningFlags } from './signing.js';
import { openPdf, pdfSettings, type PdfFlags } from './pdf.js';
import { parseList, parsePositive } from './usage.js';

export interface BuildFlags extends SigningFlags, PdfFlags {
  profiles: string[];
  out: string;
  format?: string;
  lang: string;
  content?: string;
  json?: boolean;
  quiet?: boolean;
  force?: boolean;
  strict?: boolean;
  concurrency: string;
}

export async function buildCommand(flags: BuildFlags, io: Io): Promise<number> {
  const formats = parseList<Format>(flags.format ?? DEFAULT_FORMATS.join(','), FORMATS, 'format');
  const langs = parseList<Lang>(flags.lang, LANGS, 'language');
  const concurrency = parsePositive(flags.concurrency, '--concurrency');
  const hash = signingHash(flags);
  const request = formats.includes('ps1') ? await signingRequest(flags, io, join(flags.out, '.signing')) : ({ kind: 'unsigned' } as const);
  const settings = pdfSettings(flags, io);
  // Change requests are printed too, so both formats need the browser.
  const pdf = formats.includes('pdf') || formats.includes('cab') ? await openPdf(flags, io, settings, concurrency) : undefined;
  try {
    const result = await build({
      cwd: io.cwd,
      profiles: flags.profiles,
      out: flags.out,
      formats,
      langs,
      concurrency,
      ...(flags.force ? { force: true } : {}),
      ...(flags.strict ? { strict: true } : {}),
      ...(flags.content ? { content: flags.content } : {}),
      // Key files are read (and a development signer made) only once the content and a profile are good.
      ...(request.kind === 'unsigned' ? {} : { signer: async () => (await import('../load/signer.js')).loadSigner(request, { cwd: io.cwd, hash, now: new Date() }) }),
      probeSigner: () => probeSigner(request, { cwd: io.cwd, hash, now: new Date() }),
      ...(pdf ? { pdf } : {}),
      ...(settings.sourceDateEpoch === undefined ? {} : { sourceDateEpoch: settings.sourceDateEpoch }),
      ...(flags.json || flags.quiet ? {} : { onProgress: progressPrinter(io) }),
    });
    if (flags.json) printJson(result, io);
    else report(result, io, Boolean(flags.quiet));
    return result.ok ? EXIT.ok : EXIT.errors;
  } finally {
    await pdf?.close();
  }
}

/** One line per finished profile; on a terminal, a line that updates in place. */
function progressPrinter(io: Io): (event: ProgressEvent) => void {
  const tty = Boolean(io.stdout.isTTY);
  return (event) => {
    const seconds = (event.elapsedMs / 1000).toFixed(1);
    if (tty) {
      const verb = event.kind === 'started' ? 'building' : event.kind;
      const what = event.format ? `: ${event.format}${event.lang ? ` (${event.lang})` : ''}` : '';
      io.stdout.write(`\r\u001b[2K[${event.done}/${event.total}] ${verb} ${event.profile}${what} (${seconds} s)`);
    } else if (event.kind !== 'started') {
      io.stdout.write(`${event.kind} ${event.profile} [${event.done}/${event.total}, ${seconds} s]\n`);
    }
  };
}

function report(result: Result, io: Io, quiet: boolean): void {
  if (io.stdout.isTTY && !quiet) io.stdout.write('\r\u001b[2K');
  printDiagnostics(result, io);
  if (result.failed.length > 0) {
    const any = result.built.length + result.skipped.length > 0;
    io.stderr.write(`build failed for ${result.failed.join(', ')}: ${any ? 'their earlier outputs were left as they were; the other profiles were built' : 'nothing was written'}\n`);
  } else if (!result.ok) io.stderr.write('build failed: nothing was written\n');
  if (result.built.length + result.skipped.length === 0) return;
  const up = `${result.skipped.length} profile(s) up to date (use --force to rebuild them)`;
  if (result.built.length === 0) io.stdout.write(`nothing to build: ${up}\n`);
  else io.stdout.write(`${result.outputs.length} file(s) for ${result.built.length} profile(s)${result.skipped.length > 0 ? `; ${up}` : ''}\n`);
  const scripts = result.outputs.filter((o) => o.format === 'ps1').length;
  if (quiet) return;
  if (result.signer && scripts > 0) printSigner(result.signer, scripts, io);
  else if (scripts > 0) io.stdout.write(`${scripts} script(s) left unsigned (--unsigned): AllSigned servers will refuse them until they are signed (runbook sign)\n`);
}
