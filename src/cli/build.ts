import { build, FORMATS, type Format } from '../pipeline.js';
import { LANGS, type Lang } from '../model/types.js';
import { EXIT, type Io } from './io.js';
import { printDiagnostics, printJson } from './report.js';

export class UsageError extends Error {}

export function parseList<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`Unknown ${what} \`${item}\`: use ${allowed.join(', ')}`);
  }
  if (items.length === 0) throw new UsageError(`No ${what} given: use ${allowed.join(', ')}`);
  return [...new Set(items)] as T[];
}

export interface BuildFlags {
  profiles: string[];
  out: string;
  format?: string;
  lang: string;
  content?: string;
  json?: boolean;
}

export async function buildCommand(flags: BuildFlags, io: Io): Promise<number> {
  const formats = parseList<Format>(flags.format ?? FORMATS.join(','), FORMATS, 'format');
  const langs = parseList<Lang>(flags.lang, LANGS, 'language');
  const result = await build({ cwd: io.cwd, profiles: flags.profiles, out: flags.out, formats, langs, ...(flags.content ? { content: flags.content } : {}) });
  if (flags.json) printJson(result, io);
  else {
    printDiagnostics(result, io);
    for (const o of result.outputs) io.stdout.write(`wrote ${o.path}\n`);
    if (result.ok) io.stdout.write(`${result.outputs.length} file(s) for ${result.profiles.length} profile(s)\n`);
    else io.stderr.write('build failed: nothing was written\n');
  }
  return result.ok ? EXIT.ok : EXIT.errors;
}
