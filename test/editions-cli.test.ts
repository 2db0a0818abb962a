import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSums } from '../src/verify/sha256sums.js';
import { GOOD_PROFILE, ROOT, run, tempDir, tempTree } from './helpers.js';

const ATL = join(ROOT, 'content', 'profiles', 'atl-prod.yaml');

describe('runbook build --format cab', () => {
  it('writes the change request in both languages and as data, listing the artefacts of the same build with their hashes and signer', async () => {
    const out = await tempDir();
    const r = await run(['build', '--profiles', ATL, '--format', 'md,ps1,cab', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const dir = join(out, 'atl-prod');
    const cr = JSON.parse(await readFile(join(dir, 'change-request.json'), 'utf8'));
    const sums = parseSums(await readFile(join(dir, 'SHA256SUMS'), 'utf8')).entries;
    const listed = new Map(sums.map((e) => [e.path, e.sha256]));
    const scripts = cr.artefacts.filter((a: { path: string }) => a.path.endsWith('.ps1'));
    assert.equal(scripts.length, 8);
    for (const a of cr.artefacts as { path: string; sha256: string }[]) assert.equal(a.sha256, listed.get(a.path), a.path);
    assert.ok(listed.has('change-request.json') && listed.has('change-request.fr.md'), 'the change request is itself in SHA256SUMS');
    const info = JSON.parse(await readFile(join(dir, 'build-info.json'), 'utf8'));
    assert.deepEqual(cr.signer, info.signer);
    for (const lang of ['fr', 'en']) {
      const md = await readFile(join(dir, `change-request.${lang}.md`), 'utf8');
      assert.ok(md.includes('CHG0012345') && md.includes('atl-fe-001.litwareinc.com'), lang);
      assert.ok(md.includes(info.signer.thumbprint), `${lang}: the signer's thumbprint`);
    }
  });

  it('warns when the plan and its rollback do not fit the window, and fails the profile with --strict', async () => {
    const short = GOOD_PROFILE.replace('end: 2026-12-06T02:00:00+01:00', 'end: 2026-12-05T22:30:00+01:00');
    const profiles = await tempTree({ 'short.yaml': short });
    const out = await tempDir();
    const lenient = await run(['build', '--profiles', profiles, '--format', 'cab', '--out', out]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stderr, /short\.yaml:1:1: warning: .*window.* \[cab\/window-too-short\]/);
    const strict = await run(['build', '--profiles', profiles, '--format', 'cab', '--strict', '--force', '--out', out]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /short\.yaml:1:1: error: .*\[cab\/window-too-short\]/);
  });
});

describe('runbook training', () => {
  it('writes the training edition and its decision diagram in both languages', async () => {
    const out = await tempDir();
    const r = await run(['training', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    for (const lang of ['fr', 'en']) {
      const md = await readFile(join(out, 'training', `training.${lang}.md`), 'utf8');
      assert.match(md, new RegExp(`!\\[[^\\]]*\\]\\(decision-diagram\\.${lang}\\.svg\\)`));
      assert.ok(md.includes('sfb-trusted-app-pool') && md.includes('e2016-setting-override') && md.includes('e2010-iis-restart'), `${lang}: steps of every branch`);
      const svg = await readFile(join(out, 'training', `decision-diagram.${lang}.svg`), 'utf8');
      assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
  });
});

describe('runbook diff', () => {
  it('reports a changed port between the approved build and a new one', async () => {
    const profiles = await tempTree({ 'p.yaml': GOOD_PROFILE });
    const approved = await tempDir();
    const next = await tempDir();
    assert.equal((await run(['build', '--profiles', profiles, '--format', 'ps1,cab', '--unsigned', '--out', approved])).code, 0);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(profiles, 'p.yaml'), GOOD_PROFILE.replace('port: 5199', 'port: 5299'));
    assert.equal((await run(['build', '--profiles', profiles, '--format', 'ps1,cab', '--unsigned', '--out', next])).code, 0);
    const md = await run(['diff', approved, next]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /5199/);
    assert.match(md.stdout, /5299/);
    const data = JSON.parse((await run(['diff', approved, next, '--json'])).stdout);
    assert.equal(data.profiles[0].id, 't-prod');
    assert.ok(JSON.stringify(data.profiles[0]).includes('5299'));
  });
});
