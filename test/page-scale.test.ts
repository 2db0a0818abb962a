/**
 * Reading the scale a page was printed at from its content, and failing a document printed shrunk
 * with what runs past its margin (pure: PDFs made with pdf-lib, printers made up). The printed
 * runbooks themselves are checked in pdf.test.ts and document-pdf.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { PdfLayoutError, type Printer, type WideLine } from '../src/render/pdf/index.js';
import { DESIGN_SCALE, isDesignScale, printScale, shrinkOf } from '../src/render/pdf/page-scale.js';
import { linesTooWide, printAtDesignSize, shrunkPageError } from '../src/render/pdf/print-at-size.js';
import type { OutlineNode } from '../src/render/html/view.js';

/** A one-page PDF whose content stream is `content` (compressed, as Chromium writes it, unless told). */
async function pdfWith(content: string | string[], compress = true): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.92, 841.92]);
  const streams = (Array.isArray(content) ? content : [content]).map((text) => doc.context.register(compress ? doc.context.flateStream(text) : doc.context.stream(text)));
  page.node.set(PDFName.of('Contents'), streams.length === 1 ? streams[0]! : doc.context.obj(streams));
  return PDFDocument.load(await doc.save());
}

/**
 * The start of page 1 of a printed runbook, as Chromium wrote it: its device transform (pt per
 * 300 dpi pixel), then the page's background in CSS px, then the running header (a margin box).
 */
const chromiumPage = (cssScale: number) =>
  `.23999999 0 0 -.23999999 0 841.91998 cm\nq\n${cssScale} 0 0 ${cssScale} 237.5 200 cm\n1 1 1 RG 1 1 1 rg\n/G3 gs\n0 0 662 998 re\nf\nQ\nq\n3.125 0 0 3.125 0 0 cm\n` +
  '.5333 .5333 .5333 RG .5333 .5333 .5333 rg\n/G3 gs\n76 63 457 1 re\nf\n.2 .2 .2 RG .2 .2 .2 rg\nBT\n/F4 10 Tf\n1 0 0 -1 75.578125 50 Tm\n<00250010> Tj\nET\nQ\n';

describe('the scale a page was printed at', () => {
  it('is 0.75 pt per CSS px for a page printed as designed (72 pt and 96 px to the inch)', async () => {
    assert.equal(DESIGN_SCALE, 72 / 96);
    const scale = printScale(await pdfWith(chromiumPage(3.125)));
    assert.ok(Math.abs(scale! - 0.75) < 1e-6, String(scale));
  });

  it('is smaller for a page the browser shrank to fit something too wide', async () => {
    const scale = printScale(await pdfWith(chromiumPage(2.0833335)));
    assert.ok(Math.abs(scale! - 0.5) < 1e-6, String(scale));
  });

  it('is read where the page first draws text or a path: a transformation saved and restored before it does not count', async () => {
    const doc = await pdfWith('q 4 0 0 4 0 0 cm Q 0.5 0 0 0.5 0 0 cm q 1.5 0 0 -1.5 10 20 cm 0 0 10 10 re f Q');
    assert.equal(printScale(doc), 0.75);
    // Rotation and mirroring keep the scale: the square root of the determinant.
    assert.ok(Math.abs(printScale(await pdfWith('0 0.75 -0.75 0 0 0 cm BT ET'))! - 0.75) < 1e-12);
    // A `Q` with nothing saved goes back to no transformation.
    assert.equal(printScale(await pdfWith('0.5 0 0 0.5 0 0 cm Q 0.75 0 0 0.75 0 0 cm BT ET')), 0.75);
  });

  it('is not read at an image, a form (what CSS opacity becomes) or a shading, which carry their own size', async () => {
    const page = '.24 0 0 -.24 0 841.92 cm q 3.125 0 0 3.125 0 0 cm';
    assert.equal(printScale(await pdfWith(`${page} q 200 0 0 100 10 10 cm /X1 Do Q 0 0 10 10 re f Q`)), 0.75);
    assert.equal(printScale(await pdfWith(`${page} q 200 0 0 100 10 10 cm /Sh1 sh Q BT ET Q`)), 0.75);
    assert.equal(printScale(await pdfWith('.24 0 0 -.24 0 841.92 cm /X2 Do q 3.125 0 0 3.125 0 0 cm BT ET Q')), 0.75);
  });

  it('skips names, strings, comments and dictionaries: /F4, (Q) or <004B> are not operators', async () => {
    // Each before the `cm`: read as operators, `B` (fill and stroke) would be the first drawing, at 1.
    assert.equal(printScale(await pdfWith('/B gs 0.75 0 0 0.75 0 0 cm BT ET')), 0.75);
    assert.equal(printScale(await pdfWith('<004B> pop 0.75 0 0 0.75 0 0 cm BT ET')), 0.75);
    assert.equal(printScale(await pdfWith('% f and Q in a comment\n0.75 0 0 0.75 0 0 cm /Span <</ActualText (Q f) /MCID 0>> BDC <004B> pop 0 0 1 1 re f')), 0.75);
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm (a \\) Q) pop - . BT ET')), 0.75);
  });

  it('joins the page\'s content streams, and reads uncompressed content too', async () => {
    assert.equal(printScale(await pdfWith(['0.5 0 0 0.5 0 0 cm', '3 0 0 3 0 0 cm', 'BT ET'])), 1.5);
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm BT ET', false)), 0.75);
  });

  it('is unknown for a page that paints nothing', async () => {
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm q Q')), undefined);
  });

  it('is a shrink only below the design scale, never 100% and never read larger', async () => {
    assert.equal(shrinkOf(await pdfWith(chromiumPage(3.125))), undefined);
    assert.equal(shrinkOf(await pdfWith('0.75 0 0 0.75 0 0 cm q Q')), undefined, 'nothing painted');
    // Larger than designed is a misreading, not a line too wide: not judged.
    assert.equal(shrinkOf(await pdfWith(chromiumPage(6.25))), undefined);
    assert.ok(isDesignScale(0.23999999 * 3.125));
    assert.ok(!isDesignScale(0.75 * (660 / 661)), 'one px too wide is a shrink');
    const barely = shrinkOf(await pdfWith(chromiumPage(3.125 * 0.9997)))!;
    assert.ok(Math.abs(barely - 0.9997) < 1e-6, String(barely));
    assert.match(shrunkPageError('barely', barely).message, /about 0\.1% wider .* at 99\.9% of its size/);
  });

  it('says "at least" when the browser shrank as far as it goes (two thirds) and cut off the rest', async () => {
    const most = shrinkOf(await pdfWith(chromiumPage(2.0833335)))!;
    assert.match(shrunkPageError('wide.pdf', most).message, /^wide\.pdf: a line is at least 50\.0% wider than the page's text area and cannot wrap, so the browser printed every page at 66\.7% of its size, the most it shrinks a page, and cut off what is wider still\./);
    assert.match(shrunkPageError('wide.pdf', 0.7).message, /a line is about 42\.9% wider .* at 70\.0% of its size\. /);
  });

  it('fails with the document\'s name, how much too wide, the scale and what to do', async () => {
    const error = shrunkPageError('atl-prod/runbook.en.pdf', shrinkOf(await pdfWith(chromiumPage(3.125 * 0.954)))!);
    assert.ok(error instanceof PdfLayoutError);
    assert.match(error.message, /^atl-prod\/runbook\.en\.pdf: a line is about 4\.8% wider than the page's text area and cannot wrap, so the browser printed every page at 95\.4% of its size\./);
    assert.match(error.message, /Find what runs past the right margin \(text in white-space: nowrap, a long word without a break, a wide table, image or code line\)\. Let it wrap: in the content, or, when it comes from the layout itself, in templates\/print\.css\.$/);
  });

  const job = { html: '<p>x</p>', paper: 'a4' as const, name: 'atl-prod/runbook.fr.pdf' };
  /** A printer that prints `pdf` and answers `widerThanPage` as told (or not at all). */
  const printer = (pdf: Uint8Array, widerThanPage?: (job: unknown) => Promise<WideLine[]>): Printer => ({ print: async () => pdf, requests: [], version: 'test', close: async () => undefined, ...(widerThanPage ? { widerThanPage } : {}) });
  const none = new Uint8Array();
  const step7 = { title: '7. Créer le pool', position: { file: 'content/steps/070-sfb-trusted-app-pool.md', line: 17, column: 1 } };
  // The bookmarks of the document, and where the steps' texts are.
  const outline: OutlineNode[] = [{ title: 'Mise en œuvre', anchor: 'phase-change', children: [{ title: step7.title, anchor: 'step-7', children: [] }] }];
  const positionOf = (anchor: string) => (anchor === 'step-7' ? step7.position : undefined);

  it('says what runs past the margin, placed by the nearest step or heading the reader knows', async () => {
    const found = printer(none, async () => [{ text: 'Identifiant : sfb-trusted-app-pool · Shell : …', anchors: ['step-7-title', 'step-7', 'phase-change'], mm: 1.94 }, { text: 'a table', anchors: [], mm: 12 }]);
    const lines = await linesTooWide(found, job, outline, positionOf);
    assert.deepEqual(lines, [{ text: 'Identifiant : sfb-trusted-app-pool · Shell : …', mm: 1.94, where: step7 }, { text: 'a table', mm: 12 }]);
    const error = shrunkPageError(job.name, 0.99, lines);
    assert.match(error.message, /Laid out for paper, past the right margin: «Identifiant : sfb-trusted-app-pool · Shell : …» \(1\.9 mm past the margin, in 7\. Créer le pool \(content\/steps\/070-sfb-trusted-app-pool\.md:17\)\); «a table» \(12\.0 mm past the margin\)\. Let it wrap/);
    // The error points at the content of the first line found in a step.
    assert.deepEqual(error.position, step7.position);
    assert.equal(shrunkPageError(job.name, 0.99, [{ text: 'a table', mm: 12, where: { title: 'Mise en œuvre' } }]).position, undefined);
    // A bookmark outside any step: its title, no position.
    const heading = printer(none, async () => [{ text: 'x', anchors: ['phase-change'], mm: 1 }]);
    assert.deepEqual(await linesTooWide(heading, job, outline, positionOf), [{ text: 'x', mm: 1, where: { title: 'Mise en œuvre' } }]);
    // The error quotes the first 89 characters of a long line.
    assert.match(shrunkPageError(job.name, 0.99, [{ text: 'é'.repeat(200), mm: 1 }]).message, new RegExp(`«${'é'.repeat(89)}…» \\(1\\.0 mm`));
  });

  it('finds nothing, rather than fail, when the printer cannot tell, fails, throws or answers nonsense', async () => {
    assert.deepEqual(await linesTooWide(printer(none), job, outline, positionOf), []);
    assert.deepEqual(await linesTooWide(printer(none, async () => Promise.reject(new Error('the browser went away'))), job, outline, positionOf), []);
    assert.deepEqual(await linesTooWide(printer(none, () => { throw new Error('not even a promise'); }), job, outline, positionOf), []);
    assert.deepEqual(await linesTooWide(printer(none, async () => [{ text: 'x', mm: 1 } as WideLine]), job, outline, positionOf), []);
    assert.deepEqual(await linesTooWide(printer(none, async () => [{ text: 'x', mm: 1, anchors: ['step-7'] }]), job, outline, () => { throw new Error('no content'); }), []);
  });

  it('prints at the designed size, or fails with what runs past the margin', async () => {
    const designed = await (await pdfWith(chromiumPage(3.125))).save();
    let calls = 0;
    assert.equal((await printAtDesignSize(printer(designed, async () => (calls++, [])), job, outline, positionOf)).getPageCount(), 1);
    assert.equal(calls, 0, 'a document printed as designed is not laid out again');
    const shrunk = await (await pdfWith(chromiumPage(3.125 * 0.98))).save();
    let asked: unknown;
    const wide = printer(shrunk, async (j) => ((asked = j), [{ text: 'Identifiant : …', anchors: ['step-7'], mm: 3.5 }]));
    await assert.rejects(printAtDesignSize(wide, job, outline, positionOf), (error: unknown) => error instanceof PdfLayoutError && /^atl-prod\/runbook\.fr\.pdf: a line is about 2\.0% wider .* at 98\.0% of its size\. Laid out for paper, past the right margin: «Identifiant : …» \(3\.5 mm past the margin, in 7\. Créer le pool \(content\/steps\/070-sfb-trusted-app-pool\.md:17\)\)\./.test(error.message));
    assert.equal(asked, job, 'the same job is laid out again');
  });
});
