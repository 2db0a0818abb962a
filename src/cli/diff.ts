import { diffBuilds, renderDiffMarkdown } from '../diff/index.js';
import { LANGS, type Lang } from '../model/types.js';
import { EXIT, type Io } from './io.js';
import { printJson } from './report.js';
import { parseList } from './usage.js';

export interface DiffFlags {
  lang: string;
  json?: boolean;
}

/** What changed between the build the board approved and a new one; exit 0 either way. */
export async function diffCommand(oldDir: string, newDir: string, flags: DiffFlags, io: Io): Promise<number> {
  const [lang] = parseList<Lang>(flags.lang, LANGS, 'language') as [Lang];
  const diff = await diffBuilds(oldDir, newDir, io.cwd);
  if (flags.json) printJson(diff, io);
  else io.stdout.write(renderDiffMarkdown(diff, lang));
  return EXIT.ok;
}
