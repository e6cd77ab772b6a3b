import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';

/**
 * A real one-page PDF, as a scanner or "save as PDF" would make (about a kilobyte); with
 * `userPassword`, locked as a bank's statement sometimes is (it opens only with the password).
 */
export async function samplePdf(
  text = 'Kontoutdrag',
  options: { userPassword?: string } = {},
): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    compress: false,
    ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.4' } : {}),
  });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
  });
  document.text(text);
  document.end();
  return done;
}

/** A real PNG photo of 4 x 4 grey pixels. */
export function samplePng(): Buffer {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(128);
  return PNG.sync.write(png);
}

/** The first bytes of a JPEG (JFIF) photo: enough for a magic-byte check. */
export function sampleJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.alloc(64, 0),
  ]);
}

/** The first bytes of an iPhone HEIC photo (an ISO media file of brand `heic`). */
export function sampleHeic(): Buffer {
  return Buffer.concat([
    Buffer.from([0x00, 0x00, 0x00, 0x18]),
    Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
    Buffer.alloc(64, 0),
  ]);
}

/** A Windows program: starts with the `MZ` header whatever it is named. */
export function sampleExe(): Buffer {
  const bytes = Buffer.alloc(512, 0);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

export const sampleHtml = (): Buffer =>
  Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

export const sampleSvg = (): Buffer =>
  Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  );

export const sampleText = (): Buffer => Buffer.from('Hej! Det här är bara text.\n');

/** The smallest PDF that opens: one empty page (pdf.js finds the objects without a table). */
const TINY_PDF = Buffer.from(
  [
    '%PDF-1.7',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

/** A PDF that opens, of exactly `size` bytes (at least about 200): padded after its end. */
export function pdfOfSize(size: number): Buffer {
  return Buffer.concat([TINY_PDF, Buffer.alloc(Math.max(0, size - TINY_PDF.length), 0x20)]);
}

/** A PDF that opens, of `megabytes` MB. */
export function largePdf(megabytes: number): Buffer {
  return pdfOfSize(Math.round(megabytes * 1024 * 1024));
}
