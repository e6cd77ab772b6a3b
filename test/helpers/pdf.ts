import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** poppler-utils (pdftotext, pdfimages) reads our PDFs back as a person's PDF reader would. */
export function popplerSkipReason(): string | false {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return false;
  } catch {
    const reason =
      'pdftotext not found: the PDF content tests are skipped (apt-get install poppler-utils)';
    if (process.env.CI === 'true') throw new Error(`${reason}, which CI does not allow.`);
    console.warn(`\n*** ${reason}. ***\n`);
    return reason;
  }
}

function withPdfFile<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'portal-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text in reading order, white space folded. */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    ),
  );
}

export function pdfPageCount(pdf: Buffer): number {
  return withPdfFile(pdf, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  });
}

/** Every QR code embedded as an image in the PDF, decoded from its pixels. */
export function pdfQrCodes(pdf: Buffer): string[] {
  return withPdfFile(pdf, (file, dir) => {
    // Transparent PNGs come out as an image plus its soft mask; only the images hold codes.
    const listing = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    const images = new Set(
      listing
        .split('\n')
        .map((line) => line.trim().split(/\s+/))
        .filter((columns) => columns[2] === 'image')
        .map((columns) => `image-${(columns[1] ?? '').padStart(3, '0')}.png`),
    );
    execFileSync('pdfimages', ['-png', file, join(dir, 'image')]);
    return readdirSync(dir)
      .filter((name) => images.has(name))
      .sort()
      .map((name) => {
        const png = PNG.sync.read(readFileSync(join(dir, name)));
        const rgba = toRgba(png);
        const code = jsQR(rgba, png.width, png.height);
        if (!code) throw new Error(`No QR code in ${name}`);
        return code.data;
      });
  });
}

/** pdfimages writes grey or RGB PNGs; jsQR wants RGBA. pngjs already expands to RGBA. */
function toRgba(png: PNG): Uint8ClampedArray {
  return new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
}
