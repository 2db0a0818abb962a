/**
 * `npm run bench`: builds N generated profiles (default 120, every branch combination with varied
 * values) in both languages and prints wall time, throughput and peak memory per stage, and, on
 * the same documents in the same run, the ratios to:
 *   - the PDF floor: the same final HTML, as our printer hands it to the browser (hidden from the
 *     screen), printed by a bare puppeteer loop (one browser, same concurrency, nothing else);
 *   - md-to-pdf converting the same Markdown runbooks in one batch call (in calls of 24 files
 *     when that one times out), as it runs by default (the new headless mode of a desktop
 *     browser) and on the browser runbook prints with (the headless shell when there is one);
 *   - `osslsigncode sign`, one process per script, as a user would script it;
 *   - the signing floor: node:crypto signing the same digests alone, on the same thread pool;
 *   - md-to-pdf's own HTML for the same Markdown, printed by the same bare loop: how much of the
 *     gap to md-to-pdf is the documents' weight, and how much its way of printing them.
 * Usage: npm run bench [-- --profiles 120 --concurrency 2 --pdf-profiles 120]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFOptions } from 'puppeteer';
import { defaultConfig as mdToPdfDefaults } from 'md-to-pdf/dist/lib/config.js';
import { mapWithConcurrency } from '../src/build/concurrency.js';
import { watchTree } from './process-tree.js';
import { loadTemplates } from '../src/load/templates.js';
import { ESSENTIAL_ARGS, findBrowser, headlessMode, launch, openPrinter, pageHtml } from '../src/print/index.js';
import { renderRunbookPdf, type LayoutMemo, type Printer } from '../src/render/pdf/index.js';
import { signerFromPem, signScript } from '../src/sign/index.js';
import { combinationText, installedBrowsers, listTree, loadExamples, ROOT } from '../test/helpers.js';
import { makeTestPki } from '../test/certificates.js';
import { parseProfile } from '../src/load/profile.js';
import { resolve } from '../src/resolve/resolve.js';
import { decisionGraph, renderDiagram } from '../src/render/diagram/index.js';
import type { Lang } from '../src/model/types.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const N = Number(args.get('profiles') ?? 120);
const PDF_N = Number(args.get('pdf-profiles') ?? N);
const CONCURRENCY = Number(args.get('concurrency') ?? Math.min(4, availableParallelism()));
const LANGS: Lang[] = ['fr', 'en'];

const work = mkdtempSync(join(tmpdir(), 'runbook-bench-'));
const rows: string[][] = [];
const report = (stage: string, seconds: number, items: number, unit: string, rssMb?: number, note = '') => {
  rows.push([stage, `${seconds.toFixed(2)} s`, `${(items / seconds).toFixed(1)} ${unit}/s`, rssMb === undefined ? '' : `${rssMb.toFixed(0)} MB`, note]);
  console.log(`  ${stage}: ${seconds.toFixed(2)} s, ${(items / seconds).toFixed(1)} ${unit}/s${rssMb === undefined ? '' : `, ${rssMb.toFixed(0)} MB`} ${note}`);
};
const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
};


/**
 * One CLI run in a fresh process: wall seconds, peak memory of the Node process (MB), and the
 * peak of the Node process with its children (the browser), sampled every 250 ms.
 */
async function cli(argv: string[]): Promise<{ seconds: number; rssMb: number; treeMb: number }> {
  const rssFile = join(work, `rss-${Math.random().toString(16).slice(2)}`);
  const t = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', pathToFileURL(join(ROOT, 'bench', 'rss-hook.mjs')).href, join(ROOT, 'bin', 'runbook.js'), ...argv], { cwd: ROOT, env: { ...process.env, RUNBOOK_BENCH_RSS: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const watch = watchTree(child.pid!);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const { peakKb } = watch.stop();
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (code !== 0) throw new Error(`runbook ${argv.join(' ')} failed:\n${stderr}`);
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { seconds, rssMb, treeMb: Math.max(peakKb / 1024, rssMb) };
}

console.log(`runbook benchmark: ${N} profiles x ${LANGS.length} languages, concurrency ${CONCURRENCY}, ${availableParallelism()} CPUs, ${work}`);

// Profiles: every branch combination, with varied values.
const profilesDir = join(work, 'profiles');
mkdirSync(profilesDir);
const combos = [2016, 2013, 2010].flatMap((v) => ['colocated', 'separate'].flatMap((u) => ['enable', 'disable'].flatMap((a) => (['all', 'named'] as const).map((p) => [v, u, a, p] as const))));
for (let i = 0; i < N; i++) {
  const [v, u, a, p] = combos[i % combos.length]!;
  const id = `site-${String(i).padStart(3, '0')}`;
  writeFileSync(join(profilesDir, `${id}.yaml`), combinationText(v, u, a, p).replace('id: t-prod', `id: ${id}`).replace('port: 5199', `port: ${5100 + i}`).replace('CHG1', `CHG${10000 + i}`));
}
const pki = makeTestPki();
const keys = ['--sign-cert', pki.path('leaf.pem'), '--sign-key', pki.path('leaf.key'), '--sign-chain', pki.path('inter.pem')];

// 1. Each format on its own through the CLI, Markdown + signed PowerShell together, and a rebuild with nothing changed.
const fresh = (name: string) => join(work, 'out', name);
const pdfProfiles = readdirSync(profilesDir).sort().slice(0, PDF_N);
const pdfFiles = pdfProfiles.map((f) => join(profilesDir, f));
const perFormat: [string, string[], number][] = [
  ['md', ['--profiles', profilesDir, '--format', 'md'], N],
  ['ps1 (signed)', ['--profiles', profilesDir, '--format', 'ps1', ...keys], N],
  ['pdf', ['--profiles', ...pdfFiles, '--format', 'pdf', '--unsigned'], PDF_N],
  ['cab', ['--profiles', ...pdfFiles, '--format', 'cab', '--unsigned'], PDF_N],
];
let peakMb = 0;
let peakTreeMb = 0;
for (const [name, argv, count] of perFormat) {
  const r = await cli(['build', ...argv, '--out', fresh(name.replace(/\W+/g, '-')), '--quiet']);
  peakMb = Math.max(peakMb, r.rssMb);
  peakTreeMb = Math.max(peakTreeMb, r.treeMb);
  report(`build --format ${name}, ${count} profiles x ${LANGS.length} languages`, r.seconds, count * LANGS.length, 'documents', r.rssMb, name === 'pdf' || name === 'cab' ? `(with the browser's processes: ${r.treeMb.toFixed(0)} MB)` : '');
}
// This machine's speed varies from run to run: the two timed targets are the best of three runs.
const bestOf = async (runs: number, make: (i: number) => Promise<{ seconds: number; rssMb: number; treeMb: number }>) => {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await make(i));
  const best = all.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  return { ...best, rssMb: Math.max(...all.map((r) => r.rssMb)), treeMb: Math.max(...all.map((r) => r.treeMb)), note: `best of ${runs}: ${all.map((r) => r.seconds.toFixed(2)).join(', ')} s` };
};
const out = fresh('md-ps1');
const mdps = await bestOf(3, (i) => cli(['build', '--profiles', profilesDir, '--format', 'md,ps1', ...keys, '--out', i === 2 ? out : `${out}-${i}`, '--quiet']));
report(`Markdown + signed PowerShell, ${N} profiles x ${LANGS.length} languages`, mdps.seconds, N, 'profiles', mdps.rssMb, `(target < 2 s; ${mdps.note})`);
const again = await bestOf(3, () => cli(['build', '--profiles', profilesDir, '--format', 'md,ps1', ...keys, '--out', out, '--quiet']));
report('rebuild, nothing changed', again.seconds, N, 'profiles', again.rssMb, `(target < 0.5 s; ${again.note})`);
peakMb = Math.max(peakMb, mdps.rssMb, again.rssMb);

// 2. Signing: ours in process, osslsigncode one process per file, and the floor.
const scripts: Buffer[] = [];
const scriptsDir = join(work, 'unsigned');
await cli(['build', '--profiles', profilesDir, '--format', 'ps1', '--unsigned', '--out', scriptsDir, '--quiet']);
const files = (await listTree(scriptsDir)).filter((f) => f.endsWith('.ps1')).map((f) => join(scriptsDir, f));
for (const f of files) scripts.push(readFileSync(f));
const signer = signerFromPem({ certificatePem: pki.read('leaf.pem'), keyPem: pki.read('leaf.key'), chainPem: pki.read('inter.pem'), hash: 'sha256', now: new Date() });
// Both as the tool signs: all at once, on libuv's thread pool.
const [, ours] = await time(() => Promise.all(scripts.map((s) => signScript(new Uint8Array(s), signer))));
const key = createPrivateKey(pki.read('leaf.key'));
const digests = scripts.map((s) => createHash('sha256').update(s).digest());
const signOnPool = promisify(sign);
const [, floor] = await time(() => Promise.all(digests.map((d) => signOnPool('sha256', d, key))));
const osslSample = files.slice(0, Math.min(files.length, 60));
const [, ossl] = await time(() => {
  for (const f of osslSample) {
    const r = spawnSync('osslsigncode', ['sign', '-certs', pki.path('leaf.pem'), '-key', pki.path('leaf.key'), '-ac', pki.path('inter.pem'), '-h', 'sha256', '-in', f, '-out', `${f}.signed`]);
    if (r.status !== 0) throw new Error(`osslsigncode failed: ${r.stderr}`);
  }
});
const oursRate = scripts.length / ours;
const osslRate = osslSample.length / ossl;
report(`signing ${scripts.length} scripts in process`, ours, scripts.length, 'scripts');
report(`osslsigncode sign, one process per script (${osslSample.length})`, ossl, osslSample.length, 'scripts');
report('signing floor: node:crypto on the same digests, on the thread pool', floor, scripts.length, 'signatures');
console.log(`  -> ours / osslsigncode throughput: ${(oursRate / osslRate).toFixed(1)}x (target >= 10x); ours / floor time: ${(ours / floor).toFixed(2)}x (target <= 3x)`);

// 3. PDFs: ours, the bare puppeteer floor on the same final HTML, md-to-pdf on the same Markdown.
const executablePath = findBrowser({ env: process.env, platform: process.platform, exists: existsSync });
console.log(`  PDFs are printed with ${executablePath}`);
const { procedure, validateProfile } = await loadExamples();
const { templates, roots } = await loadTemplates({ cwd: ROOT });
const finalHtml = new Map<string, string>();
const printer = await openPrinter({ executablePath, allowedRoots: [...roots, join(ROOT, 'content')] });
const recording: Printer = {
  ...printer,
  print: async (job) => {
    if (!job.draft) finalHtml.set(job.name, pageHtml(job.html));
    return printer.print(job);
  },
};
const jobs = pdfProfiles.flatMap((file) => LANGS.map((lang) => ({ file, lang })));
let pdfRss = 0;
const layouts: LayoutMemo = new Map();
const [, pdfSeconds] = await time(() =>
  mapWithConcurrency(jobs, CONCURRENCY, async ({ file, lang }) => {
    const profile = parseProfile({ file, text: readFileSync(join(profilesDir, file), 'utf8') }, validateProfile, []);
    const { runbook } = resolve(procedure, profile!);
    // As the pipeline prints it: with the decision diagram of this profile.
    const decisionDiagramSvg = renderDiagram(decisionGraph(procedure), procedure, { lang, highlight: profile!.branches, caption: profile!.title });
    await renderRunbookPdf(runbook!, lang, recording, templates, { paper: 'a4', decisionDiagramSvg }, { layouts });
    pdfRss = Math.max(pdfRss, process.memoryUsage().rss);
  }),
);
await printer.close();
report(`our PDF stage, ${jobs.length} runbooks`, pdfSeconds, jobs.length, 'PDFs', pdfRss / 1048576, '(Node process; the browser is extra)');

const htmlDir = join(work, 'html');
mkdirSync(htmlDir);
const htmlFiles = [...finalHtml.values()].map((html, i) => {
  const f = join(htmlDir, `${i}.html`);
  writeFileSync(f, html);
  return f;
});
/** Pages in a PDF written by Chromium (no object streams: every page's dictionary is plain text). */
const pageCount = (pdf: Uint8Array): number => (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
/**
 * The floor: HTML files printed by a bare puppeteer loop (one browser, a page per document, same
 * flags and concurrency, nothing else). Seconds, and the documents' pages on average.
 */
const bareLoop = async (files: string[], options: PDFOptions = {}): Promise<[number, number]> => {
  const browser = await launch(executablePath, mkdtempSync(join(work, 'profile-')), 60_000);
  const [pdfs, seconds] = await time(() =>
    mapWithConcurrency(files, CONCURRENCY, async (f) => {
      const page = await browser.newPage();
      try {
        await page.goto(pathToFileURL(f).href, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true, tagged: true, waitForFonts: true, ...options });
      } finally {
        await page.close();
      }
    }),
  );
  await browser.close();
  // Counted once the clock has stopped.
  return [seconds, pdfs.reduce((sum, pdf) => sum + pageCount(pdf), 0) / files.length];
};
const [floorSeconds, floorPages] = await bareLoop(htmlFiles);
report(`PDF floor: bare puppeteer on the same final HTML`, floorSeconds, htmlFiles.length, 'PDFs', undefined, `(${floorPages.toFixed(1)} pages each)`);
console.log(`  -> our PDF stage / floor: ${(pdfSeconds / floorSeconds).toFixed(2)}x (target <= 1.3x)`);

const mdDir = join(work, 'md');
mkdirSync(mdDir);
await cli(['build', '--profiles', ...pdfFiles, '--format', 'md', '--out', mdDir, '--quiet']);
const mdFiles = (await listTree(mdDir)).filter((f) => f.endsWith('.md')).map((f) => join(mdDir, f));
/**
 * md-to-pdf's CLI on some files in one call, with a browser and ESSENTIAL_ARGS, writing PDFs (or
 * HTML with `--as-html`) beside them: seconds, and how many files it wrote.
 */
const mdToPdf = async (files: string[], browserPath: string, as: 'pdf' | 'html' = 'pdf'): Promise<[number, number]> => {
  const output = (f: string) => f.replace(/\.md$/, `.${as}`);
  for (const f of files) rmSync(output(f), { force: true });
  const options = JSON.stringify({ executablePath: browserPath, args: ESSENTIAL_ARGS, headless: headlessMode(browserPath) });
  const cliArgs = [join(ROOT, 'node_modules', 'md-to-pdf', 'dist', 'cli.js'), ...(as === 'html' ? ['--as-html'] : []), '--launch-options', options, ...files.map((f) => relative(ROOT, f))];
  const [, seconds] = await time(() => spawnSync(process.execPath, cliArgs, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }));
  return [seconds, files.filter((f) => existsSync(output(f))).length];
};
/**
 * md-to-pdf on every Markdown runbook with one browser, with the flags this machine's browsers are
 * launched with (no sandbox as root, no GPU, nothing phoning home: ESSENTIAL_ARGS), without
 * runbook's memory flags: in one batch call, and when that call does not write them all, in calls
 * of 24 files. md-to-pdf opens a page for every file at once and waits for each page's network to
 * be idle (30 s at most): with many files, some time out.
 */
const mdToPdfOn = async (browserPath: string, label: string): Promise<number> => {
  let [seconds, written] = await mdToPdf(mdFiles, browserPath);
  const inOneCall = written === mdFiles.length;
  if (!inOneCall) {
    console.log(`  md-to-pdf ${label}, one batch call: wrote ${written} of ${mdFiles.length} PDFs in ${seconds.toFixed(2)} s (the others timed out); again in calls of 24 files`);
    [seconds, written] = [0, 0];
    // The calls where every file was written: md-to-pdf's pace without its 30 s timeouts.
    let [cleanSeconds, cleanWritten] = [0, 0];
    for (let i = 0; i < mdFiles.length; i += 24) {
      const files = mdFiles.slice(i, i + 24);
      const [s, n] = await mdToPdf(files, browserPath);
      seconds += s;
      written += n;
      if (n === files.length) [cleanSeconds, cleanWritten] = [cleanSeconds + s, cleanWritten + n];
    }
    if (cleanWritten > 0 && cleanWritten < written) {
      console.log(`  md-to-pdf ${label}, only the calls without a timeout: ${cleanWritten} PDFs in ${cleanSeconds.toFixed(2)} s, ${(cleanWritten / cleanSeconds).toFixed(1)} PDFs/s; ours / that: ${(jobs.length / pdfSeconds / (cleanWritten / cleanSeconds)).toFixed(2)}x`);
    }
  }
  report(`md-to-pdf ${label}, ${inOneCall ? 'one batch call' : 'batch calls of 24 files'} on the same ${mdFiles.length} Markdown runbooks (${written} written)`, seconds, written, 'PDFs');
  console.log(`  -> our PDF throughput / md-to-pdf ${label}: ${(jobs.length / pdfSeconds / (written / seconds)).toFixed(2)}x (target >= 2x)`);
  // What any build printing our documents at this concurrency could reach: the floor.
  if (browserPath === executablePath) console.log(`  -> the floor's throughput / md-to-pdf ${label}: ${(htmlFiles.length / floorSeconds / (written / seconds)).toFixed(2)}x`);
  return written / seconds;
};
// As md-to-pdf runs by default (puppeteer's new headless mode of a desktop browser), and with the
// browser runbook printed with (the headless shell, when this machine has one).
const { desktop } = installedBrowsers();
const desktopRate = desktop ? await mdToPdfOn(desktop, `on the desktop browser (${desktop})`) : undefined;
// md-to-pdf's pace on the browser runbook printed with, whichever of the two calls that was.
const mdToPdfRate = desktop === executablePath ? desktopRate! : await mdToPdfOn(executablePath, `on runbook's browser (${executablePath})`);

// md-to-pdf's own documents (its HTML for the same Markdown, its margins) in the same bare loop:
// how much of the gap is the documents, and how much is md-to-pdf's way of printing them.
for (let i = 0; i < mdFiles.length; i += 24) await mdToPdf(mdFiles.slice(i, i + 24), executablePath, 'html');
const mdHidden = mdFiles.map((f) => f.replace(/\.md$/, '.html')).filter((f) => existsSync(f)).map((f) => {
  // Hidden from the screen as ours are, so that both loops make only the print layout.
  writeFileSync(f, pageHtml(readFileSync(f, 'utf8')));
  return f;
});
if (mdHidden.length) {
  const [mdFloorSeconds, mdFloorPages] = await bareLoop(mdHidden, { margin: mdToPdfDefaults.pdf_options.margin });
  report(`md-to-pdf's own HTML (${mdHidden.length} of ${mdFiles.length} written) in the same bare loop`, mdFloorSeconds, mdHidden.length, 'PDFs', undefined, `(${mdFloorPages.toFixed(1)} pages each)`);
  const weight = (floorSeconds / htmlFiles.length) / (mdFloorSeconds / mdHidden.length);
  console.log(`  -> one of our runbooks takes ${weight.toFixed(2)}x as long to print as md-to-pdf's rendering of the same Markdown (${floorPages.toFixed(1)} pages against ${mdFloorPages.toFixed(1)})`);
  console.log(`  -> md-to-pdf on runbook's browser runs at ${(mdHidden.length / mdFloorSeconds / mdToPdfRate).toFixed(2)}x its own floor's time per document; ours at ${(pdfSeconds / floorSeconds).toFixed(2)}x`);
}
console.log(`  -> peak memory of the CLI builds: with the browser's processes ${peakTreeMb.toFixed(0)} MB (target < 600 MB); runbook's own process (Node) ${peakMb.toFixed(0)} MB`);

console.log('\n| stage | wall | throughput | peak memory | note |\n| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
pki.remove();
rmSync(work, { recursive: true, force: true });
