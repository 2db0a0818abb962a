import { validate } from '../pipeline.js';
import { EXIT, type Io } from './io.js';
import { printDiagnostics, printJson } from './report.js';

export async function validateCommand(flags: { profiles: string[]; content?: string; json?: boolean }, io: Io): Promise<number> {
  const result = await validate({ cwd: io.cwd, profiles: flags.profiles, ...(flags.content ? { content: flags.content } : {}) });
  if (flags.json) printJson(result, io);
  else {
    printDiagnostics(result, io);
    if (result.ok) io.stdout.write(`content and ${result.profiles.length} profile(s) are valid\n`);
  }
  return result.ok ? EXIT.ok : EXIT.errors;
}
