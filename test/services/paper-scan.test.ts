import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import type { DraftValues } from '../../forms/types';
import { renderApplicationPdf } from '../../services/application-pdf';
import { toBase45 } from '../../services/base45';
import { MAX_INFLATED_BYTES } from '../../services/paper-parts';
import { checksumOf, encodeAnswers } from '../../services/paper-qr';
import { readPaperApplication, readTypedCodes } from '../../services/paper-scan';
import { familyPaperPdf, longMessage } from '../helpers/paper-application';
import { pdfPageImages, popplerSkipReason } from '../helpers/pdf';

/** A phone photo of a page: darker towards one corner, turned 2°, a little out of focus, JPEG. */
async function asPhoto(page: Buffer): Promise<Buffer> {
  const { width, height } = await sharp(page).metadata();
  const shade = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      '<linearGradient id="l" x1="0" y1="0" x2="1" y2="1">' +
      '<stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#909090"/>' +
      '</linearGradient><rect width="100%" height="100%" fill="url(#l)"/></svg>',
  );
  const shaded = await sharp(page)
    .composite([{ input: shade, blend: 'multiply' }])
    .toBuffer();
  return sharp(shaded)
    .rotate(2, { background: '#f4f4f4' })
    .blur(1.2)
    .jpeg({ quality: 80 })
    .toBuffer();
}

const family = { formId: 'ekonomiskt-bistand', formVersion: 1 };

describe('reading a paper application from scans, photos and typed codes', () => {
  let skip: string | false = false;
  let printed: { pages: Buffer[]; answers: DraftValues; codes: string[] };
  before(async () => {
    const { pdf, answers, content } = await familyPaperPdf();
    printed = { pages: [], answers, codes: content.qrCodes };
    skip = popplerSkipReason();
    if (!skip) printed.pages = pdfPageImages(pdf, 150);
  });

  it('reads every part from a 150 dpi scan of the pages as they are', async (t) => {
    if (skip) return t.skip(skip);
    assert.ok(printed.codes.length > 1, 'the family application prints several codes');
    assert.deepEqual(await readPaperApplication(printed.pages), {
      ok: true,
      ...family,
      values: printed.answers,
    });
  });

  it('reads phone photos of the pages: turned 2°, slightly blurred, uneven light, JPEG', async (t) => {
    if (skip) return t.skip(skip);
    const photos = await Promise.all(printed.pages.map(asPhoto));
    assert.deepEqual(await readPaperApplication(photos), {
      ok: true,
      ...family,
      values: printed.answers,
    });
  });

  it('reads the pages in any order', async (t) => {
    if (skip) return t.skip(skip);
    const shuffled = [3, 1, 0, 2].map((index) => printed.pages[index % printed.pages.length]);
    assert.deepEqual(await readPaperApplication(shuffled.filter((page) => page !== undefined)), {
      ok: true,
      ...family,
      values: printed.answers,
    });
  });

  it('names the parts that a missing page held, and reads them all with every page', async (t) => {
    if (skip) return t.skip(skip);
    const { pdf, answers, content } = await familyPaperPdf(longMessage(4000));
    const pages = pdfPageImages(pdf, 150);
    const parts = content.qrCodes.length;
    // The codes run over the last three pages (two rows a page, clear of the folds); the last
    // page is lost in the post.
    const reading = await readPaperApplication(pages.slice(0, -1));
    assert.ok(!reading.ok && reading.problem === 'missingParts', JSON.stringify(reading));
    const missing = reading.missing.length;
    assert.ok(missing > 0 && missing < parts, `${missing} of ${parts} missing`);
    assert.deepEqual(
      reading.missing,
      Array.from({ length: missing }, (_, index) => parts - missing + index + 1),
      'the last parts are missing',
    );
    assert.equal(reading.parts, parts);
    assert.deepEqual(await readPaperApplication(pages.slice(-3).reverse()), {
      ok: true,
      ...family,
      values: answers,
    });
  });

  it('stops looking when its time is up and answers with the parts found by then, naming the rest missing', async (t) => {
    if (skip) return t.skip(skip);
    const { pdf, answers, content } = await familyPaperPdf(longMessage(4000));
    // The codes run over the last three pages.
    const pages = pdfPageImages(pdf, 150).slice(-3);
    const parts = content.qrCodes.length;
    // The clock is read at the start and before each look: it allows the first look alone, at
    // the first page, and then says the time is up.
    let reads = 0;
    const oneLook = { deadline: 2, now: () => reads++ };
    const reading = await readPaperApplication(pages, undefined, oneLook);
    assert.equal(reads, 3);
    assert.ok(!reading.ok && reading.problem === 'missingParts', JSON.stringify(reading));
    assert.equal(reading.parts, parts);
    const missing = reading.missing.length;
    assert.ok(missing > 0 && missing < parts, `${missing} of ${parts} missing`);
    assert.deepEqual(
      await readPaperApplication(pages, undefined, { deadline: Date.now() + 600_000 }),
      { ok: true, ...family, values: answers },
      'with time enough, every part',
    );
    // No time at all: nothing found, which is not the same as a page without codes.
    assert.deepEqual(await readPaperApplication(pages, undefined, { deadline: Date.now() - 1 }), {
      ok: false,
      problem: 'outOfTime',
    });
  });

  it('calls a code whose data was changed damaged', async (t) => {
    if (skip) return t.skip(skip);
    const { content } = await familyPaperPdf();
    // One character of part 2's data changed, the code itself printed whole and readable.
    const tampered = content.qrCodes.map((code, index) =>
      index === 1
        ? code.replace(
            /;([0-9A-Z])([^;]*;)$/,
            (_, first: string, rest: string) => `;${first === 'A' ? 'B' : 'A'}${rest}`,
          )
        : code,
    );
    assert.notDeepEqual(tampered, content.qrCodes);
    const pages = pdfPageImages(await renderApplicationPdf({ ...content, qrCodes: tampered }), 150);
    assert.deepEqual(await readPaperApplication(pages.slice(-1)), {
      ok: false,
      problem: 'damaged',
    });
  });

  it('says no codes for a page without them, refuses over 20 pictures, names a file that is not an image or a readable PDF', async (t) => {
    if (skip) return t.skip(skip);
    assert.deepEqual(await readPaperApplication(printed.pages.slice(0, 1)), {
      ok: false,
      problem: 'noCodes',
    });
    assert.deepEqual(await readPaperApplication(Array(21).fill(printed.pages[0])), {
      ok: false,
      problem: 'tooManyImages',
      most: 20,
    });
    const notAnImage = Buffer.from('GIF89a not a photo');
    assert.deepEqual(await readPaperApplication([printed.pages[0] as Buffer, notAnImage]), {
      ok: false,
      problem: 'notAnImage',
      image: 2,
    });
    const brokenPdf = Buffer.from('%PDF-1.7 not a scan');
    assert.deepEqual(await readPaperApplication([printed.pages[0] as Buffer, brokenPdf]), {
      ok: false,
      problem: 'pdf',
      image: 2,
      issue: 'unreadable',
    });
  });

  it('reads the codes as a hand scanner types them: a part a line, any order', () => {
    const typed = `\r\n  ${[...printed.codes].reverse().join('\r\n\r\n')}  \n`;
    assert.deepEqual(readTypedCodes(typed), { ok: true, ...family, values: printed.answers });
    assert.deepEqual(readTypedCodes(printed.codes.slice(1).join('\n')), {
      ok: false,
      problem: 'missingParts',
      missing: [1],
      parts: printed.codes.length,
    });
    const mistyped = printed.codes.map((code, index) =>
      index === 0
        ? code.replace('ETJ2;ekonomiskt-bistand;1;1/', 'ETJ2;ekonomiskt-bistand;1;1|')
        : code,
    );
    assert.deepEqual(readTypedCodes(mistyped.join('\n')), { ok: false, problem: 'damaged' });
    assert.deepEqual(readTypedCodes('hello\nworld'), { ok: false, problem: 'noCodes' });
  });

  it('refuses codes of a form this installation does not have', () => {
    const codes = encodeAnswers({ formId: 'okand-blankett', formVersion: 3, values: {} });
    assert.deepEqual(readTypedCodes(codes.join('\n')), {
      ok: false,
      problem: 'unknownForm',
      formId: 'okand-blankett',
      formVersion: 3,
    });
  });

  it('refuses an inflate bomb: a few kilobytes that would unpack to 20 MB', () => {
    // Valid JSON written out by hand: JSON.stringify of a 20 MB string took seconds here.
    const bomb = Buffer.from(`{"meddelande":{"message":"${'x'.repeat(20 * 1024 * 1024)}"}}`);
    assert.ok(bomb.length > 40 * MAX_INFLATED_BYTES, 'far past what a code may unpack to');
    const data = toBase45(deflateRawSync(bomb, { level: 9 }));
    assert.ok(data.length < 40_000, `${data.length} characters`);
    const checksum = checksumOf(family.formId, family.formVersion, data);
    const code = `ETJ2;${family.formId};${family.formVersion};1/1;${checksum};${data};`;
    assert.deepEqual(readTypedCodes(code), { ok: false, problem: 'damaged' });
  });
});
