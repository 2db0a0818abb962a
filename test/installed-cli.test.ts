/**
 * The CLI as installed: `bin/runbook.js`, which runs the bundle in dist/bundle/ and loads the
 * content model compiled at build time (`npm test` builds first). It must do what the source does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { ROOT, run, tempDir } from './helpers.js';

const BIN = join(ROOT, 'bin', 'runbook.js');

async function tree(dir: string, under = ''): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(join(dir, under), { withFileTypes: true })) {
    const rel = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of await tree(dir, rel)) files.set(k, v);
    else files.set(rel, await readFile(join(dir, rel)));
  }
  return files;
}

describe('the installed CLI (bin/runbook.js)', () => {
  it('loads the content model compiled at build time', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'doctor', '--json'], { cwd: ROOT });
    const content = (JSON.parse(stdout) as { checks: { name: string; ok: boolean; detail: string }[] }).checks.find((c) => c.name === 'content');
    assert.ok(content?.ok, stdout);
    assert.match(content.detail, /loaded from the model compiled at build time \(dist\/content-model\.json\)/);
  });

  it('builds the same files, byte for byte, as the source', async () => {
    const [installed, source] = [await tempDir(), await tempDir()];
    const argv = ['build', '--profiles', 'content/profiles/par-colo.yaml', 'content/profiles/dub-disable.yaml', '--format', 'md,ps1', '--unsigned', '--quiet'];
    await promisify(execFile)(process.execPath, [BIN, ...argv, '--out', installed], { cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: '1790000000' } });
    assert.equal((await run([...argv, '--out', source], ROOT, { SOURCE_DATE_EPOCH: '1790000000' })).code, 0);
    const [built, expected] = [await tree(installed), await tree(source)];
    assert.ok(built.size > 10, `${built.size} files`);
    assert.deepEqual([...built.keys()].sort(), [...expected.keys()].sort());
    for (const [file, bytes] of expected) assert.ok(bytes.equals(built.get(file)!), `${file} differs`);
  });
});
