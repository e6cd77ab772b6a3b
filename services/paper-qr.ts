import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import QRCode, { type QRCodeSegment } from 'qrcode';
import type { DraftValues } from '../forms/types';
import { toBase45 } from './base45';

/**
 * The answers of a paper application as QR codes, so a caseworker registers it without retyping.
 * Each code is one part:
 *   ETJ2;<form id>;<form version>;<part>/<parts>;<checksum>;<this part's slice of the data>;
 * The data is the answers as deflated JSON in base45 (printed in the codes' compact alphanumeric
 * mode); the checksum (services/paper-parts.ts) covers the form and the whole data, so parts of
 * two applications never mix and a misread part is noticed. The closing ";" shows that a typed
 * line is whole (base45 may end in a space). A reader refuses encodings it does not know.
 */
export const ENCODING = 'ETJ2';

/**
 * Small codes read where one large one does not: at most version 15 (77 modules wide) with
 * error correction M, so a 150 dpi scan or a phone photo still has about 3.5 pixels a module.
 */
export const MAX_QR_VERSION = 15;
export const ERROR_CORRECTION = 'M';
/** Printed size of one module (the PDF draws every code at this size). */
export const MODULE_MM = 0.6;

export interface PaperAnswers {
  formId: string;
  formVersion: number;
  values: DraftValues;
}

/** The first 48 bits of SHA-256 over the form and the whole data, in hex. */
export function checksumOf(formId: string, formVersion: number, data: string): string {
  return createHash('sha256').update(`${formId};${formVersion};${data}`).digest('hex').slice(0, 12);
}

export function encodeAnswers(answers: PaperAnswers): string[] {
  const data = toBase45(deflateRawSync(Buffer.from(JSON.stringify(answers.values)), { level: 9 }));
  const checksum = checksumOf(answers.formId, answers.formVersion, data);
  const partsOf = (parts: number) => {
    const length = Math.ceil(data.length / parts);
    return Array.from({ length: parts }, (_, index) =>
      [
        ENCODING,
        answers.formId,
        answers.formVersion,
        `${index + 1}/${parts}`,
        checksum,
        `${data.slice(index * length, (index + 1) * length)};`,
      ].join(';'),
    );
  };
  // As few parts as fit; equal slices, so every part needs about the same version. A part
  // holds some 700 characters of data, so the search starts just below what the data needs.
  for (let parts = Math.max(1, Math.floor(data.length / 800)); ; parts++) {
    const codes = partsOf(parts);
    if (codes.every(fitsMaxVersion)) return codes;
  }
}

/** The segments of a code: the header in byte mode, base45 data in alphanumeric mode. */
const PART_LAYOUT = /^([^;]*(?:;[^;]*){4};)([0-9A-Z $%*+\-./:]+)(;)$/;

function segmentsOf(code: string): QRCodeSegment[] {
  const match = PART_LAYOUT.exec(code);
  if (!match?.[1] || !match[2]) return [{ data: Buffer.from(code), mode: 'byte' }];
  return [
    { data: Buffer.from(match[1]), mode: 'byte' },
    { data: match[2], mode: 'alphanumeric' },
    { data: Buffer.from(';'), mode: 'byte' },
  ];
}

/**
 * Data codewords of QR versions 1-15 at error correction M (ISO/IEC 18004 table 7): what a
 * code holds, counted without building it, so that splitting costs the page thread nothing.
 */
const DATA_CODEWORDS_M = [16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415];

/**
 * Bits of the code's segments at a version up to 26: a mode indicator and a character count
 * each (the counts are shorter below version 10), then the data: header bytes, base45
 * characters two to 11 bits, the closing byte.
 */
function bitsOf(code: string, version: number): number {
  const byteSegment = (bytes: number) => 4 + (version < 10 ? 8 : 16) + 8 * bytes;
  const match = PART_LAYOUT.exec(code);
  if (!match?.[1] || !match[2]) return byteSegment(Buffer.byteLength(code));
  const data = match[2].length;
  const alphanumeric = 4 + (version < 10 ? 9 : 11) + 11 * Math.floor(data / 2) + 6 * (data % 2);
  return byteSegment(Buffer.byteLength(match[1])) + alphanumeric + byteSegment(1);
}

const fitsVersion = (code: string, version: number) =>
  bitsOf(code, version) <= 8 * (DATA_CODEWORDS_M[version - 1] ?? 0);

export function fitsMaxVersion(code: string): boolean {
  return fitsVersion(code, MAX_QR_VERSION);
}

/**
 * One mask for every code, rather than the best of eight by the standard's penalty score: the
 * data is deflated, so it looks random under any mask, and choosing was a quarter of a printed
 * application's drawing time. Over a hundred codes of random data, mask 2 scored on average 3 %
 * (at worst 16 %) above the best one. Phone photos of 150 dpi pages, ever more blurred, stopped
 * reading at the same blur with this mask as with the best one (11 of 20 read at 1.8-1.9 px).
 */
const MASK_PATTERN = 2;

/** The code's QR symbol: the smallest version that holds it, or the version given. */
export function qrSymbol(code: string, version?: number) {
  return QRCode.create(segmentsOf(code), {
    errorCorrectionLevel: ERROR_CORRECTION,
    maskPattern: MASK_PATTERN,
    ...(version ? { version } : {}),
  });
}

/**
 * The smallest version that holds the code, counted as the QR library counts (building a
 * symbol would then be done twice).
 */
export function qrVersionOf(code: string): number {
  for (let version = 1; version <= MAX_QR_VERSION; version++) {
    if (fitsVersion(code, version)) return version;
  }
  return qrSymbol(code).version;
}

/** A rectangle of dark modules, in modules, the quiet zone included in its position. */
export interface QrRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The light border a reader needs around a code, in modules (the standard asks for four). */
export const QUIET_ZONE = 4;

/**
 * A code as few rectangles as draw it: each row's runs of dark modules, and a run that repeats
 * in the next row grown downwards. Vector shapes print sharp at any size and cost no image.
 * `version` makes every part of one application the same size on paper.
 */
export function qrRectangles(
  code: string,
  version?: number,
): { size: number; rectangles: QrRectangle[] } {
  const { size, data } = qrSymbol(code, version).modules;
  const rectangles: QrRectangle[] = [];
  // The rectangle of the run in the row above that starts at each column, if any.
  let above: (QrRectangle | undefined)[] = [];
  for (let row = 0; row < size; row++) {
    const current: (QrRectangle | undefined)[] = [];
    let column = 0;
    while (column < size) {
      if (!data[row * size + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && data[row * size + column]) column++;
      const width = column - start;
      // The same run (same start, same end) in the row above grows down instead.
      let rectangle = above[start];
      if (rectangle?.width === width) rectangle.height++;
      else {
        rectangle = { x: start + QUIET_ZONE, y: row + QUIET_ZONE, width, height: 1 };
        rectangles.push(rectangle);
      }
      current[start] = rectangle;
    }
    above = current;
  }
  return { size: size + 2 * QUIET_ZONE, rectangles };
}
