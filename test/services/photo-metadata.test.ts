import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { withoutPhotoMetadata } from '../../services/photo-metadata';
import { samplePng } from '../helpers/sample-files';

/** A phone photo: 40 x 30 pixels stored sideways, with the phone's notes about it. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Telefon', Model: 'Billig 3', Artist: 'Storgatan 5 B' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('a photo without the metadata the phone wrote', () => {
  it('drops the Exif notes and stands the picture upright as the phone meant it', async () => {
    const photo = await phonePhoto();
    assert.ok(photo.includes('Storgatan 5 B'), 'the test photo carries the note');
    assert.equal((await sharp(photo).metadata()).orientation, 6);
    const kept = await withoutPhotoMetadata('image/jpeg', photo);
    assert.ok(!kept.includes('Storgatan 5 B'));
    assert.ok(!kept.includes('Exif'));
    const seen = await sharp(kept).metadata();
    assert.deepEqual(
      [seen.format, seen.width, seen.height, seen.orientation],
      ['jpeg', 30, 40, undefined],
    );
  });

  it('keeps as it came what has no such notes, is no JPEG, or cannot be read', async () => {
    const plain = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#808080' },
    })
      .jpeg()
      .toBuffer();
    assert.equal(await withoutPhotoMetadata('image/jpeg', plain), plain);
    const png = samplePng();
    assert.equal(await withoutPhotoMetadata('image/png', png), png);
    // An Exif segment and then nothing a decoder can read.
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x08]),
      Buffer.from('Exif\0\0', 'latin1'),
      Buffer.alloc(16, 0),
    ]);
    assert.equal(await withoutPhotoMetadata('image/jpeg', broken), broken);
  });
});
