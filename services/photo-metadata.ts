const MARKER = 0xff;
const SOI = 0xd8;
const START_OF_SCAN = 0xda;
const APP0 = 0xe0;
/** Exif (where a phone writes the GPS position, the time and the device) and XMP. */
const APP1 = 0xe1;
/** Photoshop's IPTC block, which may hold a place name. */
const APP13 = 0xed;
const ORIENTATION_TAG = 0x0112;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

interface Segment {
  marker: number;
  bytes: Buffer;
}

/** The segments before the image data, and where the image data starts; undefined if no JPEG. */
function segmentsOf(bytes: Buffer): { segments: Segment[]; scanAt: number } | undefined {
  if (bytes[0] !== MARKER || bytes[1] !== SOI) return undefined;
  const segments: Segment[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== MARKER) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    // Fill bytes before a marker.
    if (marker === MARKER) {
      offset += 1;
      continue;
    }
    if (marker === START_OF_SCAN) return { segments, scanAt: offset };
    const end = offset + 2 + bytes.readUInt16BE(offset + 2);
    if (end > bytes.length) return undefined;
    segments.push({ marker, bytes: bytes.subarray(offset, end) });
    offset = end;
  }
  return undefined;
}

/** The Exif orientation (1–8) an APP1 segment gives, if any. */
function orientationOf(segment: Segment): number | undefined {
  const payload = segment.bytes.subarray(4);
  if (!payload.subarray(0, 6).equals(EXIF_HEADER)) return undefined;
  const tiff = payload.subarray(6);
  if (tiff.length < 8) return undefined;
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let index = 0; index < count; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** An Exif segment that says only how to turn the picture (so it is not shown sideways). */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(ORIENTATION_TAG, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  // Bytes 20–25: the rest of the value, and no next IFD.
  const payload = Buffer.concat([EXIF_HEADER, tiff]);
  const header = Buffer.from([MARKER, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/**
 * A phone photo without what the phone wrote about it: where it was taken (a person with a
 * protected address may photograph a bill at home), when and with what. The Exif, XMP and IPTC
 * segments are cut out of the file, the picture itself is not touched (nothing is decoded, so a
 * huge picture costs nothing), and only the orientation is written back. Anything that is no
 * JPEG, or has none of these segments, is kept as it came.
 */
export function withoutPhotoMetadata(mediaType: string, bytes: Buffer): Buffer {
  if (mediaType !== 'image/jpeg') return bytes;
  const read = segmentsOf(bytes);
  if (!read) return bytes;
  const dropped = read.segments.filter(
    (segment) => segment.marker === APP1 || segment.marker === APP13,
  );
  if (dropped.length === 0) return bytes;
  const orientation = dropped.map(orientationOf).find((value) => value !== undefined);
  const kept = read.segments.filter((segment) => !dropped.includes(segment));
  // After JFIF's APP0 where there is one (it must come first), else right after the start.
  const leading = kept[0]?.marker === APP0 ? 1 : 0;
  const turn = orientation && orientation > 1 ? [orientationSegment(orientation)] : [];
  return Buffer.concat([
    bytes.subarray(0, 2),
    ...kept.slice(0, leading).map((segment) => segment.bytes),
    ...turn,
    ...kept.slice(leading).map((segment) => segment.bytes),
    bytes.subarray(read.scanAt),
  ]);
}
