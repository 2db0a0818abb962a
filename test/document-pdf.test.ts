/**
 * The change request and the training edition printed as PDF, with the runbook's machinery and
 * look: the facts read back from the PDF (pdftotext), "page X of Y" on every page in the
 * document's language, bookmarks that list the headings, every font embedded, the metadata,
 * byte-identical reprints, and a browser that asked for nothing outside the allowed folders.
 * One browser for the whole file.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { PDFDocument, PDFName } from 'pdf-lib';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Diagnostic } from '../src/diagnostics.js';
import { loadTemplates } from '../src/load/templates.js';
import { parseQuestions, readQuestions, readQuestionsSchema, type ReviewQuestion } from '../src/load/training.js';
import { compileSchema } from '../src/load/yaml.js';
import type { Profile } from '../src/model/profile.js';
import { LANGS, type Lang } from '../src/model/types.js';
import { findBrowser, isAllowedRequest, openPrinter, PrintError } from '../src/print/index.js';
import { CAB_LABELS, changeRequest, renderChangeRequestMarkdown, type ChangeRequest } from '../src/render/cab/index.js';
import { decisionDiagram, DIAGRAM_LABELS } from '../src/render/diagram/index.js';
import { documentViewModel, markdownToHtml, PRINT_LABELS, renderDocumentHtml, type DocumentMeta, type Templates } from '../src/render/html/index.js';
import { DESIGN_SCALE, isDesignScale, printScale } from '../src/render/pdf/page-scale.js';
import { PdfLayoutError, readOutline, RemoteReferenceError, renderMarkdownDocumentPdf, type DocumentPdfOptions, type OutlineItem, type Printer } from '../src/render/pdf/index.js';
import { renderTrainingMarkdown, trainingEdition, TRAINING_LABELS } from '../src/render/training/index.js';
import { resolve } from '../src/resolve/resolve.js';
import { TOOL } from '../src/version.js';
import { CONTENT, ROOT, loadExamples, withCss } from './helpers.js';
import { exec, pdftotext } from './pdf-tools.js';
import { mapWithConcurrency } from '../src/build/concurrency.js';

const run = exec;
const { procedure, examples } = await loadExamples();

let templates: Templates;
let roots: string[];
let work: string;
let questions: ReviewQuestion[];

before(async () => {
  ({ templates, roots } = await loadTemplates({ cwd: ROOT }));
  work = await mkdtemp(join(tmpdir(), 'runbook-document-pdf-test-'));
  const source = await readQuestions(CONTENT, ROOT);
  assert.ok(source, 'content/training/questions.yaml');
  const diagnostics: Diagnostic[] = [];
  questions = parseQuestions(source, compileSchema(await readQuestionsSchema()), procedure, diagnostics)!.questions;
  assert.deepEqual(diagnostics, []);
});

let opening: Promise<Printer> | undefined;
after(async () => {
  await (await opening?.catch(() => undefined))?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The shared printer, opened on first use: a missing browser fails the test with findBrowser's message. */
function shared(): Promise<Printer> {
  opening ??= openPrinter({ executablePath: findBrowser({ env: process.env, platform: process.platform, exists: existsSync }), allowedRoots: roots });
  return opening;
}

function example(id: string): Profile {
  const p = examples.get(id);
  assert.ok(p, `example profile ${id}`);
  return p;
}

const SIGNER = { subject: 'CN=Runbook Test Signer, O=Exemple SARL, C=FR', thumbprint: '4ABF2DDBC2701F7BEE9FB444735786554A1E4E42' };
const ARTEFACTS = [
  { path: 'scripts/00-preflight.ps1', sha256: 'ab'.repeat(32) },
  { path: 'runbook.fr.pdf', sha256: 'cd'.repeat(32) },
];

function changeRequestOf(profile: Profile): ChangeRequest {
  const { runbook, diagnostics } = resolve(procedure, profile);
  assert.deepEqual(diagnostics, []);
  return changeRequest(runbook!, { artefacts: ARTEFACTS, strict: false, signer: SIGNER }).changeRequest;
}

interface Doc {
  name: string;
  lang: Lang;
  markdown: string;
  meta: DocumentMeta;
  options: DocumentPdfOptions;
}

function crDoc(profile: Profile, lang: Lang): Doc {
  const cr = changeRequestOf(profile);
  return {
    name: `${profile.id}/change-request.${lang}`,
    lang,
    markdown: renderChangeRequestMarkdown(cr, lang),
    meta: {
      kind: 'change-request',
      lang,
      title: CAB_LABELS[lang].title(cr.change.id, cr.change.title),
      author: cr.change.owner,
      subject: `${cr.change.id} — ${cr.change.title}`,
      keywords: [procedure.id, profile.id, cr.change.id, lang],
      documentId: procedure.id,
      profileId: profile.id,
      changeId: cr.change.id,
      contentHash: procedure.contentHash,
      versionDate: procedure.version,
    },
    options: { paper: 'a4', source: `${profile.id}/change-request.${lang}.md` },
  };
}

function trainingDoc(lang: Lang): Doc {
  const diagram = `decision-diagram.${lang}.svg`;
  const title = TRAINING_LABELS[lang].title(procedure.text[lang].title);
  return {
    name: `training/training.${lang}`,
    lang,
    markdown: renderTrainingMarkdown(trainingEdition(procedure, questions), lang, { diagram }),
    meta: {
      kind: 'training',
      lang,
      title,
      author: TOOL.name,
      subject: title,
      keywords: [procedure.id, 'training', lang],
      documentId: procedure.id,
      contentHash: procedure.contentHash,
      versionDate: procedure.version,
    },
    options: { paper: 'a4', source: `training/training.${lang}.md`, images: { [diagram]: decisionDiagram(procedure, { lang }) } },
  };
}

interface Printed {
  doc: Doc;
  bytes: Uint8Array;
  file: string;
  /** pdftotext -layout, one entry per page, whitespace collapsed. */
  pages: string[];
  ms: number;
}


async function print(doc: Doc, options: Partial<DocumentPdfOptions> = {}, suffix = ''): Promise<Printed> {
  const printer = await shared();
  const started = performance.now();
  const bytes = await renderMarkdownDocumentPdf(doc.markdown, doc.meta, printer, templates, { ...doc.options, ...options });
  const ms = performance.now() - started;
  const file = join(work, `${doc.name.replace(/\//g, '_')}${suffix}.pdf`);
  await writeFile(file, bytes);
  return { doc, bytes, file, pages: await pdftotext(file), ms };
}

function flatten(items: OutlineItem[]): OutlineItem[] {
  return items.flatMap((i) => [i, ...flatten(i.children)]);
}

/** The headings h1–h3 of a Markdown document, read independently of the renderer. */
function headingsOf(markdown: string): { depth: number; title: string }[] {
  const out: { depth: number; title: string }[] = [];
  visit(unified().use(remarkParse).use(remarkGfm).parse(markdown), 'heading', (h: Heading) => {
    if (h.depth <= 3) out.push({ depth: h.depth, title: toString(h).replace(/\s+/g, ' ').trim() });
  });
  return out;
}

/** Text as printed: inline code loses its backticks, whitespace collapses. */
function plain(text: string): string {
  return text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

const PAGE = { en: (i: number, n: number) => `page ${i} of ${n}`, fr: (i: number, n: number) => `page ${i} sur ${n}` };

describe('the change request and the training edition, as HTML (pure)', () => {
  const meta = (): DocumentMeta => crDoc(example('atl-prod'), 'en').meta;

  it('escapes every value and prints raw HTML as text', () => {
    const hostile = `<script>alert(1)</script> "'& <img src=x onerror=alert(1)>`;
    const profile = { ...example('dub-disable'), change: { ...example('dub-disable').change, title: `Title ${hostile}`, owner: `Owner ${hostile}` } };
    const doc = crDoc(profile, 'en');
    const { view, diagnostics } = documentViewModel(`${doc.markdown}\n\n<div onclick="x">raw <b>html</b></div>\n\nInline <i>tag</i>.\n`, { ...doc.meta, title: `CR ${hostile}` }, doc.options);
    assert.deepEqual(diagnostics, []);
    const html = renderDocumentHtml(view, templates);
    assert.doesNotMatch(html, /<script|<img|<div onclick|<b>|<i>/i);
    assert.ok(html.includes('&#x3C;script>alert(1)&#x3C;/script>') || html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the change title as text');
    assert.ok(html.includes('<title>CR &lt;script&gt;alert(1)&lt;/script&gt;'), 'the title, escaped by Handlebars');
    assert.match(html, /<code class="raw-html">&#x3C;div onclick="x">raw &#x3C;b>html&#x3C;\/b>&#x3C;\/div><\/code>/);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src file: data: 'unsafe-inline'; font-src file: data:; img-src file: data:">`));
    const style = /<html lang="en" style="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.ok(style.includes('--rb-foot-left') && style.includes('--rb-page'), style);
    assert.doesNotMatch(style, /[<>"]/);
  });

  it('gives every heading h1–h3 an anchor and a bookmark, nested by level', () => {
    const { view } = documentViewModel('# Title\n\n## One\n\n### One.1\n\n#### deep\n\n## Two [link](https://example.com)\n', { ...meta(), kind: 'training' }, { paper: 'a4' });
    assert.deepEqual(view.outline, [
      {
        title: 'Title',
        anchor: 'h-1',
        children: [
          { title: 'One', anchor: 'h-2', children: [{ title: 'One.1', anchor: 'h-3', children: [] }] },
          { title: 'Two link', anchor: 'h-4', children: [] },
        ],
      },
    ]);
    assert.ok(view.body.includes('<h2 id="h-4"><a class="self" href="#h-4">Two <span>link</span>'), 'a link inside a heading prints as text');
    assert.ok(view.body.includes('<h4>deep</h4>'));
    // The training edition has no approval block; a change request has one, bookmarked under its title.
    assert.equal(documentViewModel('# T\n', trainingDoc('en').meta, { paper: 'a4' }).view.approval, undefined);
  });

  it('prints a table without a header row as facts, marks wide tables, keeps hyphenated words whole', () => {
    const md = '| | |\n| - | - |\n| Change | `CHG1` |\n| Servers | atl-mbx-001.example.com, b |\n\n| a | b | c | d | e |\n| - | - | -: | - | - |\n| 1 | 2 | 15 min | 4 | 5 |\n';
    const { html } = markdownToHtml(md, { file: 'x.md' });
    assert.match(html, /<table class="grid doc-table cols-2 kv">\s*<tbody>\s*<tr>\s*<th scope="row">Change<\/th>/);
    assert.doesNotMatch(html.slice(0, html.indexOf('cols-5')), /<thead>/);
    assert.match(html, /<table class="grid doc-table cols-5 wide">\s*<thead>/);
    assert.ok(html.includes('<span class="keep">atl-mbx-001.example.com,</span>'));
    assert.ok(html.includes('<td align="right">15 min</td>'));
  });

  it('prints code blocks as numbered lines that wrap, never cut', () => {
    const { html } = markdownToHtml('```powershell\nGet-Item -Path x\n    Set-Thing\n```\n', { file: 'x.md' });
    assert.ok(html.includes('<div class="line"><span class="ln">1</span><span class="lc" style="--indent: 0"><span class="keep">Get-Item</span> <span class="keep">-Path</span> x</span></div>'), html);
    assert.ok(html.includes('<span class="ln">2</span><span class="lc" style="--indent: 4">'));
  });

  it('inlines the images it is given as SVG, in a figure captioned with their text', () => {
    const svg = decisionDiagram(procedure, { lang: 'en' });
    const { html, diagnostics } = markdownToHtml('Before.\n\n![The diagram](decision-diagram.en.svg)\n', { file: 'x.md', images: { 'decision-diagram.en.svg': svg } });
    assert.deepEqual(diagnostics, []);
    assert.ok(html.includes(`<figure class="diagram">${svg.trim()}<figcaption>The diagram</figcaption></figure>`));
    assert.doesNotMatch(html, /<img/);
    assert.throws(() => markdownToHtml('![x](d.svg)', { file: 'x.md', images: { 'd.svg': '<svg><script>alert(1)</script></svg>' } }), TypeError);
    // The marker the SVG replaces cannot be forged from the Markdown.
    const forged = markdownToHtml('<span data-inline-svg="0"></span> `<span data-inline-svg="0"></span>`\n\n![x](d.svg)', { file: 'x.md', images: { 'd.svg': '<svg></svg>' } }).html;
    assert.equal(forged.split('<svg></svg>').length - 1, 1, forged);
  });

  it('refuses remote images and images found nowhere, with their position; loads local ones as files', () => {
    const md = 'Text.\n\n![remote](https://example.com/a.png)\n\n![ref][r]\n\n![nowhere](img/a.png)\n\n[r]: //cdn.example.com/b.png\n';
    const { diagnostics } = markdownToHtml(md, { file: 'atl-prod/change-request.en.md' });
    assert.deepEqual(
      diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`),
      ['atl-prod/change-request.en.md:3:1 document/remote-resource', 'atl-prod/change-request.en.md:5:1 document/remote-resource', 'atl-prod/change-request.en.md:7:1 document/unresolved-image'],
    );
    const local = markdownToHtml('![a](<img/a b.png>)', { file: 'x.md', baseUrl: 'file:///work/out/' });
    assert.deepEqual(local.diagnostics, []);
    assert.ok(local.html.includes('<img src="file:///work/out/img/a%20b.png" alt="a">'), local.html);
  });
});

describe('the change request and the training edition, printed', () => {
  const DOCS = () => [crDoc(example('atl-prod'), 'fr'), crDoc(example('atl-prod'), 'en'), trainingDoc('en'), trainingDoc('fr')];
  const printed = new Map<string, Printed>();
  /** The requests of the documents above, before the tests that ask for forbidden things. */
  let requests: readonly { url: string; allowed: boolean }[] = [];

  before(async () => {
    await mapWithConcurrency(DOCS(), 2, async (doc) => {
      printed.set(doc.name, await print(doc));
    });
    requests = [...(await shared()).requests];
  });

  it('prints a change request in about a second and the training edition in a few', (t) => {
    for (const p of printed.values()) t.diagnostic(`${p.doc.name}: ${p.pages.length} pages in ${Math.round(p.ms)} ms`);
    for (const p of printed.values()) assert.ok(p.ms < 30_000, `${p.doc.name} took ${p.ms} ms`);
  });

  for (const lang of LANGS) {
    it(`the change request (${lang}) holds its facts: change, window, servers, steps, rollback, artefacts, branches`, () => {
      const { pages } = printed.get(`atl-prod/change-request.${lang}`)!;
      const text = pages.join(' ');
      const cr = changeRequestOf(example('atl-prod'));
      const facts = [
        cr.change.id,
        cr.change.owner,
        cr.change.window.start,
        cr.change.window.end,
        ...cr.affectedSystems.flatMap((a) => a.servers),
        ...[...cr.prerequisites, ...cr.implementation, ...cr.verification].map((s) => s.id),
        ...cr.backout.steps.map((s) => s.id),
        ...ARTEFACTS.flatMap((a) => [a.path, a.sha256]),
        SIGNER.thumbprint,
        ...cr.branches.map((b) => b.chosenBy),
        CAB_LABELS[lang].risks[cr.risk.level],
        procedure.contentHash.slice(0, 12),
      ];
      for (const fact of facts) assert.ok(text.includes(fact), `${fact} in the printed change request`);
      // The board's decision, to tick and sign, on the last page.
      const approval = PRINT_LABELS[lang].approval;
      const last = pages[pages.length - 1]!;
      for (const word of [approval.title, approval.decision, ...approval.outcomes, ...approval.roles, PRINT_LABELS[lang].signature]) assert.ok(last.includes(plain(word)), `${word} on the last page`);
    });

    it(`the training edition (${lang}) holds every step, the diagram's text and every review question with its answer`, () => {
      const { pages } = printed.get(`training/training.${lang}`)!;
      const text = pages.join(' ');
      for (const step of procedure.steps) assert.ok(text.includes(step.id), `step ${step.id}`);
      assert.ok(text.includes(DIAGRAM_LABELS[lang].title), 'the inline diagram is text');
      assert.ok(text.includes('{{owa.port}}'), 'parameters stay as names');
      assert.ok(questions.length > 5);
      for (const q of questions) {
        assert.ok(text.includes(plain(q.text[lang].question)), `question ${q.id}`);
        assert.ok(text.includes(plain(q.text[lang].answer).slice(0, 60)), `answer of ${q.id}`);
      }
      // The answers start on a page of their own, after the questions.
      const labels = TRAINING_LABELS[lang];
      const questionsPage = pages.findIndex((p) => p.includes(`${labels.questions} `) && p.includes(plain(questions[0]!.text[lang].question)));
      const answersPage = pages.findIndex((p, i) => i > questionsPage && p.includes(`${labels.answers} 1. `));
      assert.ok(questionsPage > 0 && answersPage > questionsPage, `questions on page ${questionsPage + 1}, answers on page ${answersPage + 1}`);
      for (const page of pages.slice(questionsPage, answersPage)) assert.ok(!page.includes(plain(questions[0]!.text[lang].answer).slice(0, 60)), 'no answer beside the questions');
    });
  }

  it('says page X of Y on every page, in its language, with the document, profile, change and content hash', () => {
    for (const { doc, pages } of printed.values()) {
      assert.ok(pages.length >= (doc.meta.kind === 'training' ? 20 : 3), `${doc.name}: ${pages.length} pages`);
      pages.forEach((page, i) => {
        assert.ok(page.includes(PAGE[doc.lang](i + 1, pages.length)), `${doc.name} page ${i + 1}: ${page.slice(-100)}`);
        for (const word of [procedure.id, procedure.contentHash.slice(0, 12), doc.meta.title, ...(doc.meta.profileId ? [doc.meta.profileId, doc.meta.changeId!] : [])]) {
          assert.ok(page.includes(word), `${doc.name} page ${i + 1} lacks ${word}`);
        }
      });
    }
  });

  it('has a bookmark for every heading h1–h3, in order, nested, each on the page of its heading', async () => {
    for (const { doc, bytes, pages } of printed.values()) {
      const outline = await readOutline(bytes);
      const headings = headingsOf(doc.markdown);
      // A change request ends with the board's decision, a part of its own under the title.
      const extra = doc.meta.kind === 'change-request' ? [PRINT_LABELS[doc.lang].approval.title] : [];
      assert.deepEqual(flatten(outline).map((o) => o.title), [...headings.map((h) => h.title), ...extra], doc.name);
      assert.deepEqual(outline.map((o) => o.title), headings.filter((h) => h.depth === 1).map((h) => h.title), `${doc.name}: the h1 at the top`);
      for (const item of flatten(outline)) {
        assert.ok(item.page !== undefined, `${doc.name}: ${item.title} has a page`);
        assert.ok(pages[item.page - 1]!.includes(item.title), `${doc.name}: ${item.title} is on page ${item.page}`);
      }
    }
  });

  it('embeds every font, the bundled IBM Plex Sans and Mono among them', async () => {
    for (const { doc, file } of printed.values()) {
      const { stdout } = await run('pdffonts', [file]);
      const rows = stdout.trim().split('\n').slice(2);
      assert.ok(rows.some((r) => /\+IBMPlexSans-/.test(r)) && rows.some((r) => /\+IBMPlexMono-/.test(r)), `${doc.name}:\n${stdout}`);
      for (const row of rows) assert.match(row, /^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/, `${doc.name}: ${row}`);
    }
  });

  it('has its metadata: title (never about:blank), author, subject, keywords, creator, language, dates, A4', async () => {
    for (const { doc, file, bytes } of printed.values()) {
      const { stdout } = await run('pdfinfo', ['-isodates', file]);
      const info = Object.fromEntries(stdout.split('\n').map((l) => /^([^:]+):\s*(.*)$/.exec(l)).filter((m) => m).map((m) => [m![1]!, m![2]!]));
      assert.equal(info.Title, doc.meta.title);
      assert.notEqual(info.Title, 'about:blank');
      assert.equal(info.Author, doc.meta.author);
      assert.equal(info.Subject, doc.meta.subject);
      assert.equal(info.Keywords, doc.meta.keywords.join(' '));
      assert.equal(info.Creator, `runbook ${TOOL.version}`);
      assert.equal(info.CreationDate, `${procedure.version}T00:00:00Z`);
      assert.equal(info.ModDate, `${procedure.version}T00:00:00Z`);
      assert.equal(info.Tagged, 'yes');
      assert.equal(info['Metadata Stream'], 'no');
      assert.match(info['Page size']!, /595\.\d+ x 841\.\d+ pts \(A4\)/);
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      assert.equal(pdf.catalog.lookup(PDFName.of('Lang'))?.toString(), `(${doc.lang})`);
      assert.match(String(pdf.context.trailerInfo.ID), /^\[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]$/);
    }
  });

  it('asked the browser only for data: URLs and files inside the allowed folders', () => {
    assert.ok(requests.length > 0);
    assert.ok(requests.some((r) => r.url.endsWith('/templates/print.css')), 'the stylesheet, as a file');
    for (const r of requests) {
      assert.ok(r.allowed, r.url);
      assert.match(r.url, /^(data:|file:\/\/\/)/);
      if (r.url.startsWith('file:')) assert.ok(isAllowedRequest(r.url, roots) || r.url.includes('/runbook-pages-'), `${r.url} is inside ${roots.join(', ')}`);
    }
    // Independently of the printer's own filter: the page, its stylesheet and the bundled fonts, nothing else.
    const expected = new Set([templates.stylesheet.url, ...templates.fonts.map((f) => f.url)]);
    for (const r of requests.filter((x) => x.url.startsWith('file:'))) {
      assert.ok(expected.has(r.url) || /\/runbook-pages-[^/]+\/\d+\.html$/.test(r.url), `unexpected request ${r.url}`);
    }
  });

  it('gives byte-identical PDFs for the same input, on letter paper too', async () => {
    const training = printed.get('training/training.en')!;
    const again = await print(training.doc, {}, '.again');
    assert.ok(Buffer.from(training.bytes).equals(Buffer.from(again.bytes)), 'the training edition, printed twice');
    const doc = crDoc(example('par-colo'), 'fr');
    const a = await print(doc, { paper: 'letter', sourceDateEpoch: 1700000000 }, '.a');
    const b = await print(doc, { paper: 'letter', sourceDateEpoch: 1700000000 }, '.b');
    assert.ok(Buffer.from(a.bytes).equals(Buffer.from(b.bytes)), 'a change request on letter paper, printed twice');
    const { stdout } = await run('pdfinfo', ['-isodates', a.file]);
    assert.match(stdout, /Page size:\s+612(\.\d+)? x 792(\.\d+)? pts \(letter\)/);
    assert.match(stdout, /CreationDate:\s+2023-11-14T22:13:20Z/);
    a.pages.forEach((page, i) => assert.ok(page.includes(PAGE.fr(i + 1, a.pages.length)), `letter page ${i + 1}`));
  });

  it('repeats a long table’s header row on every page and wraps long words and code, never cutting them', async () => {
    const token = `${'x'.repeat(150)}END`;
    const rows = Array.from({ length: 120 }, (_, i) => `| ${i + 1} | \`step-${i + 1}\` | atl-mbx-${String(i).padStart(3, '0')}.litwareinc.com | ${i === 40 ? token : 'a fairly long description of what happens on this server'} |`);
    const markdown = `# Long table\n\n| Number | Step | Server | What |\n| -: | - | - | - |\n${rows.join('\n')}\n\n\`\`\`powershell\nWrite-Output '${token}'\n\`\`\`\n`;
    const doc = { ...crDoc(example('atl-prod'), 'en'), name: 'long-table', markdown };
    const { pages } = await print(doc);
    const withRows = pages.filter((p) => /\d+ step-\d+ atl-mbx-/.test(p));
    assert.ok(withRows.length >= 3, `${withRows.length} pages of table`);
    withRows.forEach((page, i) => assert.match(page, /Number Step Server What \d+ step-\d+/, `the header row on page ${i + 1}`));
    const text = pages.join(' ');
    for (let i = 1; i <= 120; i++) assert.ok(text.includes(`step-${i} `) && text.includes(`atl-mbx-${String(i - 1).padStart(3, '0')}.litwareinc.com`), `row ${i}`);
    // The long word, in the table and in the code, comes back whole once the line breaks are removed.
    assert.equal(text.replace(/ /g, '').split(token).length - 1, 2);
  });

  it('prints every page at its designed size, and fails a document with a line too wide for the page rather than shrink it', async () => {
    for (const { doc, bytes } of printed.values()) {
      const pdf = await PDFDocument.load(bytes);
      pdf.getPages().forEach((_, i) => {
        const scale = printScale(pdf, i);
        assert.ok(isDesignScale(scale ?? 0), `${doc.name}, page ${i + 1} at ${scale} pt per CSS px, not ${DESIGN_SCALE}`);
      });
    }
    const printer = await shared();
    const wide = withCss(printer, 'body::after { content: ""; display: block; width: 200mm; height: 1px; }');
    const doc = crDoc(example('dub-disable'), 'en');
    await assert.rejects(renderMarkdownDocumentPdf(doc.markdown, doc.meta, wide, templates, doc.options), (error: unknown) => {
      assert.ok(error instanceof PdfLayoutError, String(error));
      assert.match(error.message, /^dub-disable\/change-request\.en\.pdf: a line is about 1[45]\.\d% wider than the page's text area and cannot wrap, so the browser printed every page at 8[78]\.\d% of its size/);
      // Drawn by the document's own box (a pseudo-element), nothing to name: the general advice.
      assert.match(error.message, /\. Find what runs past the right margin \(/);
      return true;
    });
    // Table cells that may not break: the error names the table and the heading it comes under.
    const nowrap = withCss(printer, 'td, th { white-space: nowrap; }');
    const headings = headingsOf(doc.markdown).map((h) => plain(h.title));
    await assert.rejects(renderMarkdownDocumentPdf(doc.markdown, doc.meta, nowrap, templates, doc.options), (error: unknown) => {
      assert.ok(error instanceof PdfLayoutError, String(error));
      const placed = /Laid out for paper, past the right margin: «[^»]+» \(\d+\.\d mm past the margin, in ([^)]+)\)/.exec(error.message);
      assert.ok(placed && headings.includes(placed[1]!), `${error.message} (headings: ${headings.join(' | ')})`);
      // Each table once, as the table: its text starts with its header row (its first row when the header is empty).
      const entries = [...error.message.matchAll(/«([^»]+)»/g)].map((m) => m[1]!);
      assert.equal(new Set(entries).size, entries.length, entries.join(' | '));
      const row = (cells: string) => cells.split('|').map((cell) => plain(cell)).join(' ').trim();
      const tableStarts = [...doc.markdown.matchAll(/^\|(.+)\|\n\|[\s:|-]+\|\n\|(.+)\|$/gm)].map((m) => row(m[1]!) || row(m[2]!));
      assert.ok(tableStarts.every((start) => start.length > 0));
      assert.ok(entries.length > 0 && entries.every((entry) => tableStarts.some((start) => entry.startsWith(start))), `${entries.join(' | ')} (tables: ${tableStarts.join(' | ')})`);
      return true;
    });
  });

  it('refuses a remote image before the browser sees it; the browser refuses a file outside its folders', async () => {
    const printer = await shared();
    const doc = crDoc(example('dub-disable'), 'en');
    const before = printer.requests.length;
    await assert.rejects(print({ ...doc, markdown: `${doc.markdown}\n![topology](https://example.com/topology.png)\n` }), (error: unknown) => {
      assert.ok(error instanceof RemoteReferenceError);
      assert.equal(error.diagnostics[0]!.rule, 'document/remote-resource');
      assert.equal(error.diagnostics[0]!.file, 'dub-disable/change-request.en.md');
      assert.match(error.message, /https:\/\/example\.com\/topology\.png/);
      return true;
    });
    await assert.rejects(print({ ...doc, markdown: `${doc.markdown}\n![topology](topology.png)\n` }), /document\/unresolved-image/);
    assert.equal(printer.requests.length, before, 'nothing was printed');

    // A local image outside the allowed folders: the browser's request filter refuses it.
    const outside = join(work, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'x.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await assert.rejects(print({ ...doc, markdown: `${doc.markdown}\n![x](x.svg)\n` }, { baseUrl: pathToFileURL(`${outside}/`).href }), (error: unknown) => {
      assert.ok(error instanceof PrintError, String(error));
      assert.match(error.message, /outside\/x\.svg/);
      assert.match(error.message, /offline/);
      return true;
    });
    assert.ok(printer.requests.slice(before).some((r) => !r.allowed && r.url.endsWith('/outside/x.svg')));
  });
});
