import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { openImage, tileScale, WORK_PIXELS } from '../../services/qr-image-reader';

describe('the QR reader bounds its work', () => {
  it('SEC-26 a 59-megapixel picture in a small PNG is read at 16 megapixels', async () => {
    const side = 7700;
    const board = await sharp({
      create: { width: side, height: side, channels: 3, background: { r: 255, g: 255, b: 255 } },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const image = await openImage(board);
    assert.ok(image && image !== 'tooLarge');
    const { width, height } = await image.metadata();
    assert.ok(width * height <= WORK_PIXELS, `${width} × ${height}`);
    assert.equal(width, height, 'the proportions are kept');
  });

  it('SEC-26 a picture of more than 60 megapixels is refused by its header, never decoded', async () => {
    const board = await sharp({
      create: { width: 9000, height: 7000, channels: 3, background: { r: 255, g: 255, b: 255 } },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    assert.equal(await openImage(board), 'tooLarge');
    assert.equal(await openImage(Buffer.from('not a picture')), undefined);
  });

  it('enlarges a quarter of a small scan twice, of a large one less, never past the bound', () => {
    // 150 and 300 dpi A4: the quarters are enlarged twice, as the low-dpi codes need.
    assert.equal(tileScale(1240, 1754), 2);
    assert.equal(tileScale(2480, 3508), 2);
    // A picture at the bound: less.
    const atBound = tileScale(4000, 4000);
    assert.ok(atBound > 1.25 && atBound < 2, String(atBound));
    for (const [width, height] of [
      [1240, 1754],
      [2480, 3508],
      [4000, 4000],
    ] as const) {
      const scale = tileScale(width, height);
      const enlarged = Math.round(width * 0.6) * Math.round(height * 0.6) * scale * scale;
      assert.ok(enlarged <= WORK_PIXELS * 1.001, `${width} × ${height}`);
    }
  });
});
