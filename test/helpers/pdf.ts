import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { blocksOf, cropped } from './page-regions';

/** poppler-utils (pdftotext, pdftoppm) reads our PDFs back as a person's PDF reader would. */
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

/** Every QR code printed in the PDF, read from its pages as a phone camera reads paper. */
export function pdfQrCodes(pdf: Buffer): string[] {
  return withPdfFile(pdf, (file, dir) => {
    // 200 dpi: a module of the codes is about 3 pixels, like a decent scan.
    execFileSync('pdftoppm', ['-r', '200', '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.startsWith('page'))
      .sort()
      .flatMap((name) => codesOnPage(PNG.sync.read(readFileSync(join(dir, name)))));
  });
}

/** jsQR looks for one code per image: each block of the page that may be a code is read alone. */
function codesOnPage(png: PNG): string[] {
  // pngjs always reads into RGBA, which is what jsQR wants.
  const page = {
    width: png.width,
    height: png.height,
    data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
  };
  return blocksOf(page)
    .filter((block) => {
      const width = block.right - block.left;
      const height = block.bottom - block.top;
      // A code is square; below it may stand its caption ("Del 1 av 2").
      return width > 60 && height > 60 && height / width > 0.8 && height / width < 1.4;
    })
    .flatMap((block) => {
      const picture = cropped(page, block);
      const code = jsQR(picture.data, picture.width, picture.height, {
        inversionAttempts: 'dontInvert',
      });
      return code ? [code.data] : [];
    });
}
