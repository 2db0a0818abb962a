import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../src/cli/main.js';
import { copyContent, GOOD_PROFILE, listTree, ROOT, run, tempDir, tempTree, FIXTURE_CONTENT } from './helpers.js';

const EXAMPLES = join('content', 'profiles');

describe('runbook build', () => {
  it('writes a runbook per example profile and language', async () => {
    const out = await tempDir();
    const result = await run(['build', '--content', FIXTURE_CONTENT, '--profiles', EXAMPLES, '--format', 'md', '--lang', 'fr,en', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const ids = (await readdir(EXAMPLES)).map((f) => f.replace(/\.yaml$/, '')).sort();
    assert.ok(ids.length >= 9);
    assert.deepEqual(await listTree(out), ids.flatMap((id) => [`${id}/SHA256SUMS`, `${id}/build-info.json`, `${id}/decision-diagram.en.svg`, `${id}/decision-diagram.fr.svg`, `${id}/runbook.en.md`, `${id}/runbook.fr.md`]).sort());
    assert.match(result.stdout, new RegExp(`${ids.length * 4} file\\(s\\) for ${ids.length} profile\\(s\\)`));
    const md = await readFile(join(out, 'atl-prod', 'runbook.fr.md'), 'utf8');
    assert.match(md, /!\[Diagramme de décision[^\]]*\]\(decision-diagram\.fr\.svg\)/, 'the runbook shows its diagram');
  });

  it('gives byte-identical files on a second build', async () => {
    const a = await tempDir();
    const b = await tempDir();
    for (const out of [a, b]) assert.equal((await run(['build', '--content', FIXTURE_CONTENT, '--format', 'md,ps1,cab', '--unsigned', '--out', out])).code, 0);
    assert.ok((await listTree(a)).some((f) => f.endsWith('.ps1')));
    for (const file of await listTree(a)) assert.ok((await readFile(join(a, file))).equals(await readFile(join(b, file))), file);
  });

  it('prints the result as data with --json', async () => {
    const out = await tempDir();
    const result = await run(['build', '--content', FIXTURE_CONTENT, '--profiles', join(EXAMPLES, 'atl-prod.yaml'), '--lang', 'en', '--format', 'md', '--out', out, '--json']);
    const data = JSON.parse(result.stdout);
    assert.equal(data.ok, true);
    assert.deepEqual(data.outputs.map((o: { path: string }) => o.path.split('/').slice(-2).join('/')), ['atl-prod/decision-diagram.en.svg', 'atl-prod/runbook.en.md']);
    assert.match(data.outputs[0].sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(data.profiles[0].branches, { 'exchange.version': '2013', 'um.placement': 'separate', 'im.action': 'enable', 'im.policyScope': 'all' });
  });

  it('shows progress per profile and format on a terminal, a plain log otherwise, and only the result with --quiet or --json', async () => {
    const profiles = [join(EXAMPLES, 'atl-prod.yaml'), join(EXAMPLES, 'ber-prod.yaml')];
    const args = (out: string, ...extra: string[]) => ['build', '--content', FIXTURE_CONTENT, '--profiles', ...profiles, '--format', 'md,ps1', '--unsigned', '--out', out, ...extra];
    let terminal = '';
    const tty = { cwd: ROOT, env: {}, stdout: { isTTY: true, write: (s: string) => (terminal += s) }, stderr: { write: () => true } };
    assert.equal(await main(args(await tempDir()), tty), 0);
    const updates = terminal.split('\r\u001b[2K').filter(Boolean);
    for (const id of ['atl-prod', 'ber-prod']) {
      assert.ok(updates.some((u) => new RegExp(`^\\[\\d/2\\] building ${id}: ps1 \\(\\d+\\.\\d s\\)$`).test(u)), `${id}: ps1`);
      for (const lang of ['fr', 'en']) assert.ok(updates.some((u) => new RegExp(`^\\[\\d/2\\] building ${id}: md \\(${lang}\\) \\(\\d+\\.\\d s\\)$`).test(u)), `${id}: md (${lang})`);
      assert.ok(updates.some((u) => new RegExp(`^\\[[12]/2\\] built ${id} \\(\\d+\\.\\d s\\)`).test(u)), `${id}: built`);
    }
    assert.match(updates.at(-1)!, /^\d+ file\(s\) for 2 profile\(s\)\n/, 'the line is cleared before the result');

    const plain = await run(args(await tempDir()));
    const logged = plain.stdout.split('\n').map((l) => /^built (\S+) \[(\d)\/2, \d+\.\d s\]$/.exec(l)).filter((m) => m !== null);
    assert.deepEqual(logged.map((m) => m[1]).sort(), ['atl-prod', 'ber-prod']);
    assert.deepEqual(logged.map((m) => m[2]), ['1', '2'], 'counted as they finish');
    assert.ok(!plain.stdout.includes('\r'), 'no terminal control when not on a terminal');
    const quiet = await run(args(await tempDir(), '--quiet'));
    assert.match(quiet.stdout, /^\d+ file\(s\) for 2 profile\(s\)\n$/);
    const json = await run(args(await tempDir(), '--json'));
    assert.deepEqual(JSON.parse(json.stdout).built, ['atl-prod', 'ber-prod']);
  });

  it('writes nothing when the content is bad, and leaves earlier outputs as they were', async () => {
    const content = await copyContent();
    const step = join(content, 'steps', (await readdir(join(content, 'steps')))[0]!);
    await writeFile(step, (await readFile(step, 'utf8')).replace(/^phase: \w+$/m, 'phase: sometime'));
    const out = await tempDir();
    await writeFile(join(out, 'keep.txt'), 'earlier output');
    const result = await run(['build', '--content', content, '--profiles', EXAMPLES, '--format', 'md,ps1', '--out', out]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /nothing was written/);
    assert.deepEqual(await listTree(out), ['keep.txt']);
  });

  it('builds the good profiles when one is bad, and leaves the earlier outputs of the bad one as they were', async () => {
    const good = GOOD_PROFILE.replace('id: t-prod', 'id: good');
    const bad = GOOD_PROFILE.replace('id: t-prod', 'id: bad');
    const profiles = await tempTree({ 'good.yaml': good, 'bad.yaml': bad });
    const out = await tempDir();
    assert.equal((await run(['build', '--content', FIXTURE_CONTENT, '--profiles', profiles, '--format', 'md', '--out', out])).code, 0);
    const earlier = await readFile(join(out, 'bad', 'runbook.en.md'));
    await writeFile(join(profiles, 'bad.yaml'), bad.replace('port: 5199', 'port: 99999'));
    await writeFile(join(profiles, 'good.yaml'), good.replace('owner: Team', 'owner: Other team'));
    const result = await run(['build', '--content', FIXTURE_CONTENT, '--profiles', profiles, '--format', 'md', '--out', out]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.yaml:17:9: error: `owa\.port`/);
    assert.match(result.stderr, /build failed for .*bad\.yaml: their earlier outputs were left as they were; the other profiles were built/);
    assert.ok((await readFile(join(out, 'bad', 'runbook.en.md'))).equals(earlier), 'the failing profile keeps its earlier runbook');
    assert.match(await readFile(join(out, 'good', 'runbook.en.md'), 'utf8'), /Other team/, 'the good profile was rebuilt');
  });

  it('rejects an unknown format or language as a usage error (exit 2)', async () => {
    const out = await tempDir();
    const format = await run(['build', '--content', FIXTURE_CONTENT, '--format', 'docx', '--out', out]);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /Unknown format `docx`/);
    const lang = await run(['build', '--content', FIXTURE_CONTENT, '--lang', 'de', '--out', out]);
    assert.equal(lang.code, 2);
    assert.deepEqual(await listTree(out), []);
    assert.equal((await run(['build', '--no-such-option'])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
  });
});

describe('runbook build --format ps1', () => {
  it('writes the scripts of each profile as UTF-8 with BOM and CRLF', async () => {
    const out = await tempDir();
    const result = await run(['build', '--profiles', join(EXAMPLES, 'atl-prod.yaml'), '--format', 'ps1', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    const files = await listTree(out);
    assert.ok(files.includes('atl-prod/scripts/00-preflight.ps1'));
    assert.ok(files.includes('atl-prod/scripts/01-skype-frontend.ps1'));
    assert.ok(files.includes('atl-prod/scripts/rollback/01-exchange-mailbox.ps1'));
    assert.ok(files.includes('atl-prod/scripts/99-verify.ps1'));
    assert.ok(!files.some((f) => f.endsWith('.md')), 'only the format asked for');
    for (const file of files.filter((f) => f.endsWith('.ps1'))) {
      const bytes = await readFile(join(out, file));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${file} starts with a UTF-8 BOM`);
      assert.doesNotMatch(bytes.toString('utf8'), /[^\r]\n/, `${file} has CRLF line endings only`);
    }
  });

  it('keeps the tool version equal to package.json', async () => {
    const { TOOL } = await import('../src/version.js');
    assert.equal(TOOL.version, JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('runbook validate', () => {
  it('exits 1 and names file:line:column for a bad profile', async () => {
    const dir = await tempTree({ 'typo.yaml': GOOD_PROFILE.replace('  siteId: Redmond', '  siteid: Redmond') });
    const result = await run(['validate', '--content', FIXTURE_CONTENT, '--profiles', join(dir, 'typo.yaml')], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^typo\.yaml:12:3: error: Unknown key `skype\.siteid`\. \[profile\/unknown-key\]\n {2}hint: did you mean `siteId`\?/m);
    assert.match(result.stderr, /2 error\(s\)/); // the typo, and the key it should have been
  });

  it('exits 0 on the bundled content and examples', async () => {
    const result = await run(['validate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /are valid/);
  });

  it('exits 2 for a profile path that does not exist', async () => {
    const result = await run(['validate', '--profiles', 'no/such/file.yaml']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /No such profile file or folder: no\/such\/file\.yaml/);
  });
});

describe('runbook list', () => {
  it('prints each profile and the branches it takes', async () => {
    const result = await run(['list', '--content', FIXTURE_CONTENT]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^atl-prod\tcontent\/profiles\/atl-prod\.yaml\texchange=2013 um=separate im=enable policies=all\tAtlanta production$/m);
    assert.match(result.stdout, /^ber-prod\t.*exchange=2016 um=separate im=enable policies=named/m);
    const json = JSON.parse((await run(['list', '--content', FIXTURE_CONTENT, '--json'])).stdout);
    assert.ok(json.profiles.some((p: { id: string; branches: { 'im.action': string } }) => p.id === 'dub-disable' && p.branches['im.action'] === 'disable'));
  });
});

