import { deflateRawSync, inflateRawSync } from 'node:zlib';
import QRCode from 'qrcode';
import type { DraftValues } from '../forms/types';

/**
 * The answers of a paper application as QR codes, so a caseworker registers it without retyping:
 *   ETJ1;<form id>;<version>;<part>/<parts>;<base64url of deflated JSON, this part's slice>
 * Version 1 of this encoding; a reader refuses versions it does not know.
 */
const ENCODING = 'ETJ1';
/** Small enough that each code prints sharp at about 6 cm on an office printer. */
const CHARS_PER_CODE = 900;

export interface PaperAnswers {
  formId: string;
  formVersion: number;
  values: DraftValues;
}

export function encodeAnswers(answers: PaperAnswers): string[] {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(answers.values)), { level: 9 }).toString(
    'base64url',
  );
  const parts = Math.max(1, Math.ceil(packed.length / CHARS_PER_CODE));
  return Array.from({ length: parts }, (_, index) =>
    [
      ENCODING,
      answers.formId,
      answers.formVersion,
      `${index + 1}/${parts}`,
      packed.slice(index * CHARS_PER_CODE, (index + 1) * CHARS_PER_CODE),
    ].join(';'),
  );
}

/** Reads the codes back in any order; throws on a missing part or an unknown encoding. */
export function decodeAnswers(codes: string[]): PaperAnswers {
  const parsed = codes.map((code) => {
    const [encoding, formId, version, position, data] = code.split(';');
    const [part, parts] = (position ?? '').split('/').map(Number);
    if (encoding !== ENCODING || !formId || !data || !part || !parts) {
      throw new Error('Not a paper application code');
    }
    return { formId, formVersion: Number(version), part, parts, data };
  });
  const first = parsed[0];
  if (!first || parsed.length !== first.parts) throw new Error('Parts missing');
  const packed = parsed
    .sort((a, b) => a.part - b.part)
    .map((piece) => piece.data)
    .join('');
  const values = JSON.parse(
    inflateRawSync(Buffer.from(packed, 'base64url')).toString(),
  ) as DraftValues;
  return { formId: first.formId, formVersion: first.formVersion, values };
}

/** A rectangle of dark modules, in modules, the quiet zone included in its position. */
export interface QrRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The light border a reader needs around a code, in modules (the standard asks for four). */
const QUIET_ZONE = 4;

/**
 * A code as few rectangles as draw it: each row's runs of dark modules, and a run that repeats
 * in the next row grown downwards. Vector shapes print sharp at any size and cost no image.
 */
export function qrRectangles(code: string): { size: number; rectangles: QrRectangle[] } {
  // One byte segment, as the optimiser would choose for this text anyway, without its search.
  const { modules } = QRCode.create([{ data: Buffer.from(code), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const { size, data } = modules;
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
