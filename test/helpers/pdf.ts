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

/** The text of each page, in reading order, white space folded. */
export function pdfPageTexts(pdf: Buffer): string[] {
  return withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .split('\f')
      .slice(0, -1)
      .map((page) => page.replace(/\s+/g, ' ').trim()),
  );
}

export function pdfPageCount(pdf: Buffer): number {
  return withPdfFile(pdf, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  });
}

/** Each page as a PNG image, as a scanner at `dpi` makes it (pdftoppm), in colour or grey. */
export function pdfPageImages(pdf: Buffer, dpi = 150, { grey = false } = {}): Buffer[] {
  return withPdfFile(pdf, (file, dir) => {
    const colour = grey ? ['-gray'] : [];
    execFileSync('pdftoppm', ['-r', String(dpi), ...colour, '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((name) => name.startsWith('page'))
      .sort()
      .map((name) => readFileSync(join(dir, name)));
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

/** One answer on paper: the heading above it, the question on its left, the answer on its right. */
export interface PdfAnswer {
  section: string;
  question: string;
  answer: string;
}

/** A paragraph as poppler finds it: where it starts on its page, and its lines. */
interface TextBlock {
  page: number;
  left: number;
  top: number;
  lines: string[];
}

/** Every page ends with the same footer; it is nobody's answer. */
const FOOTER = /^Inte underskriven – skriv under/;

/** The PDF's paragraphs with their positions (pdftotext -tsv: blocks, lines, words). */
function pdfTextBlocks(pdf: Buffer): TextBlock[] {
  const tsv = withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-tsv', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
  const blocks: TextBlock[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    const [level, page, , , , , left, top, , , , text = ''] = line.split('\t');
    // Level 3 starts a block (a paragraph), 4 a line in it, 5 is a word on that line.
    if (level === '3') {
      blocks.push({ page: Number(page), left: Number(left), top: Number(top), lines: [] });
    } else if (level === '4') {
      blocks.at(-1)?.lines.push('');
    } else if (level === '5') {
      const lines = blocks.at(-1)?.lines;
      if (lines) lines[lines.length - 1] = `${lines.at(-1) ?? ''} ${text}`.trimStart();
    }
  }
  return blocks;
}

/** Lines of one paragraph as one text: a line broken after "-" or "/" goes on without a space. */
function joinLines(lines: string[]): string {
  return lines.reduce((text, line) =>
    /(\p{L}-|\/)$/u.test(text) ? `${text}${line}` : `${text} ${line}`,
  );
}

/**
 * Reads the PDF's question -> answer rows back as a caseworker reads the paper: a paragraph at
 * the left margin with another paragraph beside it (same top, further right) is a question and its
 * answer, however many lines each wraps to; a one-line paragraph at the left margin with nothing
 * beside it is a heading, and the rows below it (on later pages too) belong to it. Prose, QR
 * labels and the page footer are no answers.
 */
export function pdfAnswers(pdf: Buffer): PdfAnswer[] {
  const blocks = pdfTextBlocks(pdf).filter((block) => block.lines.length > 0);
  const answers: PdfAnswer[] = [];
  let section = '';
  for (const page of new Set(blocks.map((block) => block.page))) {
    const onPage = blocks.filter((block) => block.page === page);
    const margin = Math.min(...onPage.map((block) => block.left));
    for (const block of onPage) {
      const text = joinLines(block.lines);
      if (Math.abs(block.left - margin) > 1 || FOOTER.test(text)) continue;
      const beside = onPage.find(
        (other) =>
          other !== block && Math.abs(other.top - block.top) < 1 && other.left > block.left,
      );
      if (beside) {
        answers.push({ section, question: text, answer: joinLines(beside.lines) });
      } else if (block.lines.length === 1) {
        section = text;
      }
    }
  }
  return answers;
}

/** A word on a page and its box in points from the top left (pdftotext -tsv). */
export interface PdfWord {
  page: number;
  left: number;
  top: number;
  width: number;
  height: number;
  text: string;
}

export function pdfWords(pdf: Buffer): PdfWord[] {
  const tsv = withPdfFile(pdf, (file) =>
    execFileSync('pdftotext', ['-tsv', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
  );
  return tsv
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter((cells) => cells[0] === '5')
    .map(([, page, , , , , left, top, width, height, , text = '']) => ({
      page: Number(page),
      left: Number(left),
      top: Number(top),
      width: Number(width),
      height: Number(height),
      text,
    }));
}

/** Each page's size in points, e.g. [595.28, 841.89] for A4. */
export function pdfPageSize(pdf: Buffer): [number, number] {
  return withPdfFile(pdf, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const match = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
  });
}
