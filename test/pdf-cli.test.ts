import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestPki, type TestPki } from './certificates.js';
import { copyContent, listTree, ROOT, run, tempDir } from './helpers.js';

const PROFILES = join(ROOT, 'content', 'profiles');
const TWO = [join(PROFILES, 'atl-prod.yaml'), join(PROFILES, 'dub-disable.yaml')];
const ENV = { SOURCE_DATE_EPOCH: '1764547200' };

let pki: TestPki;
before(() => {
  pki = makeTestPki();
});
after(() => pki?.remove());

const pdfinfo = (file: string): string => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe('runbook build with every format', () => {
  it('gives byte-identical folders on two clean builds, PDFs and signed scripts included', async () => {
    const keys = ['--sign-cert', pki.path('leaf.pem'), '--sign-key', pki.path('leaf.key'), '--sign-chain', pki.path('inter.pem')];
    const [a, b] = [await tempDir(), await tempDir()];
    for (const out of [a, b]) {
      const r = await run(['build', '--profiles', ...TWO, ...keys, '--out', out, '--quiet'], ROOT, ENV);
      assert.equal(r.code, 0, r.stderr);
    }
    const files = await listTree(a);
    assert.deepEqual(await listTree(b), files);
    for (const f of ['atl-prod/runbook.fr.pdf', 'atl-prod/runbook.en.pdf', 'atl-prod/change-request.json', 'atl-prod/scripts/01-skype-frontend.ps1', 'dub-disable/runbook.en.pdf']) {
      assert.ok(files.includes(f), f);
    }
    for (const f of files) assert.ok((await readFile(join(a, f))).equals(await readFile(join(b, f))), `${f} differs between two builds`);

    const info = pdfinfo(join(a, 'atl-prod', 'runbook.fr.pdf'));
    assert.match(info, /^Title: +Intégration de Skype Entreprise Server 2015/m);
    assert.match(info, /^Page size: +595\.\d* x 841\.\d* pts \(A4\)/m);
    assert.match(info, /^CreationDate: +.*2025/m, 'the date comes from SOURCE_DATE_EPOCH (2025-12-01)');
    const built = JSON.parse(await readFile(join(a, 'atl-prod', 'build-info.json'), 'utf8'));
    assert.equal(built.sourceDateEpoch, 1764547200);
    assert.match(built.browser, /\d+\.\d+\.\d+\.\d+/);
  });

  it('prints on letter paper when asked', async () => {
    const out = await tempDir();
    const r = await run(['build', '--profiles', TWO[1]!, '--format', 'pdf', '--lang', 'en', '--paper', 'letter', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(pdfinfo(join(out, 'dub-disable', 'runbook.en.pdf')), /^Page size: +612 x 792 pts \(letter\)/m);
    assert.equal((await run(['build', '--format', 'pdf', '--paper', 'a3', '--out', out])).code, 2);
  });

  it('refuses content with a remote image before printing, naming the file and the URL', async () => {
    const content = await copyContent(join(ROOT, 'content'));
    const file = join(content, 'sections', '10-introduction.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/(::::en\n# [^\n]*\n)/, '$1\n![logo](https://cdn.example.com/logo.png)\n'));
    const out = await tempDir();
    const r = await run(['build', '--content', content, '--profiles', TWO[1]!, '--format', 'md,pdf', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /10-introduction\.md:\d+:\d+: error: .*https:\/\/cdn\.example\.com\/logo\.png.*\[content\/remote-resource\]/);
    assert.deepEqual(await listTree(out), [], 'nothing written');
  });
  it('fails a profile whose content is too wide for the page, pointing at the table in its step, and keeps the earlier folder', async () => {
    const content = await copyContent(join(ROOT, 'content'));
    const file = join(content, 'steps', '030-exchange-certificate.md');
    // Fourteen right-aligned columns of numbers: cells that may not break, wider than A4's text area.
    // The first header is a placeholder: the line is found in the text as printed, values filled in.
    const row = (cell: (i: number) => string) => `| ${Array.from({ length: 14 }, (_, i) => cell(i)).join(' | ')} |`;
    const table = [row((i) => (i === 0 ? '{{server}}' : `Colonne${i}`)), `|${Array(14).fill('--:').join('|')}|`, row((i) => String(1000000 + i * 7919))].join('\n');
    const text = await readFile(file, 'utf8');
    const out = await tempDir();
    const build = () => run(['build', '--content', content, '--profiles', TWO[0]!, '--format', 'pdf', '--lang', 'fr', '--out', out]);
    assert.equal((await build()).code, 0);
    const before = await readFile(join(out, 'atl-prod', 'runbook.fr.pdf'));
    const broken = text.replace(/(::::fr\n# [^\n]*\n)/, `$1\n${table}\n`);
    await writeFile(file, broken);
    const r = await build();
    assert.equal(r.code, 1);
    // At the table's line in the step's French text.
    const line = broken.split('\n').findIndex((l) => l.startsWith('| {{server}} ')) + 1;
    assert.ok(line > text.split('\n').indexOf('::::fr') + 1);
    assert.match(r.stderr, new RegExp(`030-exchange-certificate\\.md:${line}:1: error: Profile \`atl-prod\` could not be built: atl-prod/runbook\\.fr\\.pdf: a line is at least [\\d.]+% wider than the page's text area`));
    assert.match(r.stderr, /past the right margin: «atl-mbx-001\.litwareinc\.com Colonne1 Colonne2 [^»]*» \([\d.]+ mm past the margin, in \d+\. Vérifier le certificat Exchange/);
    assert.ok(r.stderr.includes(`see: ${relative(ROOT, TWO[0]!)}:1:1`), `the profile beside it: ${r.stderr}`);
    assert.ok((await readFile(join(out, 'atl-prod', 'runbook.fr.pdf'))).equals(before), 'the earlier PDF is untouched');
  });
});

describe('finding a browser', () => {
  it('names every place it tried and how to install one, and how to build without PDFs', async () => {
    const r = await run(['build', '--profiles', TWO[1]!, '--format', 'pdf', '--out', await tempDir()], ROOT, { PUPPETEER_EXECUTABLE_PATH: '/no/such/chromium' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\/no\/such\/chromium/);
    assert.match(r.stderr, /apt-get install chromium/);
    assert.match(r.stderr, /--format md,ps1,cab/);
  });

  it('runbook doctor reports the browser and its version', async () => {
    const ok = await run(['doctor']);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^ok +browser +\/\S+ \(\S*\d+\.\d+\.\d+\.\d+( \(headless shell\))?\)$/m);
    assert.match(ok.stdout, /^ok +fonts +16 bundled font files/m);
    const missing = await run(['doctor', '--json'], ROOT, { PUPPETEER_EXECUTABLE_PATH: '/no/such/chromium' });
    assert.equal(missing.code, 1);
    const data = JSON.parse(missing.stdout);
    assert.equal(data.checks.find((c: { name: string }) => c.name === 'browser').ok, false);
  });
});
