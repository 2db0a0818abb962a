import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { contentModel, parserHash } from '../src/load/content-model.js';
import { writeContentModel } from '../src/write/content-model.js';
import { readContent } from '../src/load/files.js';
import { parseContent } from '../src/model/parse-content.js';
import { CONTENT, copyContent, FIXTURE_CONTENT, ROOT, tempDir, tempTree } from './helpers.js';

/** A content model written for `content`, and the content as a build run from `cwd` reads it. */
async function compiled(content: string, cwd: string) {
  const target = join(await tempDir(), 'content-model.json');
  await writeContentModel(content, target);
  return { target, files: await readContent(content, cwd) };
}

describe('the content model written at build time', () => {
  it('is loaded instead of parsing, and equals the parse, with files named from the working folder', async () => {
    const cwd = join(ROOT, 'test');
    const { target, files } = await compiled(FIXTURE_CONTENT, cwd);
    const loaded = await contentModel(files, target);
    assert.equal(loaded.from, 'compiled');
    const { from, ...model } = loaded;
    assert.deepEqual(model, parseContent(files));
    assert.ok(model.procedure!.steps[0]!.position.file.startsWith('fixtures/content/steps/'), model.procedure!.steps[0]!.position.file);
  });

  it('equals the parse for the bundled content, every construct of it', async () => {
    const { target, files } = await compiled(CONTENT, ROOT);
    const { from, ...model } = await contentModel(files, target);
    assert.equal(from, 'compiled');
    assert.deepEqual(model, parseContent(files));
    assert.ok(model.procedure!.steps.length > 20);
  });

  it("keeps the content's diagnostics, at their place as seen from the working folder", async () => {
    const content = await copyContent();
    const step = join(content, 'steps', '010-pool.md');
    await writeFile(step, (await readFile(step, 'utf8')).replace('minutes: 5', 'minutes: five'));
    const { target, files } = await compiled(content, ROOT);
    const loaded = await contentModel(files, target);
    assert.equal(loaded.from, 'compiled');
    assert.ok(loaded.diagnostics.length > 0, 'the broken step gives a diagnostic');
    assert.deepEqual(loaded.diagnostics, parseContent(files).diagnostics);
    assert.equal(loaded.diagnostics[0]!.file, files.find((f) => f.name === 'steps/010-pool.md')!.file);
  });

  it('is not used for content that differs from it: that content is parsed', async () => {
    const { target, files } = await compiled(FIXTURE_CONTENT, ROOT);
    const edited = files.map((f) => (f.name === 'steps/010-pool.md' ? { ...f, text: f.text.replace('minutes: 5', 'minutes: 6') } : f));
    const loaded = await contentModel(edited, target);
    assert.equal(loaded.from, 'parsed');
    assert.equal(loaded.procedure!.steps.find((s) => s.id === 'pool')!.minutes, 6);
    assert.notEqual(loaded.procedure!.contentHash, (await contentModel(files, target)).procedure!.contentHash);
  });

  it('is not used when another parser or tool version wrote it, or when it cannot be read', async () => {
    const { target, files } = await compiled(FIXTURE_CONTENT, ROOT);
    const stored = JSON.parse(await readFile(target, 'utf8')) as Record<string, unknown>;
    assert.equal((await contentModel(files, target)).from, 'compiled', 'the premise: as written, it is used');
    for (const [key, value] of [['parser', '0'.repeat(64)], ['tool', '0.0.0'], ['format', 0]] as const) {
      await writeFile(target, JSON.stringify({ ...stored, [key]: value }));
      assert.equal((await contentModel(files, target)).from, 'parsed', key);
    }
    await writeFile(target, JSON.stringify(stored).slice(0, 1000));
    assert.equal((await contentModel(files, target)).from, 'parsed', 'a damaged file');
    assert.equal((await contentModel(files, join(await tempDir(), 'none.json'))).from, 'parsed', 'no file');
  });

  it("is tied to the parser's source: any module it imports, not the others", async () => {
    const parser = {
      'model/parse-content.js': "import { check } from '../load/yaml.js';\nimport './side.js';\nexport const parse = () => check();\n",
      'load/yaml.js': "import { diagnostic } from '../diagnostics.js';\nexport const check = () => diagnostic;\n",
      'model/side.js': 'export {};\n',
      'diagnostics.js': 'export const diagnostic = 1;\n',
      'unrelated.js': 'export const other = 1;\n',
    };
    const hashOf = async (files: Record<string, string>) => parserHash(join(await tempTree(files), 'model', 'parse-content.js'));
    const original = await hashOf(parser);
    assert.equal(await hashOf(parser), original, 'the same sources, elsewhere');
    assert.equal(await hashOf({ ...parser, 'unrelated.js': 'export const other = 2;\n' }), original, 'a module it does not import');
    for (const file of ['diagnostics.js', 'model/side.js', 'load/yaml.js']) {
      assert.notEqual(await hashOf({ ...parser, [file]: `${parser[file as keyof typeof parser]}// changed\n` }), original, file);
    }
  });
});
