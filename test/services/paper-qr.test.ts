import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import PDFDocument from 'pdfkit';
import { decodeAnswers } from '../../services/paper-parts';
import {
  encodeAnswers,
  fitsMaxVersion,
  MAX_QR_VERSION,
  qrRectangles,
  qrSymbol,
  qrVersionOf,
} from '../../services/paper-qr';
import { pdfQrCodes, popplerSkipReason } from '../helpers/pdf';

const answers = {
  formId: 'ekonomiskt-bistand',
  formVersion: 1,
  values: {
    'om-dig': { firstName: 'Łukasz', lastName: 'Øvergård', personnummer: '198501011236' },
    kostnader: { costs: [{ type: 'hyra', amount: 785000, dueDate: '2026-12-31' }] },
  },
};

/** Long enough answers to need several codes. */
function longAnswers() {
  const message = Array.from({ length: 400 }, (_, index) => `rad ${index} ${index * 7919}`).join(
    '\n',
  );
  return { ...answers, values: { ...answers.values, meddelande: { message } } };
}

/** A page with the codes drawn as the paper application draws them, 150 pt wide each. */
function printCodes(codes: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  codes.forEach((code, index) => {
    const { size, rectangles } = qrRectangles(code);
    const unit = 150 / size;
    const left = 50 + (index % 3) * 170;
    const top = 50 + Math.floor(index / 3) * 170;
    for (const dark of rectangles) {
      doc.rect(left + dark.x * unit, top + dark.y * unit, dark.width * unit, dark.height * unit);
    }
    doc.fill('#000000');
  });
  doc.end();
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

describe('paper QR encoding', () => {
  it('prints the answers as a code that reads back from the printed page', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const codes = encodeAnswers(answers);
    assert.equal(codes.length, 1);
    assert.match(
      codes[0] ?? '',
      /^ETJ2;ekonomiskt-bistand;1;1\/1;[0-9a-f]{12};[0-9A-Z $%*+\-./:]+;$/,
    );
    assert.deepEqual(decodeAnswers(pdfQrCodes(await printCodes(codes))), answers);
  });

  it('splits long answers over several codes, all read back from the page in any order', async (t) => {
    const long = longAnswers();
    const codes = encodeAnswers(long);
    assert.ok(codes.length > 1);
    for (const [index, code] of codes.entries()) {
      assert.ok(code.startsWith(`ETJ2;ekonomiskt-bistand;1;${index + 1}/${codes.length};`));
      const version = qrVersionOf(code);
      assert.ok(version <= MAX_QR_VERSION, `part ${index + 1} is version ${version}`);
    }
    assert.deepEqual(decodeAnswers([...codes].reverse()), long);
    assert.throws(() => decodeAnswers(codes.slice(1)), /missingParts/);
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const read = pdfQrCodes(await printCodes(codes));
    assert.deepEqual([...read].sort(), [...codes].sort());
  });

  it('draws exactly the dark modules, in far fewer rectangles than modules, inside a quiet zone', () => {
    const code = encodeAnswers(longAnswers())[0] ?? '';
    const { modules } = qrSymbol(code);
    const { size, rectangles } = qrRectangles(code);
    assert.equal(size, modules.size + 8);
    const drawn = new Uint8Array(size * size);
    for (const { x, y, width, height } of rectangles) {
      for (let row = y; row < y + height; row++) {
        for (let column = x; column < x + width; column++) {
          assert.equal(drawn[row * size + column], 0, 'rectangles never overlap');
          drawn[row * size + column] = 1;
        }
      }
    }
    for (let row = 0; row < size; row++) {
      for (let column = 0; column < size; column++) {
        const inside = row >= 4 && row < size - 4 && column >= 4 && column < size - 4;
        const dark = inside ? modules.get(row - 4, column - 4) : 0;
        assert.equal(drawn[row * size + column], dark ? 1 : 0, `module ${row},${column}`);
      }
    }
    const darkModules = modules.data.reduce((sum, bit) => sum + bit, 0);
    assert.ok(rectangles.length * 2 < darkModules, `${rectangles.length} of ${darkModules}`);
  });

  it('knows without building a code whether a part fits version 15, exactly at the edge', () => {
    let fitted = 0;
    for (let length = 480; length <= 560; length++) {
      const code = `ETJ2;ekonomiskt-bistand;1;12/34;0123456789ab;${'7A:'.repeat(240).slice(0, length)};`;
      const built = qrSymbol(code).version <= MAX_QR_VERSION;
      assert.equal(fitsMaxVersion(code), built, `${length} characters`);
      if (built) fitted++;
    }
    assert.ok(fitted > 0 && fitted < 81, 'the edge lies in the range tried');
  });

  it('counts the smallest version that holds a part exactly as the QR library builds it', () => {
    for (let length = 1; length <= 560; length += 3) {
      const code = `ETJ2;ekonomiskt-bistand;1;1/2;0123456789ab;${'7A:'.repeat(190).slice(0, length)};`;
      assert.equal(qrVersionOf(code), qrSymbol(code).version, `${length} characters`);
    }
    assert.equal(
      qrVersionOf('a code of another layout'),
      qrSymbol('a code of another layout').version,
    );
  });

  it('refuses codes of another encoding', () => {
    assert.throws(() => decodeAnswers(['ETJ1;x;1;1/1;abc']), /noCodes/);
  });
});
