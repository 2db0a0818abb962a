import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestPki, PFX_PASSWORD, type TestPki } from './certificates.js';
import { listTree, ROOT, run, tempDir } from './helpers.js';
import { syntaxErrors } from './powershell-parser.js';

const OSSLSIGNCODE = '/usr/bin/osslsigncode';
const PROFILES = join(ROOT, 'content', 'profiles');
const BEGIN = '# SIG # Begin signature block';

let pki: TestPki;
let leafThumbprint: string;

before(() => {
  pki = makeTestPki();
  leafThumbprint = pki.thumbprint('leaf.pem');
});
after(() => pki?.remove());

const scriptsIn = async (dir: string): Promise<string[]> => (await listTree(dir)).filter((f) => f.endsWith('.ps1') && !f.startsWith('.'));

function osslVerify(file: string, caFile: string): { status: number | null; output: string } {
  const r = spawnSync(OSSLSIGNCODE, ['verify', '-in', file, '-CAfile', caFile], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

const keyArgs = (): string[] => ['--sign-cert', pki.path('leaf.pem'), '--sign-key', pki.path('leaf.key'), '--sign-chain', pki.path('inter.pem')];

describe('runbook build --format ps1 with a code-signing certificate', () => {
  let out: string;
  before(async () => {
    out = await tempDir('runbook-signed-');
  });

  it('signs every script: each parses, and runbook verify --ca and osslsigncode verify -CAfile accept it', async () => {
    const r = await run(['build', '--profiles', PROFILES, '--format', 'ps1', ...keyArgs(), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`signed \\d+ script\\(s\\) as "CN=Runbook Test Signer, O=Exemple SARL, C=FR" \\(thumbprint ${leafThumbprint}\\)`));
    assert.doesNotMatch(r.stdout, /development signer/);

    const scripts = await scriptsIn(out);
    assert.ok(scripts.length >= 50, `${scripts.length} scripts`);
    const verified = await run(['verify', out, '--ca', pki.path('root.pem')]);
    assert.equal(verified.code, 0, verified.stdout);
    const valid = verified.stdout.split('\n').filter((l) => l.startsWith('Valid '));
    assert.equal(valid.length, scripts.length);
    assert.ok(valid.every((l) => l.includes(leafThumbprint) && l.includes('CN=Runbook Test Signer')), valid[0]);
    assert.match(verified.stdout, /^OK  .*atl-prod\/SHA256SUMS \(9 file\(s\)\)$/m, '8 scripts and build-info.json');

    for (const script of scripts) {
      const file = join(out, script);
      const text = await readFile(file, 'utf8');
      assert.equal(text.split(BEGIN).length, 2, `${script}: one signature block`);
      assert.deepEqual(await syntaxErrors(text), [], script);
      const ossl = osslVerify(file, pki.path('root.pem'));
      assert.equal(ossl.status, 0, `${script}: ${ossl.output}`);
    }
  });

  it('gives byte-identical files when built again', async () => {
    const again = await tempDir('runbook-signed-again-');
    const r = await run(['build', '--profiles', PROFILES, '--format', 'ps1', ...keyArgs(), '--out', again]);
    assert.equal(r.code, 0, r.stderr);
    const names = await listTree(out);
    assert.deepEqual(await listTree(again), names);
    for (const name of names) assert.ok((await readFile(join(out, name))).equals(await readFile(join(again, name))), name);
  });

  it('signs with SHA-512 when asked, which osslsigncode accepts', async () => {
    const dir = await tempDir('runbook-sha512-');
    const r = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', ...keyArgs(), '--sign-hash', 'sha512', '--out', dir]);
    assert.equal(r.code, 0, r.stderr);
    const file = join(dir, 'dub-disable', 'scripts', '02-exchange-client-access.ps1');
    const ossl = osslVerify(file, pki.path('root.pem'));
    assert.equal(ossl.status, 0, ossl.output);
    assert.match(ossl.output, /sha512/i);
    assert.equal((await run(['build', '--format', 'ps1', '--sign-hash', 'md5', '--out', dir])).code, 2);
  });
});

describe('signing keys from a PFX file', () => {
  const pfxBuild = async (extra: string[], env: Record<string, string> = {}) => {
    const out = await tempDir('runbook-pfx-');
    const r = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', '--sign-pfx', pki.path('leaf.pfx'), ...extra, '--out', out], ROOT, env);
    return { ...r, out };
  };

  it('takes the password from RUNBOOK_SIGN_PASSWORD or from --sign-password-file', async () => {
    const fromEnv = await pfxBuild([], { RUNBOOK_SIGN_PASSWORD: PFX_PASSWORD });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.ok(fromEnv.stdout.includes(leafThumbprint));
    const passwordFile = join(await tempDir(), 'password.txt');
    await writeFile(passwordFile, `${PFX_PASSWORD}\n`);
    const fromFile = await pfxBuild(['--sign-password-file', passwordFile]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.equal((await run(['verify', fromFile.out, '--ca', pki.path('root.pem')])).code, 0);
  });

  it('never takes the password on the command line, and says where to put it', async () => {
    const none = await pfxBuild([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /RUNBOOK_SIGN_PASSWORD.*--sign-password-file/);
    const flag = await pfxBuild(['--sign-password', PFX_PASSWORD]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--sign-password'/);
  });

  it('refuses a wrong password, naming the file and not the password, and writes nothing', async () => {
    const wrong = await pfxBuild([], { RUNBOOK_SIGN_PASSWORD: 'not-the-password' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /leaf\.pfx: .*wrong password/);
    assert.ok(!wrong.stderr.includes('not-the-password') && !wrong.stdout.includes('not-the-password'));
    assert.deepEqual(await listTree(wrong.out), []);
  });
});

describe('certificates that cannot sign code', () => {
  const refused = async (cert: string, key: string, pattern: RegExp) => {
    const out = await tempDir('runbook-refused-');
    const r = await run(['build', '--profiles', PROFILES, '--format', 'ps1', '--sign-cert', pki.path(cert), '--sign-key', pki.path(key), '--out', out]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, new RegExp(`${cert.replace('.', '\\.')}: `));
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, /PRIVATE KEY|MII/);
    assert.deepEqual(await listTree(out), [], 'nothing written');
  };

  it('refuses a serverAuth-only certificate', () => refused('server.pem', 'server.key', /not valid for code signing \(its extended key usage lacks codeSigning/));
  it('refuses an expired certificate', () => refused('expired.pem', 'expired.key', /expired on 2021-01-01/));
  it('refuses a key that does not match the certificate', () => refused('leaf.pem', 'other.key', /does not match/));
  it('wants --sign-cert and --sign-key together', async () => {
    const r = await run(['build', '--format', 'ps1', '--sign-cert', pki.path('leaf.pem'), '--out', await tempDir()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--sign-cert and --sign-key go together/);
  });
});

describe('the development signer', () => {
  it('is made once under <out>/.signing, untrusted by name, and the build says so', async () => {
    const out = await tempDir('runbook-dev-');
    const first = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', '--out', out]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /signed \d+ script\(s\) as "CN=runbook untrusted development signer" \(thumbprint ([0-9A-F]{40})\)/);
    assert.match(first.stdout, /untrusted development signer \(created in .*\.signing\/development-signer\.crt\.pem\).*AllSigned/);
    const thumbprint = /thumbprint ([0-9A-F]{40})/.exec(first.stdout)![1]!;
    const key = join(out, '.signing', 'development-signer.key.pem');
    assert.equal((await stat(key)).mode & 0o777, 0o600);
    assert.match(await readFile(join(out, '.signing', '.gitignore'), 'utf8'), /^\*$/m);
    assert.doesNotMatch(first.stdout + first.stderr, /PRIVATE KEY/);

    const second = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', '--force', '--out', out]);
    assert.match(second.stdout, /kept in .*development-signer\.crt\.pem/);
    assert.ok(second.stdout.includes(thumbprint), 'the same signer');

    const trusted = await run(['verify', join(out, 'dub-disable'), '--ca', join(out, '.signing', 'development-signer.crt.pem')]);
    assert.equal(trusted.code, 0, trusted.stdout);
  });

  it('is not used with --unsigned: the scripts carry no signature and verify says NotSigned', async () => {
    const out = await tempDir('runbook-unsigned-');
    const r = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', '--unsigned', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /left unsigned/);
    assert.ok((await listTree(out)).every((f) => !f.startsWith('.signing')));
    const v = await run(['verify', out]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, /^NotSigned  .*00-preflight\.ps1$/m);
  });
});

describe('runbook verify and runbook sign', () => {
  let out: string;
  let script: string;
  before(async () => {
    out = await tempDir('runbook-tamper-');
    const r = await run(['build', '--profiles', join(PROFILES, 'atl-prod.yaml'), '--format', 'ps1', ...keyArgs(), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    script = join(out, 'atl-prod', 'scripts', '01-skype-frontend.ps1');
  });

  const tampered = async (name: string, change: (text: string) => string): Promise<string> => {
    const file = join(await tempDir(), name);
    await writeFile(file, change(await readFile(script, 'utf8')), 'utf8');
    return file;
  };

  it('fails a changed byte, a changed line ending and text after the block; osslsigncode agrees on the first two', async () => {
    const cases = [
      { file: await tampered('byte.ps1', (t) => t.replace("'Redmond'", "'Redmont'")), status: 'HashMismatch', ossl: false },
      { file: await tampered('eol.ps1', (t) => t.replace('Set-StrictMode -Version Latest\r\n', 'Set-StrictMode -Version Latest\n')), status: 'HashMismatch', ossl: false },
      { file: await tampered('appended.ps1', (t) => `${t}Remove-Item C:\\ -Recurse\r\n`), status: 'UnknownError|NotSigned', ossl: true },
    ];
    for (const c of cases) {
      const r = await run(['verify', c.file, '--ca', pki.path('root.pem')]);
      assert.equal(r.code, 1, `${c.file}: ${r.stdout}`);
      assert.match(r.stdout, new RegExp(`^(${c.status}) `, 'm'));
      assert.equal(osslVerify(c.file, pki.path('root.pem')).status === 0, c.ossl, c.file);
    }
  });

  it('accepts a script signed by osslsigncode', async () => {
    const unsigned = await tempDir();
    const r0 = await run(['build', '--profiles', join(PROFILES, 'dub-disable.yaml'), '--format', 'ps1', '--unsigned', '--out', unsigned]);
    assert.equal(r0.code, 0);
    const input = join(unsigned, 'dub-disable', 'scripts', '00-preflight.ps1');
    const output = join(unsigned, 'by-osslsigncode.ps1');
    const signed = spawnSync(OSSLSIGNCODE, ['sign', '-certs', pki.path('leaf.pem'), '-key', pki.path('leaf.key'), '-ac', pki.path('inter.pem'), '-h', 'sha256', '-in', input, '-out', output], { encoding: 'utf8' });
    assert.equal(signed.status, 0, signed.stderr);
    const r = await run(['verify', output, '--ca', pki.path('root.pem')]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`^Valid  .*by-osslsigncode\\.ps1  CN=Runbook Test Signer, O=Exemple SARL, C=FR  ${leafThumbprint}$`, 'm'));
  });

  it('re-signs a reviewed hand edit, replacing the block and updating SHA256SUMS, so verify passes again', async () => {
    const text = await readFile(script, 'utf8');
    await writeFile(script, text.replace("Write-Host '[sfb-trusted-app-pool]", "# Reviewed: CAB-42\r\n        Write-Host '[sfb-trusted-app-pool]"), 'utf8');
    const broken = await run(['verify', join(out, 'atl-prod'), '--ca', pki.path('root.pem')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /^HashMismatch  .*01-skype-frontend\.ps1/m);
    assert.match(broken.stdout, /^FAILED  .*SHA256SUMS[\s\S]*scripts\/01-skype-frontend\.ps1: changed/m);

    const signed = await run(['sign', script, ...keyArgs()]);
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /updated .*atl-prod\/SHA256SUMS/);
    const after = await readFile(script, 'utf8');
    assert.equal(after.split(BEGIN).length, 2, 'one block');
    assert.match(after, /# Reviewed: CAB-42/);
    const fixed = await run(['verify', join(out, 'atl-prod'), '--ca', pki.path('root.pem')]);
    assert.equal(fixed.code, 0, fixed.stdout);
    assert.equal(osslVerify(script, pki.path('root.pem')).status, 0);
  });

  it('notices a script re-signed by someone other than the signer build-info.json names', async () => {
    const target = join(out, 'atl-prod', 'scripts', '99-verify.ps1');
    const resigned = await run(['sign', target, '--sign-cert', pki.path('ecleaf.pem'), '--sign-key', pki.path('ecleaf.key'), '--sign-chain', pki.path('inter.pem')]);
    assert.equal(resigned.code, 0, resigned.stderr);
    const r = await run(['verify', join(out, 'atl-prod'), '--ca', pki.path('root.pem')]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /^Valid  .*99-verify\.ps1  CN=Runbook EC Signer/m, 'the signature itself is valid');
    assert.match(r.stdout, new RegExp(`scripts/99-verify\\.ps1: signed by [0-9A-F]{40}, but build-info\\.json says the build was signed by CN=Runbook Test Signer.*\\(${leafThumbprint}\\)`));
    assert.match(await readFile(join(out, 'atl-prod', 'SHA256SUMS'), 'utf8'), /^[0-9a-f]{64} {2}build-info\.json$/m, 'build-info.json is itself covered');
  });

  it('changes no file when one of them cannot be signed', async () => {
    const lf = join(await tempDir(), 'lf.ps1');
    await writeFile(lf, '\uFEFFWrite-Host 1\nWrite-Host 2\n');
    const before = await readFile(script);
    // Another hash: had the script been written, its bytes would differ.
    const r = await run(['sign', script, lf, ...keyArgs(), '--sign-hash', 'sha512']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lf\.ps1: .*bare LF/);
    assert.match(r.stderr, /no file was changed/);
    assert.ok((await readFile(script)).equals(before));
  });
});
