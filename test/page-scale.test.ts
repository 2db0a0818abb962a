/**
 * Reading the scale a page was printed at from its content (pure: PDFs made with pdf-lib). The
 * printed runbooks themselves are checked in pdf.test.ts and document-pdf.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { checkPrintScale, DESIGN_SCALE, isDesignScale, PdfLayoutError, printScale } from '../src/render/pdf/index.js';

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
    assert.equal(printScale(await pdfWith('/B1 gs 0.75 0 0 0.75 0 0 cm BT ET')), 0.75);
    assert.equal(printScale(await pdfWith('% f and Q in a comment\n0.75 0 0 0.75 0 0 cm /Span <</ActualText (Q f) /MCID 0>> BDC <004B> pop 0 0 1 1 re f')), 0.75);
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm (a \\) Q) pop - . BT ET')), 0.75);
  });

  it('joins the page\'s content streams, and reads uncompressed content too', async () => {
    assert.equal(printScale(await pdfWith(['0.5 0 0 0.5 0 0 cm', '2 0 0 2 0 0 cm', 'BT ET'])), 1);
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm BT ET', false)), 0.75);
  });

  it('is unknown for a page that paints nothing', async () => {
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm q Q')), undefined);
  });

  it('passes a document printed as designed, and fails a shrunk one with its name, its scale and what to do', async () => {
    const pdfBarely = await pdfWith(chromiumPage(3.125 * 0.9997));
    checkPrintScale(await pdfWith(chromiumPage(3.125)), 'atl-prod/runbook.en.pdf');
    checkPrintScale(await pdfWith('0.75 0 0 0.75 0 0 cm q Q'), 'nothing painted');
    // Larger than designed is a misreading, not a line too wide: not judged.
    checkPrintScale(await pdfWith(chromiumPage(6.25)), 'read larger');
    assert.ok(isDesignScale(0.23999999 * 3.125));
    assert.ok(!isDesignScale(0.75 * (660 / 661)), 'one px too wide is a shrink');
    // The smallest shrink still reads below 100%.
    assert.throws(() => checkPrintScale(pdfBarely, 'barely'), /about 0\.1% wider .* at 99\.9% of its size/);
    const shrunk = await pdfWith(chromiumPage(3.125 * 0.954));
    assert.throws(
      () => checkPrintScale(shrunk, 'atl-prod/runbook.en.pdf'),
      (error: unknown) => error instanceof PdfLayoutError && /^atl-prod\/runbook\.en\.pdf: /.test(error.message) && /about 4\.8% wider than the page's text area/.test(error.message) && /at 95\.4% of its size/.test(error.message) && /let it wrap/.test(error.message) && /templates\/print\.css/.test(error.message),
    );
  });
});
