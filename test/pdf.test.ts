/**
 * The printed runbook: facts read back from the PDF (pdftotext, pdffonts, pdfinfo, pdf-lib), the
 * offline guarantees (no remote reference reaches the browser, the browser asks for nothing
 * remote), escaping of hostile profile values, and byte-identical rebuilds. One browser for the
 * whole file; when none is installed, the tests fail with the message that says how to get one.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { readContent } from '../src/load/files.js';
import { loadTemplates } from '../src/load/templates.js';
import { matches } from '../src/model/condition.js';
import { parseContent } from '../src/model/parse-content.js';
import type { Profile } from '../src/model/profile.js';
import type { Lang, Procedure } from '../src/model/types.js';
import { pathToFileURL } from 'node:url';
import { BROWSER_ARGS, browserVersion, BrowserNotFoundError, describeRequest, ESSENTIAL_ARGS, findBrowser, isAllowedRequest, isHeadlessShell, MEMORY_ARGS, openPrinter, PrintError } from '../src/print/index.js';
import {
  checkRemoteReferences,
  cssString,
  inlineSvg,
  isRemoteUrl,
  pdfViewModel,
  remoteReferencesInContent,
  remoteReferencesInTemplates,
  renderRunbookHtml,
  withStyle,
  type Templates,
} from '../src/render/html/index.js';
import { DESIGN_SCALE, isDesignScale, printScale } from '../src/render/pdf/page-scale.js';
import { documentDate, draftHtml, PdfLayoutError, readDestinations, readOutline, RemoteReferenceError, renderRunbookPdf, type LayoutMemo, type OutlineItem, type Printer, type PrintJob } from '../src/render/pdf/index.js';
import { decisionDiagram, DIAGRAM_LABELS } from '../src/render/diagram/index.js';
import { renderMarkdown } from '../src/render/markdown/runbook.js';
import { LABELS } from '../src/render/labels.js';
import { placeholderValues, resolve, type ResolvedRunbook } from '../src/resolve/resolve.js';
import { TOOL } from '../src/version.js';
import { FIXTURE_CONTENT, ROOT, copyContent, installedBrowsers, loadExamples, tempDir, withCss } from './helpers.js';
import { exec, pdftotext } from './pdf-tools.js';
import { limiter, mapWithConcurrency } from '../src/build/concurrency.js';

const run = exec;

let procedure: Procedure;
let examples: Map<string, Profile>;
let templates: Templates;
let roots: string[];
let printer: Printer;
let work: string;

before(async () => {
  ({ procedure, examples } = await loadExamples());
  ({ templates, roots } = await loadTemplates({ cwd: ROOT }));
  work = await mkdtemp(join(tmpdir(), 'runbook-pdf-test-'));
});

after(async () => {
  await (await opening?.catch(() => undefined))?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

let opening: Promise<Printer> | undefined;
/** The shared printer, opened on first use: a missing browser fails the test with findBrowser's message. */
async function shared(): Promise<Printer> {
  opening ??= (async () => openPrinter({ executablePath: findBrowser({ env: process.env, platform: process.platform, exists: existsSync }), allowedRoots: roots }))();
  printer = await opening;
  return printer;
}

function runbookOf(profile: Profile): ResolvedRunbook {
  const { runbook, diagnostics } = resolve(procedure, profile);
  assert.deepEqual(diagnostics, [], `${profile.id} resolves`);
  return runbook!;
}

function example(id: string): Profile {
  const p = examples.get(id);
  assert.ok(p, `example profile ${id}`);
  return p;
}

interface Printed {
  bytes: Uint8Array;
  file: string;
  /** pdftotext -layout, one entry per page, whitespace collapsed. */
  pages: string[];
}


async function print(runbook: ResolvedRunbook, lang: Lang, name: string, extras: Partial<Parameters<typeof renderRunbookPdf>[4]> = {}, epoch?: number): Promise<Printed> {
  const bytes = await renderRunbookPdf(runbook, lang, await shared(), templates, { paper: 'a4', ...extras }, epoch === undefined ? {} : { sourceDateEpoch: epoch });
  const file = join(work, `${name}.pdf`);
  await writeFile(file, bytes);
  return { bytes, file, pages: await pdftotext(file) };
}

function flatten(items: OutlineItem[]): OutlineItem[] {
  return items.flatMap((i) => [i, ...flatten(i.children)]);
}

/** A step id as a word: `exchange-certificate` must not match inside `e2010-exchange-certificate`. */
function hasWord(text: string, word: string): boolean {
  return new RegExp(`(?<![\\w-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(text);
}

const PAGE = { en: (i: number, n: number) => `page ${i} of ${n}`, fr: (i: number, n: number) => `page ${i} sur ${n}` };

describe('finding a browser', () => {
  const none = () => false;
  it('takes --browser first, then PUPPETEER_EXECUTABLE_PATH, then the usual places', () => {
    const all = () => true;
    assert.equal(findBrowser({ flag: '/opt/x/chrome', env: { PUPPETEER_EXECUTABLE_PATH: '/env/chrome' }, platform: 'linux', exists: all }), '/opt/x/chrome');
    assert.equal(findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: '/env/chrome' }, platform: 'linux', exists: all }), '/env/chrome');
    assert.equal(findBrowser({ env: {}, platform: 'linux', exists: all }), '/usr/bin/chromium-headless-shell');
    assert.equal(findBrowser({ env: {}, platform: 'linux', exists: (p) => p !== '/usr/bin/chromium-headless-shell' }), '/usr/bin/chromium');
    assert.equal(findBrowser({ env: { PATH: '/home/me/bin' }, platform: 'linux', exists: (p) => p === '/home/me/bin/google-chrome' }), '/home/me/bin/google-chrome');
  });
  it('knows the headless shell by its program\'s name, on every platform', () => {
    for (const shell of ['/usr/bin/chromium-headless-shell', '/home/me/.cache/puppeteer/chrome-headless-shell/linux-156/chrome-headless-shell-linux64/chrome-headless-shell', 'C:\\tools\\chrome-headless-shell-win64\\chrome-headless-shell.exe']) assert.ok(isHeadlessShell(shell), shell);
    for (const desktop of ['/usr/bin/chromium', '/opt/headless-shell/chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', '/usr/bin/chromium-headless-shell.sh']) assert.ok(!isHeadlessShell(desktop), desktop);
    assert.ok(isHeadlessShell('/src/chromium/out/Release/headless_shell'));
  });
  it('knows a link by the browser it leads to, whatever the link is called', async () => {
    const dir = await tempDir('runbook-shell-');
    await writeFile(join(dir, 'chrome-headless-shell'), '');
    await symlink(join(dir, 'chrome-headless-shell'), join(dir, 'pdf-browser'));
    await writeFile(join(dir, 'chrome'), '');
    await symlink(join(dir, 'chrome'), join(dir, 'headless-shell'));
    assert.ok(isHeadlessShell(join(dir, 'pdf-browser')));
    // A desktop browser cannot run in the shell's old headless mode, whatever its link says.
    assert.ok(!isHeadlessShell(join(dir, 'headless-shell')), 'a desktop browser behind a link named like the shell');
    assert.ok(!isHeadlessShell(join(dir, 'chrome')));
  });
  it('never falls back silently when a path is named but missing', () => {
    assert.throws(() => findBrowser({ flag: '/nowhere/chrome', env: {}, platform: 'linux', exists: none }), /No browser at \/nowhere\/chrome \(given with --browser\)/);
    assert.throws(() => findBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: '/gone' }, platform: 'linux', exists: none }), /PUPPETEER_EXECUTABLE_PATH/);
  });
  it('names every place tried and how to install one', () => {
    try {
      findBrowser({ env: { PATH: '/usr/local/bin:/usr/bin' }, platform: 'linux', exists: none });
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(error instanceof BrowserNotFoundError);
      for (const place of error.tried) assert.ok(error.message.includes(place), place);
      for (const place of ['/usr/bin/chromium', '/usr/bin/google-chrome-stable', '/opt/microsoft/msedge/msedge', '/usr/local/bin/chromium']) assert.ok(error.tried.includes(place), place);
      assert.match(error.message, /apt-get install chromium/);
      assert.match(error.message, /--browser/);
      assert.match(error.message, /PUPPETEER_EXECUTABLE_PATH/);
    }
  });
  it('knows Chrome and Edge on Windows and macOS', () => {
    const win = { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' };
    assert.equal(
      findBrowser({ env: win, platform: 'win32', exists: (p) => p.endsWith('msedge.exe') }),
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    );
    assert.throws(() => findBrowser({ env: win, platform: 'win32', exists: none }), (e: BrowserNotFoundError) => e.tried.includes('C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe') && /Edge/.test(e.message));
    assert.equal(findBrowser({ env: {}, platform: 'darwin', exists: (p) => p.includes('Chromium.app') }), '/Applications/Chromium.app/Contents/MacOS/Chromium');
  });
});

describe('offline by construction (pure checks)', () => {
  it('tells remote URLs from local ones', () => {
    for (const url of ['https://example.com/a.png', 'http://x', '//cdn.example.com/a.css', 'HTTPS://X', 'ftp://x/y', 'ws://x', '\\\\server\\share\\a.png', 'file://server/share/a.png', 'blob:https://x/1']) assert.ok(isRemoteUrl(url), url);
    for (const url of ['img/a.png', './a.png', '../a.png', '/abs/a.png', '#step-1', 'data:image/png;base64,AA', 'file:///work/a.png', 'file://localhost/work/a.png', 'C:\\img\\a.png']) assert.ok(!isRemoteUrl(url), url);
  });

  it('finds no remote reference in the bundled content and templates', () => {
    assert.deepEqual(checkRemoteReferences(procedure, templates), []);
  });

  it('reports a remote image in content with its file, position and URL; a printed link is fine', async () => {
    const dir = await copyContent(FIXTURE_CONTENT);
    try {
      const file = join(dir, 'steps', '010-pool.md');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('On {{server}}.', 'On {{server}}, see https://example.com/docs.\n\n![topology](https://example.com/topology.png)'));
      const parsed = parseContent(await readContent(dir, ROOT));
      assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
      const found = remoteReferencesInContent(parsed.procedure!);
      assert.equal(found.length, 1, JSON.stringify(found));
      const d = found[0]!;
      assert.equal(d.rule, 'content/remote-resource');
      assert.match(d.file, /steps\/010-pool\.md$/);
      assert.ok(d.line > 1 && d.column === 1, `${d.line}:${d.column}`);
      assert.match(d.message, /https:\/\/example\.com\/topology\.png/);
      assert.ok(d.hint);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports remote URLs and unescaped output in templates', () => {
    const bad: Templates = {
      ...templates,
      layout: { ...templates.layout, text: `${templates.layout.text}\n<img src="https://evil.example/x.png">` },
      document: { ...templates.document, text: `${templates.document.text}\n{{{body}}}` },
      partials: [...templates.partials, { name: 'bad', file: 'templates/partials/bad.hbs', text: '<p>{{{title}}}</p>\n<link href="//cdn.example/x.css">' }],
      stylesheet: { ...templates.stylesheet, text: `${templates.stylesheet.text}\n@import url("http://evil.example/x.css");` },
    };
    const found = remoteReferencesInTemplates(bad);
    const summary = found.map((d) => `${d.rule} ${d.file}:${d.line}`);
    assert.ok(found.some((d) => d.rule === 'template/remote-resource' && d.file === templates.layout.file && /evil\.example\/x\.png/.test(d.message)), summary.join('\n'));
    assert.ok(found.some((d) => d.rule === 'template/remote-resource' && d.file === 'templates/partials/bad.hbs' && d.line === 2), summary.join('\n'));
    assert.ok(found.some((d) => d.rule === 'template/remote-resource' && d.file === templates.stylesheet.file), summary.join('\n'));
    assert.ok(found.some((d) => d.rule === 'template/unescaped-output' && d.file === 'templates/partials/bad.hbs' && d.line === 1 && d.column === 4), summary.join('\n'));
    assert.ok(found.some((d) => d.rule === 'template/unescaped-output' && d.file === templates.document.file), summary.join('\n'));
  });

  it('lets the browser read data: URLs and files under the allowed folders only', () => {
    const rootsHere = ['/work/main/templates', '/work/main/node_modules/@fontsource/ibm-plex-sans/files'];
    assert.ok(isAllowedRequest('data:text/css,a', rootsHere));
    assert.ok(isAllowedRequest('file:///work/main/templates/print.css', rootsHere));
    assert.ok(isAllowedRequest('file:///work/main/node_modules/@fontsource/ibm-plex-sans/files/x.woff2', rootsHere));
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'file:///work/main/templates/../package.json', 'file:///work/main/templates-evil/x', 'file://host/work/main/templates/a', 'chrome://settings', 'about:blank']) {
      assert.ok(!isAllowedRequest(url, rootsHere), url);
    }
  });
});

describe('HTML of the printed runbook (pure)', () => {
  const HOSTILE = `<script>alert(1)</script> "'& \`$x\``;

  function hostile(): Profile {
    const p = example('dub-disable');
    return { ...p, title: `Dublin ${HOSTILE}`, change: { ...p.change, title: `Title ${HOSTILE}`, owner: `Owner ${HOSTILE}`, id: `CHG"; } body { display: none } /*` } };
  }

  it('escapes every profile value: no markup, no script, no CSS injection', () => {
    const html = renderRunbookHtml(pdfViewModel(runbookOf(hostile()), 'en', { paper: 'a4' }), templates);
    assert.doesNotMatch(html, /<script/i);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&#x27;&amp;'));
    // The running header's values are CSS strings inside an escaped attribute.
    const style = /<html lang="en" style="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.ok(style.includes('--rb-foot-left'), style);
    assert.doesNotMatch(style, /[<>"]/);
    assert.ok(style.includes(cssString(`skype-owa-im · dub-disable · CHG"; } body { display: none } /* · ${procedure.contentHash.slice(0, 12)}`).replace(/&/g, '&amp;').replace(/"/g, '&quot;')));
    assert.ok(!html.includes('{{'), 'no placeholder left');
  });

  it('adds the printing machinery\'s own rules in the head, and leaves a document without a head as it is', () => {
    assert.equal(withStyle('<html><HEAD lang="fr"><title>t</title><!-- </head> --></HEAD ><body></body></html>', 'p { x: y }'), '<html><HEAD lang="fr"><style>p { x: y }</style><title>t</title><!-- </head> --></HEAD ><body></body></html>');
    assert.equal(withStyle('<html><header><head><meta></head></html>', 'p { x: y }'), '<html><header><head><style>p { x: y }</style><meta></head></html>');
    // Nothing before the doctype: the browser would lay the page out in quirks mode.
    assert.equal(withStyle('<!DOCTYPE html><p>no head</p>', 'p { x: y }'), '<!DOCTYPE html><p>no head</p>');
  });

  it('has a Content-Security-Policy that allows no script and nothing remote', () => {
    const html = renderRunbookHtml(pdfViewModel(runbookOf(example('atl-prod')), 'fr', { paper: 'a4' }), templates);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file: data: 'unsafe-inline'; font-src file: data:; img-src file: data:">`));
    assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//);
  });

  it('prints code one numbered line at a time, keeping hyphenated words whole', () => {
    const html = renderRunbookHtml(pdfViewModel(runbookOf(example('atl-prod')), 'en', { paper: 'a4' }), templates);
    assert.match(html, /<span class="ln">1<\/span><span class="lc" style="--indent: 0"><span class="keep">Get-ExchangeServer<\/span>/);
  });

  it('prints the decision diagram inline after the cover, with a bookmark and a contents entry', () => {
    const profile = { ...example('atl-prod'), title: `Atlanta <script>alert(1)</script> onload="x"` };
    const runbook = runbookOf(profile);
    const svg = decisionDiagram(procedure, { lang: 'en', highlight: profile.branches, caption: profile.title });
    const view = pdfViewModel(runbook, 'en', { paper: 'a4', decisionDiagramSvg: svg });
    const html = renderRunbookHtml(view, templates);
    // Inline, between the cover and the contents, never as an image to load.
    const at = html.indexOf('<section class="diagram-page" id="diagram">');
    assert.ok(at > html.indexOf('id="signoff"') && at < html.indexOf('id="toc"'), 'after the cover, before the contents');
    assert.ok(html.includes(`<figure class="diagram">${svg.trim()}</figure>`));
    assert.doesNotMatch(html, /<img[^>]*decision|<script/i);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the caption is text inside the SVG');
    assert.ok(html.includes('<a class="self" href="#diagram">Decision diagram: the path of this environment is highlighted</a>'));
    assert.deepEqual(view.outline[0]!.children.map((c) => c.anchor), ['signoff', 'diagram']);
    assert.ok(view.toc.some((e) => e.anchor === 'diagram'));
    // Without it, nothing of it.
    const plain = pdfViewModel(runbook, 'en', { paper: 'a4' });
    assert.equal(plain.diagram, undefined);
    assert.ok(!renderRunbookHtml(plain, templates).includes('diagram-page'));
  });

  it('inlines only self-contained, inert SVG', () => {
    assert.equal(inlineSvg('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg viewBox="0 0 1 1"><text>onload=x href=y url(z)</text></svg>\n', 'x'), '<svg viewBox="0 0 1 1"><text>onload=x href=y url(z)</text></svg>');
    for (const bad of [
      '<svg><script>alert(1)</script></svg>',
      '<svg onload="alert(1)"></svg>',
      '<svg><image href="https://example.com/x.png"/></svg>',
      '<svg><use xlink:href="file:///etc/passwd#x"/></svg>',
      '<svg><rect style="fill: url(https://example.com/p.svg#g)"/></svg>',
      '<svg><foreignObject><p>x</p></foreignObject></svg>',
      '<svg><style>@import "https://example.com/x.css";</style></svg>',
      '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
      '<svg></svg><svg></svg>',
      'data:image/svg+xml;base64,PHN2Zy8+',
      '<p>not svg</p>',
    ]) {
      assert.throws(() => inlineSvg(bad, 'the test'), TypeError, bad);
      assert.throws(() => pdfViewModel(runbookOf(example('atl-prod')), 'en', { paper: 'a4', decisionDiagramSvg: bad }), TypeError, bad);
    }
  });

  it('runs calls with a bound on concurrency, results in order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 3, 2, 4], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 30, 20, 40]);
    assert.equal(peak, 2);
    await assert.rejects(mapWithConcurrency([1, 2, 3], 2, async (n) => { if (n === 2) throw new Error('two'); return n; }), /two/);
  });

  it('the limiter (the PDF backend holds its printing to it) runs a number of calls at once, in order, and frees a place when a call fails', async () => {
    const printing = limiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const call = (n: number) =>
      printing(async () => {
        started.push(n);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (n === 2) throw new Error('two');
        return n;
      });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map(call));
    assert.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [1, 'two', 3, 4, 5]);
    assert.equal(peak, 2);
    assert.deepEqual(started, [1, 2, 3, 4, 5], 'first come, first printed');
    assert.equal(await printing(async () => 'after'), 'after', 'the failure gave its place back');
  });

  it('dates documents from SOURCE_DATE_EPOCH, else from the content version, never the clock', () => {
    assert.equal(documentDate('2026-11-27').toISOString(), '2026-11-27T00:00:00.000Z');
    assert.equal(documentDate('2026-11-27', 1700000000).toISOString(), '2023-11-14T22:13:20.000Z');
    assert.throws(() => documentDate('2026-11-27', -1), /SOURCE_DATE_EPOCH/);
    assert.throws(() => documentDate('soon'), /not a date/);
  });
});

describe('the printed PDF', () => {
  /** One document per branch family, printed concurrently on the shared browser. */
  const BRANCHES = [
    { id: 'atl-prod', lang: 'en' }, // 2013, separate, enable, all
    { id: 'par-colo', lang: 'fr' }, // 2010, colocated, enable, named
    { id: 'sin-disable', lang: 'en' }, // 2016, colocated, disable
  ] as const;
  const printed = new Map<string, Printed>();
  const scripts = [
    { name: '00-preflight.ps1', sha256: '0f'.repeat(32) },
    { name: 'rollback/01-exchange-mailbox.ps1', sha256: 'a1'.repeat(32) },
  ];
  const signer = { subject: 'CN=Runbook test signer', thumbprint: 'AB'.repeat(20) };
  /** Printed with the decision diagram of their path, on page 2. */
  const WITH_DIAGRAM = new Set(['atl-prod', 'par-colo']);
  const diagramOf = (id: string, lang: Lang) => decisionDiagram(procedure, { lang, highlight: example(id).branches, caption: example(id).title });
  /** The pages of the runbook itself: the decision diagram shows every branch's steps. */
  const runbookPages = (id: string) => printed.get(id)!.pages.filter((_, i) => i !== 1 || !WITH_DIAGRAM.has(id));

  before(async () => {
    await mapWithConcurrency(BRANCHES, 2, async ({ id, lang }) => {
      const extras = { ...(id === 'atl-prod' ? { scripts, signer } : {}), ...(WITH_DIAGRAM.has(id) ? { decisionDiagramSvg: diagramOf(id, lang) } : {}) };
      printed.set(id, await print(runbookOf(example(id)), lang, `${id}.${lang}`, extras));
    });
  });

  for (const { id, lang } of BRANCHES) {
    it(`${id} (${lang}): the steps and values of its branches, nothing of the others`, () => {
      const profile = example(id);
      const runbook = runbookOf(profile);
      const text = runbookPages(id).join(' ');
      const taken = runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps));
      const titles = new Set(taken.map((s) => s.text[lang].title));
      for (const s of taken) assert.ok(text.includes(`${s.number}. ${s.text[lang].title}`), `step ${s.number} ${s.step.id}`);
      for (const step of procedure.steps) {
        assert.equal(hasWord(text, step.id), matches(step.when, profile.branches), `${step.id} ${matches(step.when, profile.branches) ? 'is missing' : 'leaks in'}`);
        if (!matches(step.when, profile.branches) && !titles.has(step.text[lang].title)) assert.ok(!text.includes(step.text[lang].title), `title of ${step.id} leaks in`);
      }
      for (const s of runbook.rollback) assert.ok(text.includes(s.text[lang].title), `rollback of ${s.step.id}`);
      // Every profile value the Markdown runbook shows, and the change on the cover.
      const markdown = renderMarkdown(runbook, lang);
      const values = new Set([profile.change.id, profile.change.title, profile.change.owner, procedure.contentHash, ...profile.exchange.clientAccessServers]);
      for (const value of Object.values(placeholderValues(profile)).flat()) if (value !== undefined && markdown.includes(String(value))) values.add(String(value));
      assert.ok(values.size > 6, [...values].join(', '));
      for (const v of values) assert.ok(text.includes(v), `value ${v}`);
      for (const other of examples.values()) if (other.id !== id) assert.ok(!text.includes(other.change.id) || other.change.id === profile.change.id, `${other.change.id} of ${other.id}`);
    });

    it(`${id} (${lang}): every page says page X of Y, the runbook, the profile and the change`, () => {
      const { pages } = printed.get(id)!;
      assert.ok(pages.length > 3);
      pages.forEach((page, i) => {
        assert.ok(page.includes(PAGE[lang](i + 1, pages.length)), `page ${i + 1}: ${page.slice(-120)}`);
        for (const word of [procedure.id, id, example(id).change.id, procedure.contentHash.slice(0, 12)]) assert.ok(page.includes(word), `page ${i + 1} lacks ${word}`);
      });
    });

    it(`${id} (${lang}): every page at its designed size, nothing shrunk to fit the paper`, async () => {
      const doc = await PDFDocument.load(printed.get(id)!.bytes);
      const scales = doc.getPages().map((_, i) => printScale(doc, i));
      assert.ok(scales.length > 3);
      scales.forEach((scale, i) => assert.ok(scale !== undefined && isDesignScale(scale), `page ${i + 1} at ${scale} pt per CSS px, not ${DESIGN_SCALE}`));
    });

    it(`${id} (${lang}): bookmarks for every section and step, and a contents page with the right numbers`, async () => {
      const { bytes, pages } = printed.get(id)!;
      const runbook = runbookOf(example(id));
      const outline = flatten(await readOutline(bytes));
      const titles = outline.map((o) => o.title.replace(/\s+/g, ' ').trim());
      for (const s of runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps))) assert.ok(titles.includes(`${s.number}. ${s.text[lang].title}`), `bookmark for step ${s.number}`);
      for (const s of [...runbook.before, ...runbook.after]) assert.ok(titles.includes(s.text[lang].title), `bookmark for section ${s.section.id}`);
      assert.ok(outline.every((o) => o.page !== undefined));

      const destinations = await readDestinations(bytes);
      const contents = pages.slice(1, 4).join(' ');
      for (const s of runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps))) {
        const page = destinations.get(`step-${s.number}`);
        assert.ok(page, `destination of step ${s.number}`);
        assert.equal(outline.find((o) => o.title.replace(/\s+/g, ' ').trim() === `${s.number}. ${s.text[lang].title}`)?.page, page, `bookmark of step ${s.number}`);
        assert.ok(contents.includes(`${s.number}. ${s.text[lang].title} ${page}`), `contents entry of step ${s.number} says page ${page}`);
        assert.ok(pages[page - 1]!.includes(`${s.number}. ${s.text[lang].title}`), `step ${s.number} is on page ${page}`);
      }
    });
  }

  it('prints the decision diagram inline on the page after the cover, its text in the bundled fonts, with a bookmark', async () => {
    for (const { id, lang } of BRANCHES.filter((b) => WITH_DIAGRAM.has(b.id))) {
      const { bytes, pages } = printed.get(id)!;
      const page = pages[1]!;
      assert.ok(page.includes(LABELS[lang].decisionDiagram), `${id}: the heading on page 2`);
      // The SVG's own text, extracted from the PDF: it is text in a font, not an image.
      for (const word of [DIAGRAM_LABELS[lang].title, DIAGRAM_LABELS[lang].always, 'exchange-version', 'sfb-trusted-app-pool', 'e2016-setting-override', 'im.mailboxPolicies']) {
        assert.ok(page.includes(word), `${id}: ${word} on the diagram page`);
      }
      assert.equal((await readDestinations(bytes)).get('diagram'), 2);
      const bookmark = flatten(await readOutline(bytes)).find((o) => o.title === LABELS[lang].decisionDiagram);
      assert.equal(bookmark?.page, 2, `${id}: bookmark of the diagram`);
      assert.ok(pages.slice(2, 4).join(' ').includes(`${LABELS[lang].decisionDiagram} 2`), `${id}: contents entry of the diagram`);
    }
    assert.ok(!printed.get('sin-disable')!.pages.join(' ').includes(LABELS.en.decisionDiagram), 'no diagram unless given');
  });

  it('embeds every font, all of them the bundled IBM Plex', async () => {
    for (const { file } of printed.values()) {
      const { stdout } = await run('pdffonts', [file]);
      const rows = stdout.trim().split('\n').slice(2);
      assert.ok(rows.length >= 3, stdout);
      for (const row of rows) {
        assert.match(row, /^[A-Z]{6}\+IBMPlex(Sans|Mono)-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/, `${file}: ${row}`);
      }
    }
  });

  it('has its metadata: title, author, subject, keywords, creator, language, dates from the content version', async () => {
    const { file, bytes } = printed.get('atl-prod')!;
    const profile = example('atl-prod');
    const { stdout } = await run('pdfinfo', ['-isodates', file]);
    const info = Object.fromEntries(stdout.split('\n').map((l) => /^([^:]+):\s*(.*)$/.exec(l)).filter((m) => m).map((m) => [m![1]!, m![2]!]));
    assert.equal(info.Title, `${procedure.text.en.title} — ${profile.title}`);
    assert.notEqual(info.Title, 'about:blank');
    assert.equal(info.Author, profile.change.owner);
    assert.equal(info.Subject, `${profile.change.id} — ${profile.change.title}`);
    assert.match(info.Keywords!, /skype-owa-im atl-prod CHG0012345 en/);
    assert.equal(info.Creator, `runbook ${TOOL.version}`);
    assert.match(info.Producer!, new RegExp(`^runbook ${TOOL.version.replace(/\./g, '\\.')} \\(.*Chrom`));
    assert.equal(info.CreationDate, `${procedure.version}T00:00:00Z`);
    assert.equal(info.ModDate, `${procedure.version}T00:00:00Z`);
    assert.equal(info.Tagged, 'yes');
    assert.equal(info['Metadata Stream'], 'no');
    assert.match(info['Page size']!, /595\.\d+ x 841\.\d+ pts \(A4\)/);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    assert.equal(doc.catalog.lookup(PDFName.of('Lang'))?.toString(), '(en)');
    assert.match(String(doc.context.trailerInfo.ID), /^\[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]$/);
  });

  it('shows the cover: branches, content hash, script hashes, signer and the sign-off table', () => {
    const cover = printed.get('atl-prod')!.pages[0]!;
    for (const s of scripts) assert.ok(cover.includes(s.name) && cover.includes(s.sha256), s.name);
    assert.ok(cover.includes(signer.thumbprint) && cover.includes(signer.subject));
    assert.ok(cover.includes(procedure.contentHash));
    for (const word of ['Branches taken', 'Exchange 2013', 'content/profiles/atl-prod.yaml:6:12', 'Sign-off', 'Prepared by', 'Reviewed by', 'Approved by', 'Executed by', 'Signature', '2026-12-05T22:00:00+01:00']) {
      assert.ok(cover.includes(word), word);
    }
    const frCover = printed.get('par-colo')!.pages[0]!;
    for (const word of ['Branches retenues', 'Visas', 'Préparé par', 'Exécuté par', 'Fenêtre']) assert.ok(frCover.includes(word), word);
  });

  it('lists rollback in reverse order and marks the hold point', () => {
    const text = printed.get('atl-prod')!.pages.join(' ');
    const runbook = runbookOf(example('atl-prod'));
    let last = -1;
    for (const s of runbook.rollback) {
      const at = text.indexOf(`Undo step ${s.number}: ${s.text.en.title}`, text.indexOf('Rollback (in reverse order) In case'));
      assert.ok(at > last, `undo step ${s.number} comes after the previous one`);
      last = at;
    }
    assert.deepEqual(runbook.rollback.map((s) => s.number), [...runbook.rollback.map((s) => s.number)].sort((a, b) => b - a));
    assert.match(text, /HOLD POINT Stop and get the change owner’s go-ahead before running this step\. Go-ahead given by: Time:/);
  });

  it('only ever asked the browser for data: URLs and files in its own folders', () => {
    assert.ok(printer.requests.length > 0);
    for (const r of printer.requests) {
      assert.ok(r.allowed, r.url);
      assert.match(r.url, /^(data:|file:\/\/\/)/);
    }
    // Independently of the printer's own filter: the page, its stylesheet and the bundled fonts, nothing else.
    const expected = new Set([templates.stylesheet.url, ...templates.fonts.map((f) => f.url)]);
    for (const r of printer.requests.filter((x) => x.url.startsWith('file:'))) {
      assert.ok(expected.has(r.url) || /\/runbook-pages-[^/]+\/\d+\.html$/.test(r.url), `unexpected request ${r.url}`);
    }
    assert.ok(printer.requests.some((r) => r.url === templates.stylesheet.url), 'the stylesheet was read');
  });

  it('prints hostile values as text, in French, with a point of no return, on letter paper', async () => {
    const base = example('dub-disable');
    const HOSTILE = `<script>alert(1)</script> "'& \`$x\` « é » ’ | {}`;
    const profile: Profile = { ...base, title: `Dublin ${HOSTILE}`, change: { ...base.change, title: `Titre ${HOSTILE}`, owner: 'Équipe « messagerie »' } };
    const runbook = structuredClone(runbookOf(profile));
    const first = runbook.phases.find((p) => p.phase === 'change')!.groups[0]!.steps[0]!;
    first.step.pointOfNoReturn = true;
    const { file, pages } = await print(runbook, 'fr', 'hostile.fr', { paper: 'letter' });
    const text = pages.join(' ');
    assert.ok(text.includes(`Titre ${HOSTILE}`), 'the change title, literally');
    assert.ok(pages.every((p) => p.includes(`Dublin ${HOSTILE}`)), 'the profile title in every running header');
    assert.match(text, /POINT DE NON-RETOUR Après cette étape, le retour arrière ne rétablit plus l’état antérieur\./);
    assert.match(text, /Mise en œuvre/);
    const { stdout } = await run('pdfinfo', [file]);
    assert.match(stdout, /Page size:\s+612(\.\d+)? x 792(\.\d+)? pts \(letter\)/);
    assert.match(stdout, /Author:\s+Équipe « messagerie »/);
  });

  it('gives byte-identical PDFs for the same inputs in the same browser (other browsers and flags: below)', async () => {
    const runbook = runbookOf(example('sin-disable'));
    const a = await print(runbook, 'en', 'same-a', {}, 1700000000);
    const b = await print(runbook, 'en', 'same-b', {}, 1700000000);
    assert.ok(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), 'same browser');
    // The browsers started without the memory flags below really lack every one of them.
    assert.ok(MEMORY_ARGS.length > 0 && MEMORY_ARGS.every((arg) => BROWSER_ARGS.includes(arg) && !ESSENTIAL_ARGS.includes(arg)));
    const { stdout } = await run('pdfinfo', ['-isodates', a.file]);
    assert.match(stdout, /CreationDate:\s+2023-11-14T22:13:20Z/);
  });

  /** Both browsers, the headless shell first: the README's test line installs them. */
  function bothBrowsers(): { shell: string; desktop: string } {
    const { shell, desktop } = installedBrowsers();
    assert.ok(shell && desktop, 'the tests need both browsers: apt-get install chromium chromium-headless-shell (the README\'s test line)');
    return { shell, desktop };
  }
  /** The producer names the browser (HeadlessChrome/… against Chrome/…) and the document ID follows it: set alike to compare the rest. */
  const alike = (p: Printer): Printer => ({ print: (job) => p.print(job), requests: p.requests, version: 'the same browser', close: async () => undefined });
  const versionNumber = (v: string) => /\d+\.\d+\.\d+\.\d+/.exec(v)?.[0];
  const epoch = { sourceDateEpoch: 1700000000 };
  let reference: Promise<Uint8Array> | undefined;
  /** par-colo in French, printed once on the shared printer. */
  const referencePdf = () => (reference ??= shared().then((p) => renderRunbookPdf(runbookOf(example('par-colo')), 'fr', alike(p), templates, { paper: 'a4' }, epoch)));

  it('marks the headless shell in the browser version build-info records, at the same version number as the desktop browser', async () => {
    const { shell, desktop } = bothBrowsers();
    const [s, d] = [await browserVersion(shell), await browserVersion(desktop)];
    assert.equal(versionNumber(s), versionNumber(d), 'the two browsers must be the same version to print the same bytes');
    assert.match(s, /\/\d+\.\d+\.\d+\.\d+ \(headless shell\)$/);
    assert.doesNotMatch(d, /headless shell/);
  });

  for (const kind of ['shell', 'desktop'] as const) {
    it(`on the ${kind === 'shell' ? 'headless shell' : 'desktop browser'}: lays a document out for paper only (a font only the screen uses is never fetched), and prints the same PDF shown on screen without the memory flags, and with every font held back 1 s`, async () => {
      const executablePath = bothBrowsers()[kind];
      const screenFont = templates.fonts.find((f) => f.family === 'IBM Plex Mono' && f.style === 'italic')!.url;
      const paperFont = templates.fonts.find((f) => f.family === 'IBM Plex Sans' && f.weight === 700)!.url;
      const fontPage =
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>' +
        `@font-face { font-family: "Screen only"; src: url("${screenFont}"); } @font-face { font-family: "Paper only"; src: url("${paperFont}"); } ` +
        '@media screen { p { font-family: "Screen only"; } } @media print { p { font-family: "Paper only"; } }</style></head><body><p>Bonjour</p></body></html>';
      let held = 0;
      const variants = [
        { name: 'shown on screen, without the memory flags', options: { args: ESSENTIAL_ARGS, showOnScreen: true } },
        { name: 'fonts held back', options: { beforeRequest: (url: string) => (url.endsWith('.woff2') ? (held++, new Promise<void>((r) => setTimeout(r, 1000))) : undefined) } },
      ];
      /** Which of the two fonts the font page made the browser fetch, before anything else was printed. */
      const fetchedBy: Record<string, { screen: boolean; paper: boolean }> = {};
      for (const { name, options } of variants) {
        // A new browser for each: the font page is its first document, with nothing in its cache.
        const p = await openPrinter({ executablePath, allowedRoots: roots, ...options });
        try {
          const file = join(work, `paper-only-${kind}.pdf`);
          await writeFile(file, await p.print({ html: fontPage, paper: 'a4', name: 'paper-only' }));
          assert.match((await pdftotext(file)).join(' '), /Bonjour/);
          assert.match((await run('pdffonts', [file])).stdout, /IBMPlexSans-Bold/, 'printed with the paper font');
          const fetched = (font: string) => p.requests.some((r) => r.url === describeRequest(font));
          fetchedBy[name] = { screen: fetched(screenFont), paper: fetched(paperFont) };
          held = 0;
          const bytes = await renderRunbookPdf(runbookOf(example('par-colo')), 'fr', alike(p), templates, { paper: 'a4' }, epoch);
          assert.ok(Buffer.from(bytes).equals(Buffer.from(await referencePdf())), name);
        } finally {
          await p.close();
        }
      }
      assert.equal(fetchedBy['shown on screen, without the memory flags']!.screen, true, 'shown on the screen: the premise');
      const hidden = fetchedBy['fonts held back']!;
      assert.equal(hidden.screen, false, 'hidden from the screen');
      assert.equal(hidden.paper, true);
      assert.ok(held >= 4, `fonts were held back: ${held}`);
    });
  }

  it('prints once when an earlier runbook guessed the pages right, and corrects a wrong guess, to the same bytes', async () => {
    const runbook = runbookOf(example('ber-prod'));
    const jobs: PrintJob[] = [];
    const printer = await shared();
    const counting: Printer = { get requests() { return printer.requests; }, version: printer.version, close: async () => undefined, print: (job) => (jobs.push(job), printer.print(job)) };
    const layouts: LayoutMemo = new Map();
    const first = await renderRunbookPdf(runbook, 'en', counting, templates, { paper: 'a4' }, { layouts });
    assert.deepEqual(jobs.map((j) => Boolean(j.draft)), [true, false], 'no guess: a draft, then the runbook');
    assert.equal(layouts.size, 1);
    const pages = [...layouts.values()][0]!;
    assert.deepEqual([...pages], [...(await readDestinations(first))], 'the memo holds the pages of the printed runbook');

    jobs.length = 0;
    const guessed = await renderRunbookPdf(runbook, 'en', counting, templates, { paper: 'a4' }, { layouts });
    assert.deepEqual(jobs.map((j) => Boolean(j.draft)), [false], 'a right guess: one print');
    assert.ok(Buffer.from(guessed).equals(Buffer.from(first)));

    const key = [...layouts.keys()][0]!;
    layouts.set(key, new Map([...pages].map(([anchor, page]) => [anchor, page + 1])));
    jobs.length = 0;
    const corrected = await renderRunbookPdf(runbook, 'en', counting, templates, { paper: 'a4' }, { layouts });
    assert.deepEqual(jobs.map((j) => Boolean(j.draft)), [false, false], 'a wrong guess: printed again with the pages read');
    assert.ok(Buffer.from(corrected).equals(Buffer.from(first)));
  });

  it('draws nothing but the page margins in a draft, and keeps its layout: every heading on the same page', async () => {
    const view = pdfViewModel(runbookOf(example('par-prod')), 'fr', { paper: 'a4' });
    const html = renderRunbookHtml(view, templates);
    const draft = draftHtml(html);
    assert.notEqual(draft, html);
    const full = await (await shared()).print({ html, paper: 'a4', name: 'full' });
    const hidden = await printer.print({ html: draft, paper: 'a4', name: 'draft', draft: true });
    const file = join(work, 'draft.pdf');
    await writeFile(file, hidden);
    const text = (await pdftotext(file)).join('\n');
    for (const entry of view.toc) assert.ok(!text.includes(entry.title), `${entry.title} is not drawn`);
    assert.match(text, /page 2 sur \d+/, 'only the page margins are drawn');
    const fullPages = await readDestinations(full);
    for (const entry of view.toc) assert.ok(fullPages.has(entry.anchor), `${entry.anchor} has a page`);
    assert.deepEqual([...(await readDestinations(hidden))], [...fullPages]);
  });

  it('fails a runbook with a line too wide for the page, rather than print it shrunk', async () => {
    // 200 mm that cannot wrap, on A4's text area of 175 mm: the browser would print every page at 87.5%.
    const wide = withCss(await shared(), 'body::after { content: ""; display: block; width: 200mm; height: 1px; }');
    await assert.rejects(renderRunbookPdf(runbookOf(example('dub-disable')), 'en', wide, templates, { paper: 'a4' }), (error: unknown) => {
      assert.ok(error instanceof PdfLayoutError, String(error));
      assert.match(error.message, /^dub-disable\/runbook\.en\.pdf: a line is about 1[45]\.\d% wider than the page's text area and cannot wrap/);
      // 175 / 200 = 87.5%, give or take the browser's rounding of the page to whole pixels.
      const percent = Number(/every page at (\d+\.\d)% of its size/.exec(error.message)?.[1]);
      assert.ok(Math.abs(percent - 87.5) <= 0.5, error.message);
      // The body's own pseudo-element: nothing to name, the general advice.
      assert.match(error.message, /\. Find what runs past the right margin \(/);
      return true;
    });
  });

  it('names what runs past the margin, and the step it is in, when a runbook comes out shrunk', async () => {
    // Step facts that may not break: in French, a step's facts line is wider than the page.
    const base = await shared();
    const wide = withCss(base, '.step-facts { white-space: nowrap; }');
    const runbook = runbookOf(example('atl-prod'));
    const step = runbook.phases.flatMap((p) => p.groups.flatMap((g) => g.steps)).find((s) => s.step.id === 'sfb-trusted-app-pool')!;
    await assert.rejects(renderRunbookPdf(runbook, 'fr', wide, templates, { paper: 'a4' }), (error: unknown) => {
      assert.ok(error instanceof PdfLayoutError, String(error));
      assert.match(error.message, /^atl-prod\/runbook\.fr\.pdf: a line is about \d+\.\d% wider than the page's text area/);
      assert.match(error.message, /Laid out for paper, past the right margin: «Identifiant : sfb-trusted-app-pool · Shell : Skype Entreprise Server Management Shell/);
      const mm = Number(/«Identifiant : sfb-trusted-app-pool[^»]*» \((\d+\.\d) mm past the margin/.exec(error.message)?.[1]);
      assert.ok(mm > 0 && mm < 40, error.message);
      // In the step's title and the content file its French text comes from, for whoever wrote it.
      const { file, line } = step.step.text.fr.position;
      assert.ok(error.message.includes(`mm past the margin, in ${step.number}. ${step.text.fr.title} (${file}:${line}))`), error.message);
      return true;
    });
    // Laid out as designed, nothing runs past the margin, on either paper.
    for (const paper of ['a4', 'letter'] as const) assert.deepEqual(await base.widerThanPage!({ html: renderRunbookHtml(pdfViewModel(runbook, 'fr', { paper }), templates), paper, name: 'as designed' }), [], paper);
  });

  it('refuses content with a remote image before the browser sees it, and the browser asks for nothing', async () => {
    const runbook = structuredClone(runbookOf(example('dub-disable')));
    const before = printer.requests.length;
    const intro = runbook.procedure.steps[0]!;
    intro.text.en.body.push({ type: 'content', when: {}, node: { type: 'paragraph', children: [{ type: 'image', url: 'https://example.com/diagram.png', alt: 'diagram', position: { start: { line: 40, column: 1, offset: 0 }, end: { line: 40, column: 40, offset: 40 } } }] } });
    await assert.rejects(renderRunbookPdf(runbook, 'en', printer, templates, { paper: 'a4' }), (error: unknown) => {
      assert.ok(error instanceof RemoteReferenceError);
      assert.equal(error.diagnostics[0]!.file, intro.text.en.position.file);
      assert.equal(error.diagnostics[0]!.line, 40);
      assert.match(error.message, /https:\/\/example\.com\/diagram\.png/);
      return true;
    });
    assert.equal(printer.requests.length, before, 'nothing was printed');
  });

  it('fails the document for a font that is refused or missing while printing, when only the paper asks for it', async () => {
    const page = (src: string) => `<!DOCTYPE html><html><head><style>@font-face { font-family: "F"; src: url("${src}"); } @media print { p { font-family: "F"; } }</style></head><body><p>x</p></body></html>`;
    await assert.rejects(printer.print({ html: page('https://fonts.example.invalid/f.woff2'), paper: 'a4', name: 'remote-font' }), (error: unknown) => error instanceof PrintError && /fonts\.example\.invalid/.test(error.message) && /offline/.test(error.message));
    const missing = pathToFileURL(join(ROOT, 'templates', 'no-such-font.woff2')).href;
    await assert.rejects(printer.print({ html: page(missing), paper: 'a4', name: 'missing-font' }), (error: unknown) => error instanceof PrintError && /could not load/.test(error.message) && /no-such-font/.test(error.message));
  });

  it('aborts and logs any remote request that gets past the checks, and fails the document', async () => {
    const before = printer.requests.length;
    const html = '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.invalid/x.css"></head><body><img src="http://example.invalid/x.png"><p>x</p></body></html>';
    await assert.rejects(printer.print({ html, paper: 'a4', name: 'evil' }), (error: unknown) => error instanceof PrintError && /cdn\.example\.invalid/.test(error.message) && /offline/.test(error.message));
    const logged = printer.requests.slice(before);
    assert.ok(logged.some((r) => r.url === 'https://cdn.example.invalid/x.css' && !r.allowed), JSON.stringify(logged));
    assert.ok(logged.filter((r) => r.allowed).every((r) => /^(data:|file:\/\/\/)/.test(r.url)), JSON.stringify(logged));
    // The printer still works after a failed document.
    const ok = await printer.print({ html: '<!DOCTYPE html><title>ok</title><p>ok</p>', paper: 'a4', name: 'ok' });
    assert.ok(ok.byteLength > 500);
  });
});
