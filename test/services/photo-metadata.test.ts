import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { withoutPhotoMetadata } from '../../services/photo-metadata';
import { samplePng } from '../helpers/sample-files';

/** A phone photo: 40 x 30 pixels to be shown turned (orientation 6), with the phone's notes. */
async function phonePhoto(orientation: number): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Telefon', Model: 'Billig 3', Artist: 'Storgatan 5 B' } })
    .withMetadata({ orientation })
    .toBuffer();
}

describe('a photo without the metadata the phone wrote', () => {
  it('cuts out the Exif notes and keeps the picture as it was, turned as the phone meant', async () => {
    const photo = await phonePhoto(6);
    assert.ok(photo.includes('Storgatan 5 B'), 'the test photo carries the note');
    const kept = withoutPhotoMetadata('image/jpeg', photo);
    for (const note of ['Storgatan 5 B', 'Telefon', 'Billig 3']) assert.ok(!kept.includes(note));
    const seen = await sharp(kept).metadata();
    assert.deepEqual([seen.format, seen.width, seen.height, seen.orientation], ['jpeg', 40, 30, 6]);
    // The picture itself is untouched: the same pixels.
    const pixels = (image: Buffer) => sharp(image).raw().toBuffer();
    assert.ok((await pixels(kept)).equals(await pixels(photo)));
    // Upright already: nothing of the Exif is left.
    const upright = withoutPhotoMetadata('image/jpeg', await phonePhoto(1));
    assert.ok(!upright.includes('Exif'));
    assert.equal((await sharp(upright).metadata()).orientation, undefined);
  });

  it('decodes nothing: a picture it could not read loses its notes all the same', () => {
    const broken = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x11]),
      Buffer.from('Exif\0\0Storgatan', 'latin1'),
      Buffer.from([0xff, 0xda]),
      Buffer.alloc(64, 0x55),
    ]);
    const kept = withoutPhotoMetadata('image/jpeg', broken);
    assert.ok(!kept.includes('Storgatan'));
    assert.ok(kept.subarray(-66).equals(broken.subarray(-66)), 'the image data as it came');
  });

  it('keeps as it came what has no such notes, or is no JPEG', async () => {
    const plain = await sharp({
      create: { width: 4, height: 4, channels: 3, background: '#808080' },
    })
      .jpeg()
      .toBuffer();
    assert.equal(withoutPhotoMetadata('image/jpeg', plain), plain);
    const png = samplePng();
    assert.equal(withoutPhotoMetadata('image/png', png), png);
  });
});
