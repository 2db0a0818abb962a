import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inputsHash } from '../src/build/build-info.js';
import { loadSigner, type LoadedSigner } from '../src/load/signer.js';
import { build, type ProgressEvent } from '../src/pipeline.js';
import { combinationText, copyContent, FIXTURE_CONTENT, ROOT, run, tempDir, tempTree } from './helpers.js';

/** The untrusted development signer kept in `dir` (made there on first use). */
function developmentSigner(dir: string) {
  return loadSigner({ kind: 'development', dir }, { cwd: ROOT, hash: 'sha256', now: new Date() });
}

/** `count` valid profiles over every branch combination, each with its own id and values. */
async function manyProfiles(count: number): Promise<string> {
  const files: Record<string, string> = {};
  const combos = [2016, 2013, 2010].flatMap((v) => ['colocated', 'separate'].flatMap((u) => ['enable', 'disable'].flatMap((a) => (['all', 'named'] as const).map((p) => [v, u, a, p] as const))));
  for (let i = 0; i < count; i++) {
    const [v, u, a, p] = combos[i % combos.length]!;
    files[`site-${String(i).padStart(3, '0')}.yaml`] = combinationText(v, u, a, p).replace('id: t-prod', `id: site-${String(i).padStart(3, '0')}`).replace('port: 5199', `port: ${5100 + i}`);
  }
  return tempTree(files);
}

async function profileDirs(out: string): Promise<string[]> {
  return (await readdir(out)).filter((n) => !n.startsWith('.')).sort();
}

/** Every file SHA256SUMS lists is there with that hash (`sha256sum -c`, the tool users have). */
function sumsHold(dir: string): boolean {
  return spawnSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir }).status === 0;
}

describe('each profile folder', () => {
  it('carries SHA256SUMS that sha256sum -c accepts and a build-info.json naming its inputs', async () => {
    const out = await tempDir();
    const r = await run(['build', '--profiles', join(ROOT, 'content', 'profiles', 'atl-prod.yaml'), '--format', 'md,ps1', '--out', out], ROOT, { SOURCE_DATE_EPOCH: '1764547200' });
    assert.equal(r.code, 0, r.stderr);
    const dir = join(out, 'atl-prod');
    assert.ok(sumsHold(dir));
    const sums = await readFile(join(dir, 'SHA256SUMS'), 'utf8');
    assert.match(sums, /^[0-9a-f]{64} {2}runbook\.fr\.md$/m);
    assert.match(sums, /^[0-9a-f]{64} {2}scripts\/rollback\/03-skype-frontend\.ps1$/m);
    const info = JSON.parse(await readFile(join(dir, 'build-info.json'), 'utf8'));
    assert.equal(info.tool.name, 'runbook');
    assert.match(info.contentHash, /^[0-9a-f]{64}$/);
    assert.equal(info.profile.file, 'content/profiles/atl-prod.yaml');
    assert.deepEqual(info.options.formats, ['md', 'ps1']);
    assert.equal(info.signer.subject, 'CN=runbook untrusted development signer');
    assert.match(info.signer.thumbprint, /^[0-9A-F]{40}$/);
    assert.match(info.inputs, /^[0-9a-f]{64}$/);
    const verified = await run(['verify', dir]);
    assert.equal(verified.code, 0, verified.stdout);
    await writeFile(join(dir, 'runbook.fr.md'), 'changed');
    assert.match((await run(['verify', dir])).stdout, /^FAILED .*SHA256SUMS[\s\S]*runbook\.fr\.md: changed/m);
  });
});

describe('incremental builds', () => {
  it('skip a profile whose inputs have not changed, rebuild the one that changed, and rebuild all with --force', async () => {
    const profiles = await manyProfiles(3);
    const out = await tempDir();
    const build = (...extra: string[]) => run(['build', '--content', FIXTURE_CONTENT, '--profiles', profiles, '--format', 'md,ps1', '--out', out, '--json', ...extra]);
    const first = JSON.parse((await build()).stdout);
    assert.deepEqual(first.built, ['site-000', 'site-001', 'site-002']);
    const mtime = (await stat(join(out, 'site-000', 'runbook.en.md'))).mtimeMs;

    const second = JSON.parse((await build()).stdout);
    assert.deepEqual([second.built, second.skipped], [[], ['site-000', 'site-001', 'site-002']]);
    assert.equal((await stat(join(out, 'site-000', 'runbook.en.md'))).mtimeMs, mtime, 'untouched');

    const file = join(profiles, 'site-001.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('owner: Team', 'owner: Night shift'));
    const third = JSON.parse((await build()).stdout);
    assert.deepEqual([third.built, third.skipped], [['site-001'], ['site-000', 'site-002']]);

    // Same bytes, but a different option: the language list.
    const fourth = JSON.parse((await build('--lang', 'en')).stdout);
    assert.deepEqual(fourth.built, ['site-000', 'site-001', 'site-002']);
    assert.deepEqual(JSON.parse((await build('--lang', 'en', '--force')).stdout).built, ['site-000', 'site-001', 'site-002']);

    // A file removed by hand is noticed: that profile is rebuilt.
    const { rm } = await import('node:fs/promises');
    await rm(join(out, 'site-002', 'runbook.en.md'));
    assert.deepEqual(JSON.parse((await build('--lang', 'en')).stdout).built, ['site-002']);
  });

  it('tell that nothing changed from hashes alone: no key is read, timestamps do not count, and the profiles are still named', async () => {
    const content = await copyContent();
    const profiles = await manyProfiles(3);
    const out = await tempDir();
    const build = (env: Record<string, string> = {}) => run(['build', '--content', content, '--profiles', profiles, '--format', 'md,ps1', '--out', out, '--json'], ROOT, env);
    const first = JSON.parse((await build()).stdout);
    assert.deepEqual(first.built, ['site-000', 'site-001', 'site-002']);
    // A folder whose build-info.json does not name the profile (an older build) is built again, once.
    const infoFile = join(out, 'site-001', 'build-info.json');
    const { inputs: _inputs, ...recorded } = JSON.parse(await readFile(infoFile, 'utf8'));
    const { title, branches: _branches, ...olderProfile } = recorded.profile;
    assert.equal(title, first.profiles[1].title);
    // As the older build wrote it: no title or branches, and the inputs hashed without them.
    const older = { ...recorded, profile: olderProfile };
    await writeFile(infoFile, JSON.stringify({ ...older, inputs: inputsHash(older) }));
    assert.deepEqual(JSON.parse((await build()).stdout).built, ['site-001']);
    assert.deepEqual(JSON.parse((await build()).stdout).built, []);

    const { utimes } = await import('node:fs/promises');
    // A key that cannot be read would make loading the development signer make a new one (a new identity: everything rebuilt).
    const key = join(out, '.signing', 'development-signer.key.pem');
    await writeFile(key, 'not a key');
    const later = new Date(Date.now() + 3600_000);
    for (const file of [...(await readdir(join(content, 'steps'))).map((f) => join(content, 'steps', f)), ...(await readdir(profiles)).map((f) => join(profiles, f))]) await utimes(file, later, later);
    const second = JSON.parse((await build()).stdout);
    assert.deepEqual([second.built, second.skipped], [[], ['site-000', 'site-001', 'site-002']]);
    assert.deepEqual(second.profiles, first.profiles, 'each profile named with its title and branches');
    assert.deepEqual(second.profiles.map((p: { branches: object }) => Object.keys(p.branches)), first.profiles.map((p: { branches: object }) => Object.keys(p.branches)), 'in the same order');
    assert.deepEqual(second.signer, { ...first.signer, development: { ...first.signer.development, created: false } }, 'the same untrusted development signer');
    assert.equal(await readFile(key, 'utf8'), 'not a key', 'the key was not needed');

    // Not from hashes alone: another SOURCE_DATE_EPOCH, and a development signer without its key.
    assert.deepEqual(JSON.parse((await build({ SOURCE_DATE_EPOCH: '1700000000' })).stdout).built, ['site-000', 'site-001', 'site-002']);
    const { rm } = await import('node:fs/promises');
    await rm(key);
    const renewed = JSON.parse((await build({ SOURCE_DATE_EPOCH: '1700000000' })).stdout);
    assert.deepEqual(renewed.built, ['site-000', 'site-001', 'site-002']);
    assert.notEqual(renewed.signer.thumbprint, first.signer.thumbprint, 'a new development signer');
  });

  it('rebuild every profile when the content changes', async () => {
    const content = await copyContent();
    const profiles = await manyProfiles(2);
    const out = await tempDir();
    const build = () => run(['build', '--content', content, '--profiles', profiles, '--format', 'md', '--out', out, '--json']);
    assert.equal(JSON.parse((await build()).stdout).built.length, 2);
    const step = join(content, 'steps', (await readdir(join(content, 'steps')))[0]!);
    await writeFile(step, `${await readFile(step, 'utf8')}\n`);
    assert.equal(JSON.parse((await build()).stdout).built.length, 2);
  });
});

describe('a signature that cannot be made', () => {
  /** Runs `fn`, then lists the rejections nobody handled meanwhile (a tick after it ends included). */
  async function strayRejections(fn: () => Promise<void>): Promise<unknown[]> {
    const stray: unknown[] = [];
    const onStray = (reason: unknown) => stray.push(reason);
    process.on('unhandledRejection', onStray);
    try {
      await fn();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onStray);
    }
    return stray;
  }
  /** A signer whose key has gone, counting the scripts it was asked to sign. */
  async function failingSigner(out: string): Promise<LoadedSigner & { calls: () => number }> {
    const working = (await developmentSigner(join(out, '.signing')))!;
    let calls = 0;
    return { ...working, sign: () => (calls++, Promise.reject(new Error('the key is on a token that was removed'))), calls: () => calls };
  }

  it('fails its profile with the reason and leaves the earlier folder as it was, with no stray rejection', async () => {
    const profiles = await manyProfiles(1);
    const out = await tempDir();
    const base = { cwd: ROOT, content: FIXTURE_CONTENT, profiles: [profiles], out, formats: ['md', 'ps1'] as const, langs: ['en'] as const };
    assert.equal((await build(base)).ok, true);
    const before = await readFile(join(out, 'site-000', 'runbook.en.md'));
    const failing = await failingSigner(out);
    const stray = await strayRejections(async () => {
      const result = await build({ ...base, force: true, signer: async () => failing });
      assert.equal(result.ok, false);
      assert.equal(result.failed.length, 1);
      assert.match(result.failed[0]!, /site-000\.yaml$/);
      assert.match(JSON.stringify(result.diagnostics), /the key is on a token that was removed/);
      assert.ok((await readFile(join(out, 'site-000', 'runbook.en.md'))).equals(before), 'the earlier folder is untouched');
    });
    assert.deepEqual(stray, []);
  });

  it('raises no stray rejection when the profile fails while its signatures are still being made', async () => {
    const profiles = await manyProfiles(1);
    const out = await tempDir();
    const failing = await failingSigner(out);
    // The Markdown fails first (here its progress report), before the signatures are awaited.
    const onProgress = (event: ProgressEvent) => {
      if (event.format === 'md') throw new Error('the terminal went away');
    };
    const stray = await strayRejections(async () => {
      const result = await build({ cwd: ROOT, content: FIXTURE_CONTENT, profiles: [profiles], out, formats: ['md', 'ps1'], langs: ['en'], signer: async () => failing, onProgress });
      assert.equal(result.ok, false);
      assert.match(JSON.stringify(result.diagnostics), /the terminal went away/);
      // The premise: the signatures were under way when the Markdown failed.
      assert.ok(failing.calls() > 0, 'no script was being signed');
    });
    assert.deepEqual(stray, [], 'the signatures\' failure was left unhandled');
  });
});

describe('an interrupted build', () => {
  it('leaves only complete profile folders, and the next build removes its staging folder', async () => {
    const profiles = await manyProfiles(40);
    const out = await tempDir();
    const args = ['--import', 'tsx', join(ROOT, 'test', 'fixtures', 'run-cli.ts'), 'build', '--content', FIXTURE_CONTENT, '--profiles', profiles, '--format', 'md,ps1', '--unsigned', '--concurrency', '1', '--out', out];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if ((seen.match(/^built /gm) ?? []).length >= 3) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    await new Promise((resolve) => child.on('close', resolve));

    const dirs = await profileDirs(out);
    assert.ok(dirs.length >= 3 && dirs.length < 40, `${dirs.length} profile folders after the kill`);
    for (const dir of dirs) assert.ok(sumsHold(join(out, dir)), `${dir} is complete`);

    const again = await run(['build', '--content', FIXTURE_CONTENT, '--profiles', profiles, '--format', 'md,ps1', '--unsigned', '--out', out, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const result = JSON.parse(again.stdout);
    assert.equal(result.built.length + result.skipped.length, 40);
    assert.ok(result.skipped.length >= dirs.length - 1, 'what was complete is kept');
    assert.deepEqual((await readdir(out)).filter((n) => n.startsWith('.')), [], 'no staging folder left');
    for (const dir of await profileDirs(out)) assert.ok(sumsHold(join(out, dir)), dir);
  });
});
