/**
 * The command line: wires commands to library calls. Only this layer turns results into text
 * and exit codes (0 ok, 1 content or profile errors, 2 usage errors); nothing here exits.
 */
import { Command, CommanderError } from 'commander';
import { InputError } from '../load/files.js';
import { buildCommand, UsageError } from './build.js';
import { EXIT, type Io } from './io.js';
import { listCommand } from './list.js';
import { validateCommand } from './validate.js';

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
  program
    .command('build')
    .description('render runbooks for every profile')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option('--out <dir>', 'output folder', 'out')
    .option('--format <list>', 'formats, comma-separated: md,ps1 (default: all)')
    .option('--lang <list>', 'languages, comma-separated: fr,en', 'fr,en')
    .option(...contentOption)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await buildCommand(flags, io);
    });
  program
    .command('validate')
    .description('check content and profiles; print every diagnostic')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option(...contentOption)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await validateCommand(flags, io);
    });
  program
    .command('list')
    .description('each profile and the branches it takes')
    .option('--profiles <paths...>', 'profile files or folders', DEFAULT_PROFILES)
    .option(...contentOption)
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      exitCode = await listCommand(flags, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof InputError) {
      io.stderr.write(`runbook: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
