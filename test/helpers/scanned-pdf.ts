import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

/** A PDF with no page of its own yet, and its bytes once it is ended. */
function pageByPageDocument(options: PDFKit.PDFDocumentOptions = {}) {
  const document = new PDFDocument({ autoFirstPage: false, ...options });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
  });
  return { document, done };
}

/**
 * PDFs as an office scanner ("scan to e-mail/folder") makes them: each page one image drawn over
 * the whole page, sized by the scan's resolution. Made with pdfkit, which embeds a JPEG as it is
 * (DCTDecode, a scanner's grey and colour mode) and a PNG's compressed rows as they are (Flate).
 */
export async function scannerPdf(
  pages: readonly Buffer[],
  { dpi, ...options }: { dpi: number; userPassword?: string; ownerPassword?: string },
): Promise<Buffer> {
  const { document, done } = pageByPageDocument(options);
  for (const page of pages) {
    const { width, height } = await sharp(page).metadata();
    const size: [number, number] = [(width * 72) / dpi, (height * 72) / dpi];
    document.addPage({ size, margin: 0 });
    document.image(page, 0, 0, { width: size[0], height: size[1] });
  }
  document.end();
  return done;
}

/**
 * A PDF as a fax machine or fax server keeps a page: an image with more pixels across an inch
 * than down it (fax "normal" resolution is about 200 × 100 dpi), here `width` × `height` pixels of
 * grey, drawn over the whole of an A4 page. Only the page's drawing makes its pixels oblong.
 */
export async function faxPdf(
  pages: readonly Buffer[],
  { width, height }: { width: number; height: number },
): Promise<Buffer> {
  const { document, done } = pageByPageDocument();
  for (const page of pages) {
    const fax = await sharp(page)
      .resize({ width, height, fit: 'fill' })
      .toColourspace('b-w')
      .png()
      .toBuffer();
    document.addPage({ size: 'A4', margin: 0 });
    document.image(fax, 0, 0, { width: document.page.width, height: document.page.height });
  }
  document.end();
  return done;
}

/**
 * A PDF of black-and-white pages as most office scanners make it: each page one image of one
 * bit a pixel in CCITT group 4 (the fax code). libvips (sharp) writes G4 into a TIFF, one tile the
 * size of the page, so its bytes are one G4 stream; pdfkit, which has no CCITT images of its
 * own, takes it as a ready image object (an object with a width, a height and its `obj`).
 */
export async function ccittScannerPdf(
  pages: readonly Buffer[],
  dpi: number,
  { layered = false } = {},
): Promise<Buffer> {
  const { document, done } = pageByPageDocument();
  for (const [index, page] of pages.entries()) {
    const { width, height, data } = await group4(page);
    // Layered ("compact"): the black as a stencil mask painted in black (no colour space of its
    // own), over a coarse grey JPEG of the whole page.
    const obj = document.ref({
      Type: 'XObject',
      Subtype: 'Image',
      Width: width,
      Height: height,
      ...(layered ? { ImageMask: true } : { ColorSpace: 'DeviceGray', BitsPerComponent: 1 }),
      Filter: 'CCITTFaxDecode',
      DecodeParms: { K: -1, Columns: width, Rows: height },
    });
    obj.end(data);
    const size: [number, number] = [(width * 72) / dpi, (height * 72) / dpi];
    document.addPage({ size, margin: 0 });
    if (layered) {
      const background = await sharp(page)
        .resize({ width: Math.round(width / 4) })
        .toColourspace('b-w')
        .jpeg({ quality: 40 })
        .toBuffer();
      document.image(background, 0, 0, { width: size[0], height: size[1] });
      document.fillColor('black');
    }
    const image = { width, height, label: `G4I${index + 1}`, obj };
    document.image(image as unknown as Buffer, 0, 0, { width: size[0], height: size[1] });
  }
  document.end();
  return done;
}

/** A page in CCITT G4: its size (grown with white to whole 16-pixel tiles) and its code. */
async function group4(page: Buffer): Promise<{ width: number; height: number; data: Buffer }> {
  const meta = await sharp(page).metadata();
  const width = Math.ceil(meta.width / 16) * 16;
  const height = Math.ceil(meta.height / 16) * 16;
  const tiff = await sharp(page)
    .extend({ right: width - meta.width, bottom: height - meta.height, background: '#ffffff' })
    .threshold(160)
    .extractChannel(0)
    .toColourspace('b-w')
    // White as 0, which G4 codes as white runs: what a PDF's CCITT image means by default.
    .tiff({
      compression: 'ccittfax4',
      bitdepth: 1,
      miniswhite: true,
      tile: true,
      tileWidth: width,
      tileHeight: height,
    })
    .toBuffer();
  const little = tiff.readUInt16LE(0) === 0x4949;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const tags = new Map<number, { count: number; value: number }>();
  for (let entry = 0; entry < u16(ifd); entry++) {
    const at = ifd + 2 + entry * 12;
    const short = u16(at + 2) === 3 && u32(at + 4) === 1;
    tags.set(u16(at), { count: u32(at + 4), value: short ? u16(at + 8) : u32(at + 8) });
  }
  // TileOffsets and TileByteCounts: one tile, its value is the offset and the length itself.
  const offset = tags.get(324);
  const length = tags.get(325);
  if (!offset || !length || offset.count !== 1) throw new Error('Expected one G4 tile');
  return { width, height, data: tiff.subarray(offset.value, offset.value + length.value) };
}

/** A grey page as a scanner's grey mode keeps it: a JPEG of one channel. */
export function greyJpeg(page: Buffer): Promise<Buffer> {
  return sharp(page).toColourspace('b-w').jpeg({ quality: 75 }).toBuffer();
}

/**
 * A page in black and white, one bit a pixel, as a scanner's black-and-white mode keeps it (there
 * in CCITT G4, which pdfkit cannot write; here a PNG of bit depth 1, which it embeds as Flate).
 * sharp writes no grey PNG of one bit, so its rows are packed and written here.
 */
export async function blackAndWhitePng(page: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(page)
    .greyscale()
    .threshold(160)
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rowBytes = Math.ceil(info.width / 8);
  const rows = Buffer.alloc((rowBytes + 1) * info.height);
  for (let y = 0; y < info.height; y++) {
    // Each row: filter type 0, then the pixels, 1 for white.
    for (let x = 0; x < info.width; x++) {
      if ((data[y * info.width + x] ?? 0) >= 128) {
        const at = y * (rowBytes + 1) + 1 + (x >> 3);
        rows.writeUInt8(rows.readUInt8(at) | (0x80 >> (x & 7)), at);
      }
    }
  }
  return oneBitPng(info.width, info.height, rows);
}

/** A black page of one bit a pixel, any size, in a few kilobytes (to test the pixel caps). */
export function blackPng(width: number, height: number): Buffer {
  return oneBitPng(width, height, Buffer.alloc((Math.ceil(width / 8) + 1) * height));
}

/** A grey PNG of bit depth 1 from its rows (each a filter byte, then the packed pixels). */
function oneBitPng(width: number, height: number, rows: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  // Bit depth 1, colour type 0 (grey), compression, filter and interlace 0.
  header.set([1, 0, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Why the JPEG 2000 scan cannot be made here (no OpenJPEG encoder), or false when it can. */
export function jpeg2000SkipReason(): string | false {
  if (!spawnSync('opj_compress', ['-h'], { stdio: 'ignore' }).error) return false;
  const reason =
    'opj_compress not found: the JPEG 2000 scan test is skipped (apt-get install libopenjp2-tools)';
  if (process.env.CI === 'true') throw new Error(`${reason}, which CI does not allow.`);
  console.warn(`\n*** ${reason}. ***\n`);
  return reason;
}

/**
 * A PDF of grey pages in JPEG 2000 (JPXDecode), as some scanners keep colour and grey scans:
 * each page encoded lossily (about 1:20, like a scanner's "normal" quality) by opj_compress.
 */
export async function jpeg2000ScannerPdf(pages: readonly Buffer[], dpi: number): Promise<Buffer> {
  const folder = mkdtempSync(join(tmpdir(), 'jpx-'));
  try {
    const { document, done } = pageByPageDocument();
    for (const [index, page] of pages.entries()) {
      const source = join(folder, `page-${index}.pgm`);
      const target = join(folder, `page-${index}.jp2`);
      const { data, info } = await sharp(page)
        .greyscale()
        .extractChannel(0)
        .raw()
        .toBuffer({ resolveWithObject: true });
      writeFileSync(
        source,
        Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`), data]),
      );
      const encoded = spawnSync('opj_compress', ['-i', source, '-o', target, '-r', '20'], {
        encoding: 'utf8',
      });
      if (encoded.status !== 0) throw new Error(`opj_compress: ${encoded.stderr}`);
      // The colour space and depth come from the JPEG 2000 data itself.
      const obj = document.ref({
        Type: 'XObject',
        Subtype: 'Image',
        Width: info.width,
        Height: info.height,
        Filter: 'JPXDecode',
      });
      obj.end(readFileSync(target));
      const size: [number, number] = [(info.width * 72) / dpi, (info.height * 72) / dpi];
      document.addPage({ size, margin: 0 });
      const image = { width: info.width, height: info.height, label: `JPX${index + 1}`, obj };
      document.image(image as unknown as Buffer, 0, 0, { width: size[0], height: size[1] });
    }
    document.end();
    return await done;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
