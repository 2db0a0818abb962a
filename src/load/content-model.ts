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
import { displayPath } from './files.js';

/** Next to the compiled code: `dist/content-model.json` (none under `src/`, where the content is parsed). */
export const COMPILED_CONTENT = fileURLToPath(new URL('../content-model.json', import.meta.url));

export const FORMAT = 1;

/** What `dist/content-model.json` holds (written by src/write/content-model.ts). */
export interface CompiledContent {
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
  let stored: Partial<CompiledContent> | null;
  try {
    stored = JSON.parse(await readFile(path, 'utf8')) as Partial<CompiledContent> | null;
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null || stored.format !== FORMAT || stored.tool !== TOOL.version || stored.contentHash !== contentHashOf(files)) return undefined;
  try {
    if (stored.parser !== (await parserHash())) return undefined;
  } catch {
    // The parser's files cannot be read (an installation without dist/model/): parse.
    return undefined;
  }
  // The model names files inside the content folder; this run names them from its working folder.
  const shown = new Map(files.map((f) => [f.name, f.file]));
  renamePositions(stored.parsed, shown);
  return stored.parsed;
}

/** Renames the file of every position (an object with a string `file`, a numeric `line` and `column`), in place. */
function renamePositions(value: unknown, shown: ReadonlyMap<string, string>): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) renamePositions(item, shown);
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && typeof record.line === 'number' && typeof record.column === 'number') record.file = shown.get(record.file) ?? record.file;
  for (const key in record) renamePositions(record[key], shown);
}

/** The parser's entry module, next to this one's folder: `.js` in dist/, `.ts` under src/. */
const PARSER = fileURLToPath(new URL(`../model/parse-content${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

const parserHashes = new Map<string, Promise<string>>();

/**
 * A hash of the parser's source files: `entry` and every module of this package it imports,
 * found from their import lines (relative specifiers only; `.js` names the `.ts` file under src/).
 * A parser changed since the model was written (a `tsc` run without the rest of the build) no
 * longer matches it. The parser's npm packages need not be in it: the CLI runs from the bundle,
 * which holds the copies that were installed when the same build wrote the model.
 */
export function parserHash(entry: string = PARSER): Promise<string> {
  let known = parserHashes.get(entry);
  if (!known) {
    known = hashClosure(entry);
    parserHashes.set(entry, known);
  }
  return known;
}

async function hashClosure(entry: string): Promise<string> {
  const root = dirname(dirname(entry));
  const ext = extname(entry);
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    hash.update(`${displayPath(root, file)}\0${source}\0`);
    for (const match of source.matchAll(/\bfrom\s+'(\.\.?\/[^']+)'|\bimport\s+'(\.\.?\/[^']+)'/g)) {
      queue.push(resolve(dirname(file), (match[1] ?? match[2])!.replace(/\.js$/, ext)));
    }
  }
  return hash.digest('hex');
}
