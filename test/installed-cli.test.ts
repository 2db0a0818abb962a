/**
 * The CLI as installed: `bin/runbook.js`, which runs the bundle in dist/bundle/ and loads the
 * content model compiled at build time (`npm test` builds first). It must do what the source does.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestPki, type TestPki } from './certificates.js';
import { listTree, ROOT, run, tempDir } from './helpers.js';
import { exec } from './pdf-tools.js';

const BIN = join(ROOT, 'bin', 'runbook.js');
const ENV = { SOURCE_DATE_EPOCH: '1790000000' };

let pki: TestPki;
before(() => {
  pki = makeTestPki();
});
after(() => pki?.remove());

/** The installed CLI in a process of its own, with only the environment given (and PATH). */
async function installed(argv: string[]): Promise<{ stdout: string; stderr: string }> {
  return exec(process.execPath, [BIN, ...argv], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...ENV } });
}

describe('the installed CLI (bin/runbook.js)', () => {
  it('loads the content model compiled at build time', async () => {
    const { stdout, stderr } = await installed(['doctor', '--json']);
    assert.equal(stderr, '');
    const content = (JSON.parse(stdout) as { checks: { name: string; ok: boolean; detail: string }[] }).checks.find((c) => c.name === 'content');
    assert.ok(content?.ok, stdout);
    assert.match(content.detail, /loaded from the model compiled at build time \(dist\/content-model\.json\)/);
  });

  it('builds the same files, signed scripts included, byte for byte, as the source', async () => {
    const [bundled, source] = [await tempDir(), await tempDir()];
    const keys = ['--sign-cert', pki.path('leaf.pem'), '--sign-key', pki.path('leaf.key'), '--sign-chain', pki.path('inter.pem')];
    const argv = ['build', '--profiles', 'content/profiles/par-colo.yaml', 'content/profiles/dub-disable.yaml', '--format', 'md,ps1', ...keys, '--quiet'];
    const { stderr } = await installed([...argv, '--out', bundled]);
    assert.equal(stderr, '');
    const fromSource = await run([...argv, '--out', source], ROOT, { PATH: process.env.PATH ?? '', ...ENV });
    assert.equal(fromSource.code, 0, fromSource.stderr);
    const files = await listTree(source);
    assert.ok(files.filter((f) => f.endsWith('.ps1')).length >= 4, files.join(' '));
    assert.deepEqual(await listTree(bundled), files);
    for (const file of files) assert.ok((await readFile(join(bundled, file))).equals(await readFile(join(source, file))), `${file} differs`);
  });
});
