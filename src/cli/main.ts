/**
 * The command line: wires commands to library calls; each command's code is loaded only when it
 * runs, so a quick command does not pay for the browser or the CMS library. Only this layer turns results into text
 * and exit codes (0 ok, 1 content or profile errors, 2 usage errors); nothing here exits.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError } from 'commander';
import { DEFAULT_FORMATS, FORMATS } from '../pipeline.js';
import { InputError } from '../load/files.js';
import { TemplateLoadError } from '../load/templates.js';
import { BrowserNotFoundError } from '../print/browser.js';
import { addSigningOptions } from './signing.js';
import { UsageError } from './usage.js';
import { EXIT, type Io } from './io.js';

import { TOOL } from '../version.js';

export const VERSION = TOOL.version;
const DEFAULT_PROFILES = ['content/profiles'];

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('runbook')
    .description('Turns vendor documentation into runbooks an operator can trust.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const contentOption = ['--content <dir>', 'content folder (default: the content bundled with runbook)'] as const;
  const buildCli = program
    .command('build')
    .description('render runbooks for every profile')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option('--out <dir>', 'output folder', 'out')
    .option('--format <list>', `formats, comma-separated: ${FORMATS.join(',')} (default: ${DEFAULT_FORMATS.join(',')})`)
    .option('--lang <list>', 'languages, comma-separated: fr,en', 'fr,en')
    .option(...contentOption)
    .option('--json', 'print the result as JSON (and nothing else)')
    .option('--quiet', 'print only the result')
    .option('--force', 'rebuild profiles whose inputs have not changed')
    .option('--strict', 'fail a change request whose plan and rollback do not fit the change window')
    .option('--paper <size>', 'PDF paper: a4 or letter', 'a4')
    .option('--browser <path>', 'Chromium, Chrome or Edge to print PDFs with (default: PUPPETEER_EXECUTABLE_PATH, then the usual places)')
    .option('--concurrency <n>', 'documents printed at once', String(Math.min(4, Math.max(1, availableParallelism()))));
  addSigningOptions(buildCli, true).action(async (flags) => {
    exitCode = await (await import('./build.js')).buildCommand(flags, io);
  });
  program
    .command('validate')
    .description('check content and profiles; print every diagnostic')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option(...contentOption)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await (await import('./validate.js')).validateCommand(flags, io);
    });
  program
    .command('list')
    .description('each profile and the branches it takes')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option(...contentOption)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await (await import('./list.js')).listCommand(flags, io);
    });

  program
    .command('training')
    .description('the training edition: every branch, why, the decision diagram, troubleshooting, review questions')
    .option('--out <dir>', 'output folder (writes <out>/training/)', 'out')
    .option('--lang <list>', 'languages, comma-separated: fr,en', 'fr,en')
    .option(...contentOption)
    .option('--no-pdf', 'write Markdown and SVG only (no browser needed)')
    .option('--paper <size>', 'PDF paper: a4 or letter', 'a4')
    .option('--browser <path>', 'Chromium, Chrome or Edge to print the PDF with')
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await (await import('./training.js')).trainingCommand(flags, io);
    });
  program
    .command('diff')
    .description('what changed between two builds, per profile: steps, commands, values, script hashes')
    .argument('<old>', 'the build (or profile folder) the board approved')
    .argument('<new>', 'the new build (or profile folder)')
    .option('--lang <lang>', 'language of the report: fr or en', 'en')
    .option('--json', 'print the differences as JSON')
    .action(async (oldDir: string, newDir: string, flags) => {
      exitCode = await (await import('./diff.js')).diffCommand(oldDir, newDir, flags, io);
    });
  program
    .command('doctor')
    .description('report the browser found and its version, the templates and fonts, and the other prerequisites')
    .option('--browser <path>', 'the browser to check instead of the one found')
    .option('--json', 'print the checks as JSON')
    .action(async (flags) => {
      exitCode = await (await import('./doctor.js')).doctorCommand(flags, io);
    });
  const signCli = program
    .command('sign')
    .description('sign existing scripts in place (after a reviewed hand edit), replacing any signature')
    .argument('<files...>', 'PowerShell scripts (UTF-8 with BOM, CRLF)')
    .option('--json', 'print the result as JSON');
  addSigningOptions(signCli, false).action(async (files: string[], flags) => {
    exitCode = await (await import('./sign.js')).signCommand(files, flags, io);
  });
  program
    .command('verify')
    .description('check script signatures strictly, and SHA256SUMS files; exit 1 unless all are Valid')
    .argument('<paths...>', 'scripts, or folders to search for scripts and SHA256SUMS')
    .option('--ca <pem>', 'trusted root certificate(s): every signer must chain to one')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], flags) => {
      exitCode = await (await import('./verify.js')).verifyCommand(paths, flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof BrowserNotFoundError) {
      io.stderr.write(`runbook: ${error.message}\nTo build without PDFs: --format md,ps1,cab\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof InputError || error instanceof TemplateLoadError) {
      io.stderr.write(`runbook: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
