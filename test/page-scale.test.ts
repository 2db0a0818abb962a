/**
 * Reading the scale a page was printed at from its content (pure: PDFs made with pdf-lib). The
 * printed runbooks themselves are checked in pdf.test.ts and document-pdf.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFDocument, PDFName } from 'pdf-lib';
import { DESIGN_SCALE, PdfLayoutError, printScale } from '../src/render/pdf/index.js';
import { checkPrintScale } from '../src/render/pdf/page-scale.js';

/** A one-page PDF whose content stream is `content` (compressed, as Chromium writes it, unless told). */
async function pdfWith(content: string | string[], compress = true): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.92, 841.92]);
  const streams = (Array.isArray(content) ? content : [content]).map((text) => doc.context.register(compress ? doc.context.flateStream(text) : doc.context.stream(text)));
  page.node.set(PDFName.of('Contents'), streams.length === 1 ? streams[0]! : doc.context.obj(streams));
  return PDFDocument.load(await doc.save());
}

/** Chromium's page: its device transform (pt per 300 dpi pixel), a clip, then CSS px to device pixels. */
const chromiumPage = (cssScale: number, body = 'BT /F4 16 Tf 1 0 0 -1 8 30 Tm <002B> Tj ET') =>
  `.23999999 0 0 -.23999999 0 841.91998 cm\nq\n237.5 237.5 2010.9863 3035.9863 re\nW* n\nq\n${cssScale} 0 0 ${cssScale} 237.5 237.5 cm\n0 0 0 RG 0 0 0 rg\n/G3 gs\n/NonStruct <</MCID 0 >>BDC\n${body}\nQ\nQ\nEMC\n`;

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

  it('is read where the page first paints: a transformation saved and restored before it does not count', async () => {
    const doc = await pdfWith('q 4 0 0 4 0 0 cm Q 0.5 0 0 0.5 0 0 cm q 1.5 0 0 -1.5 10 20 cm 0 0 10 10 re f Q');
    assert.equal(printScale(doc), 0.75);
    // Rotation and mirroring keep the scale: the square root of the determinant.
    assert.ok(Math.abs(printScale(await pdfWith('0 0.75 -0.75 0 0 0 cm BT ET'))! - 0.75) < 1e-12);
  });

  it('joins the page\'s content streams, and reads uncompressed content too', async () => {
    assert.equal(printScale(await pdfWith(['0.5 0 0 0.5 0 0 cm', '2 0 0 2 0 0 cm', 'BT ET'])), 1);
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm BT ET', false)), 0.75);
  });

  it('is unknown for a page that paints nothing', async () => {
    assert.equal(printScale(await pdfWith('0.75 0 0 0.75 0 0 cm q Q')), undefined);
  });

  it('passes a document printed as designed, and fails a shrunk one with its name, its scale and what to do', async () => {
    checkPrintScale(await pdfWith(chromiumPage(3.125)), 'atl-prod/runbook.en.pdf');
    checkPrintScale(await pdfWith('0.75 0 0 0.75 0 0 cm q Q'), 'nothing painted');
    const shrunk = await pdfWith(chromiumPage(3.125 * 0.954));
    assert.throws(
      () => checkPrintScale(shrunk, 'atl-prod/runbook.en.pdf'),
      (error: unknown) => error instanceof PdfLayoutError && /^atl-prod\/runbook\.en\.pdf: /.test(error.message) && /at 95\.4% of its size/.test(error.message) && /let it wrap/.test(error.message) && /templates\/print\.css/.test(error.message),
    );
  });
});
