import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';

/** A real one-page PDF, as a scanner or "save as PDF" would make (about a kilobyte). */
export async function samplePdf(text = 'Kontoutdrag'): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', compress: false });
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

/** A file of `megabytes` MB that is a PDF by its first bytes. */
export function largePdf(megabytes: number): Buffer {
  const bytes = Buffer.alloc(Math.round(megabytes * 1024 * 1024), 0x20);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  return bytes;
}
