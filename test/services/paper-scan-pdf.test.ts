import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import { MAX_PDF_PAGES, pdfPageImages } from '../../services/paper-scan-pdf';
import { PaperScanner, PaperScannerFailedError } from '../../services/paper-scanner';
import { activePdfs } from '../helpers/active-pdfs';
import { familyPaperPdf } from '../helpers/paper-application';
import { pdfPageImages as rasterised, popplerSkipReason } from '../helpers/pdf';
import { readPaperApplication } from '../../services/paper-scan';
import type { DraftValues } from '../../forms/types';
import {
  blackAndWhitePng,
  blackPng,
  ccittScannerPdf,
  faxPdf,
  greyJpeg,
  jpeg2000ScannerPdf,
  jpeg2000SkipReason,
  scannerPdf,
} from '../helpers/scanned-pdf';

const roomy = () => ({ pixels: 200_000_000, deadline: Date.now() + 60_000 });

/** A PDF of `count` empty pages, as a program makes it. */
async function emptyPages(count: number): Promise<Buffer> {
  const document = new PDFDocument({ autoFirstPage: false });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
  });
  for (let page = 0; page < count; page++) document.addPage({ size: 'A4' });
  document.end();
  return done;
}

describe("a scanner's PDF taken apart into page pictures (pdf.js, in the scan worker)", () => {
  let skip: string | false = false;
  let scan: Buffer;
  let printout: Buffer;
  let answers: DraftValues;
  before(async () => {
    const family = await familyPaperPdf();
    printout = family.pdf;
    answers = family.answers;
    skip = popplerSkipReason();
    if (skip) return;
    const pages = rasterised(printout, 200, { grey: true });
    scan = await scannerPdf(await Promise.all(pages.map(greyJpeg)), { dpi: 200 });
  });

  it('gives one grey picture a page, at the resolution scanned', async (t) => {
    if (skip) return t.skip(skip);
    const pages = await pdfPageImages(scan, roomy());
    assert.ok(pages.ok, pages.ok ? '' : pages.issue);
    assert.equal(pages.images.length, rasterised(printout, 72).length);
    const first = await pages.images[0]?.metadata();
    // A4 at 200 dpi, one channel.
    assert.deepEqual(first && [first.width, first.height, first.channels], [1654, 2339, 1]);
    assert.equal(pages.pixels, 1654 * 2339 * pages.images.length);
  });

  it('reads the codes from black-and-white pages of one bit a pixel (Flate, CCITT G4) and from a layered "compact" scan (a G4 stencil mask over a coarse JPEG)', async (t) => {
    if (skip) return t.skip(skip);
    const pages = rasterised(printout, 200, { grey: true });
    const flate = await scannerPdf(await Promise.all(pages.map(blackAndWhitePng)), { dpi: 200 });
    const group4 = await ccittScannerPdf(pages, 200);
    const layered = await ccittScannerPdf(pages, 200, { layered: true });
    for (const scanned of [flate, group4, layered]) {
      assert.deepEqual(await readPaperApplication([scanned]), {
        ok: true,
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        values: answers,
      });
    }
  });

  it("reads a fax's pages: 1700 × 1100 pixels (200 × 100 dpi) drawn over A4, taken at the size drawn, with square pixels", async (t) => {
    if (skip) return t.skip(skip);
    const fax = await faxPdf(rasterised(printout, 200, { grey: true }), {
      width: 1700,
      height: 1100,
    });
    const pages = await pdfPageImages(fax, roomy());
    assert.ok(pages.ok, pages.ok ? '' : pages.issue);
    const first = await pages.images[0]?.metadata();
    // The height doubled to the width's 2.86 pixels a point: 841.89 points of A4.
    assert.deepEqual(first && [first.width, first.height], [1700, 2404]);
    assert.deepEqual(await readPaperApplication([fax]), {
      ok: true,
      formId: 'ekonomiskt-bistand',
      formVersion: 1,
      values: answers,
    });
  });

  it('reads the codes from grey pages in JPEG 2000, in the scan worker as uploads are read (OpenJPEG in WebAssembly)', async (t) => {
    if (skip) return t.skip(skip);
    const noEncoder = jpeg2000SkipReason();
    if (noEncoder) return t.skip(noEncoder);
    const jpx = await jpeg2000ScannerPdf(rasterised(printout, 150, { grey: true }), 150);
    assert.ok(jpx.includes('/JPXDecode'));
    const scanner = new PaperScanner();
    try {
      assert.deepEqual(await scanner.read([jpx]), {
        ok: true,
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        values: answers,
      });
    } finally {
      await scanner.close();
    }
  });

  it('SEC-25 a PDF made by a program (the printout itself) has no scanned pages', async () => {
    assert.deepEqual(await pdfPageImages(printout, roomy()), { ok: false, issue: 'noPages' });
  });

  it('SEC-25 refuses a PDF with JavaScript, a Launch action or an embedded file before reading its pages', async () => {
    for (const pdf of [
      activePdfs.openActionJavaScript(true),
      activePdfs.openActionLaunch(),
      activePdfs.embeddedFile(),
    ]) {
      assert.deepEqual(await pdfPageImages(pdf, roomy()), { ok: false, issue: 'activeContent' });
    }
  });

  it(`SEC-26 refuses more than ${MAX_PDF_PAGES} pages before reading any`, async () => {
    assert.deepEqual(await pdfPageImages(await emptyPages(MAX_PDF_PAGES + 1), roomy()), {
      ok: false,
      issue: 'tooManyPages',
    });
  });

  it('SEC-26 skips an image over the pixel cap without decoding it (64 megapixels in a few kB)', async () => {
    const huge = await scannerPdf([blackPng(8000, 8000)], { dpi: 600 });
    assert.ok(huge.length < 100_000, `${huge.length} bytes`);
    assert.deepEqual(await pdfPageImages(huge, roomy()), { ok: false, issue: 'noPages' });
  });

  it("SEC-26 stops at the upload's pixel budget and at its deadline", async (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(
      await pdfPageImages(scan, { pixels: 5_000_000, deadline: Date.now() + 60_000 }),
      {
        ok: false,
        issue: 'tooLarge',
      },
    );
    assert.deepEqual(await pdfPageImages(scan, { pixels: 200_000_000, deadline: Date.now() - 1 }), {
      ok: false,
      issue: 'unreadable',
    });
  });

  it('calls a locked PDF encrypted, and a broken one unreadable', async () => {
    const page = blackPng(400, 400);
    const locked = await scannerPdf([page], { dpi: 200, userPassword: 'hemligt' });
    assert.deepEqual(await pdfPageImages(locked, roomy()), { ok: false, issue: 'encrypted' });
    const whole = await scannerPdf([page], { dpi: 200 });
    for (const broken of [
      Buffer.from('%PDF-1.7 not a photo'),
      Buffer.concat([whole.subarray(0, 40), Buffer.alloc(4000, 0x7b)]),
    ]) {
      assert.deepEqual(await pdfPageImages(broken, roomy()), { ok: false, issue: 'unreadable' });
    }
    // Only an owner password (printing, copying): it opens, as it does in any reader.
    const owned = await scannerPdf([page], { dpi: 200, ownerPassword: 'ägare' });
    const pages = await pdfPageImages(owned, roomy());
    assert.ok(pages.ok && pages.images.length === 1, JSON.stringify(pages));
  });
});

describe('the paper scanner worker', () => {
  const scanner = new PaperScanner({ timeoutMs: 1 });
  const noBudget = new PaperScanner({ budgetMs: 0 });
  after(() => Promise.all([scanner.close(), noBudget.close()]));

  it('gives the reading its time budget: past it, the reading answers at once with what it found (a PDF stopped by it is not called broken)', async () => {
    const page = blackPng(2000, 2000);
    assert.deepEqual(await noBudget.read([page]), { ok: false, problem: 'outOfTime' });
    const pdf = await scannerPdf([page], { dpi: 200 });
    assert.deepEqual(await noBudget.read([pdf]), { ok: false, problem: 'outOfTime' });
  });

  it('stops a reading that takes longer than its time: a clear failure, never a hang', async () => {
    const page = blackPng(2000, 2000);
    await assert.rejects(
      scanner.read([page]),
      (error) => error instanceof PaperScannerFailedError && error.reason === 'timeout',
    );
  });
});
