import sharp from 'sharp';

const SOI = 0xd8;
const START_OF_SCAN = 0xda;
/** APP1: Exif (where a phone writes the GPS position) and XMP. */
const APP1 = 0xe1;

/** Whether a JPEG carries an APP1 segment before its image data. */
function hasApp1(bytes: Buffer): boolean {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) return false;
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    if (marker === START_OF_SCAN) return false;
    if (marker === APP1) return true;
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return false;
}

/**
 * A phone photo without what the phone wrote about it: where it was taken (a person with a
 * protected address may photograph a bill at home), when and with what. Drawn again upright
 * (the orientation was in the same metadata) at a quality no one reading the paper can tell
 * from the original. Anything else, or a photo the library cannot read, is kept as it came.
 */
export async function withoutPhotoMetadata(mediaType: string, bytes: Buffer): Promise<Buffer> {
  if (mediaType !== 'image/jpeg' || !hasApp1(bytes)) return bytes;
  try {
    return await sharp(bytes).rotate().jpeg({ quality: 90 }).toBuffer();
  } catch {
    return bytes;
  }
}
