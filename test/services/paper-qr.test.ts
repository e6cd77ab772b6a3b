import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { decodeAnswers, encodeAnswers, qrPng } from '../../services/paper-qr';

const answers = {
  formId: 'ekonomiskt-bistand',
  formVersion: 1,
  values: {
    'om-dig': { firstName: 'Łukasz', lastName: 'Øvergård', personnummer: '198501011236' },
    kostnader: { costs: [{ type: 'hyra', amount: 785000, dueDate: '2026-12-31' }] },
  },
};

describe('paper QR encoding', () => {
  it('round-trips the answers through a real QR image', async () => {
    const codes = encodeAnswers(answers);
    assert.equal(codes.length, 1);
    assert.match(codes[0] ?? '', /^ETJ1;ekonomiskt-bistand;1;1\/1;/);
    const png = PNG.sync.read(await qrPng(codes[0] ?? ''));
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.deepEqual(decodeAnswers([read?.data ?? '']), answers);
  });

  it('splits long answers over several codes and reads them in any order', () => {
    const message = Array.from({ length: 400 }, (_, index) => `rad ${index} ${index * 7919}`).join(
      '\n',
    );
    const long = { ...answers, values: { ...answers.values, meddelande: { message } } };
    const codes = encodeAnswers(long);
    assert.ok(codes.length > 1);
    assert.deepEqual(decodeAnswers([...codes].reverse()), long);
    assert.throws(() => decodeAnswers(codes.slice(1)), /Parts missing/);
  });

  it('refuses codes of another encoding', () => {
    assert.throws(() => decodeAnswers(['ETJ9;x;1;1/1;abc']), /Not a paper application code/);
  });
});
