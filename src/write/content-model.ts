/**
 * Writes the compiled content model that `load/content-model.ts` reads: the bundled content parsed
 * once when the tool is built (`src/build/compile-content.ts`).
 */
import { BUNDLED_CONTENT, readContent } from '../load/files.js';
import { COMPILED_CONTENT, FORMAT, parserHash, type CompiledContent } from '../load/content-model.js';
import { contentHashOf } from '../model/content-hash.js';
import { parseContent } from '../model/parse-content.js';
import { TOOL } from '../version.js';
import { writeAtomic } from './atomic.js';

/** Parses the content of `contentDir` and writes its model to `target`, atomically. */
export async function writeContentModel(contentDir: string = BUNDLED_CONTENT, target: string = COMPILED_CONTENT): Promise<void> {
  // Read from the content folder itself, each file is named by its name inside it.
  const files = await readContent(contentDir, contentDir);
  const stored: CompiledContent = { format: FORMAT, tool: TOOL.version, parser: await parserHash(), contentHash: contentHashOf(files), parsed: parseContent(files) };
  await writeAtomic({ path: target, content: `${JSON.stringify(stored)}\n` });
}
