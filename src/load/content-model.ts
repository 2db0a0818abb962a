/**
 * The content model, parsed when the tool is built rather than on every run. `npm run build` (and
 * so `npm ci`, through "prepare") parses the bundled content once and writes the result next to
 * the compiled code, in `dist/content-model.json`, keyed by the content hash and by a hash of the
 * parser's own source files. A run whose content and parser both match loads that file: a
 * JSON.parse of about 250 KB instead of loading the Markdown parser and parsing (about 0.6 s
 * together, most of a small build). Any other content, a parser changed since, or a missing or
 * unreadable file: the content is parsed, as before. Both ways give the same model.
 *
 * The model is written with file names inside the content folder; on loading, each position's file
 * is named again from the working folder, as the parser would have named it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContentFile, ParsedContent } from '../model/parse-content.js';
import { contentHashOf } from '../model/content-hash.js';
import { TOOL } from '../version.js';
import { writeAtomic } from '../write/atomic.js';
import { BUNDLED_CONTENT, readContent } from './files.js';

/** Next to the compiled code: `dist/content-model.json` (none under `src/`, where the content is parsed). */
export const COMPILED_CONTENT = fileURLToPath(new URL('../content-model.json', import.meta.url));

const FORMAT = 1;

interface CompiledContent {
  format: number;
  tool: string;
  parser: string;
  contentHash: string;
  parsed: ParsedContent;
}

export interface LoadedContent extends ParsedContent {
  /** Whether the model came from the compiled file or was parsed now. */
  from: 'compiled' | 'parsed';
}

/** The content's model: from the compiled file when it was made from these files by this parser, else parsed. */
export async function contentModel(files: readonly ContentFile[], compiled: string = COMPILED_CONTENT): Promise<LoadedContent> {
  const fromFile = await readCompiled(files, compiled);
  if (fromFile) return { ...fromFile, from: 'compiled' };
  const { parseContent } = await import('../model/parse-content.js');
  return { ...parseContent(files), from: 'parsed' };
}

async function readCompiled(files: readonly ContentFile[], path: string): Promise<ParsedContent | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  // The file names the model was written with (inside the content folder), as this run names them.
  const shown = new Map(files.map((f) => [f.name, f.file]));
  let stored: CompiledContent;
  try {
    stored = JSON.parse(text, (key, value: unknown) => (key === 'file' && typeof value === 'string' ? (shown.get(value) ?? value) : value)) as CompiledContent;
  } catch {
    return undefined;
  }
  if (stored.format !== FORMAT || stored.tool !== TOOL.version || stored.contentHash !== contentHashOf(files)) return undefined;
  if (stored.parser !== (await parserHash())) return undefined;
  return stored.parsed;
}

/** Parses the content of `contentDir` and writes its model to `target`, atomically. */
export async function writeContentModel(contentDir: string = BUNDLED_CONTENT, target: string = COMPILED_CONTENT): Promise<void> {
  const read = await readContent(contentDir, contentDir);
  // Positions name files inside the content folder; `contentModel` names them again when loading.
  const files = read.map((f) => ({ ...f, file: f.name }));
  const { parseContent } = await import('../model/parse-content.js');
  const stored: CompiledContent = { format: FORMAT, tool: TOOL.version, parser: await parserHash(), contentHash: contentHashOf(files), parsed: parseContent(files) };
  await writeAtomic({ path: target, content: `${JSON.stringify(stored)}\n` });
}

let parserHashMemo: Promise<string> | undefined;

/**
 * A hash of the parser's source files: `parse-content` and every module it imports from this
 * package, found from their import lines. A parser changed since the model was written (a `tsc`
 * run without the build's last step) no longer matches it. The parser's npm packages are not in
 * it: installing packages runs "prepare", which writes the model again.
 */
export function parserHash(): Promise<string> {
  parserHashMemo ??= (async () => {
    const here = fileURLToPath(import.meta.url);
    const ext = extname(here);
    const hash = createHash('sha256');
    const seen = new Set<string>();
    const queue = [resolve(dirname(here), '..', 'model', `parse-content${ext}`)];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = await readFile(file, 'utf8');
      hash.update(`${file.slice(dirname(dirname(here)).length)}\0${source}\0`);
      for (const match of source.matchAll(/\bfrom\s+'(\.\.?\/[^']+)'|\bimport\s+'(\.\.?\/[^']+)'/g)) {
        const specifier = (match[1] ?? match[2])!;
        queue.push(resolve(dirname(file), specifier.replace(/\.js$/, ext)));
      }
    }
    return hash.digest('hex');
  })();
  return parserHashMemo;
}
