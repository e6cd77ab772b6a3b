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

export function qrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { errorCorrectionLevel: 'M', margin: 2, scale: 4 });
}
