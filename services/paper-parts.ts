import { inflateRawSync } from 'node:zlib';
import type { DraftValues } from '../forms/types';
import { fromBase45 } from './base45';
import { checksumOf, ENCODING, type PaperAnswers } from './paper-qr';

/** More than any paper application prints (a full draft is about 30 codes). */
const MAX_PARTS = 200;
/**
 * The most the answers may unpack to: well above a draft's own limit (DRAFT_MAX_KB, 100 kB by
 * default), far below what a crafted code could make deflate produce.
 */
export const MAX_INFLATED_BYTES = 512 * 1024;

export type PartsProblem =
  | { problem: 'noCodes' }
  | { problem: 'missingParts'; missing: number[]; parts: number }
  | { problem: 'damaged' }
  | { problem: 'severalApplications' };

export type AssembledParts = ({ ok: true } & PaperAnswers) | ({ ok: false } & PartsProblem);

interface Part {
  formId: string;
  formVersion: number;
  part: number;
  parts: number;
  checksum: string;
  data: string;
}

const PART = /^ETJ2;([a-z0-9-]{1,60});(\d{1,4});(\d{1,3})\/(\d{1,3});([0-9a-f]{12});([^;]*);$/;

/** One code's text as a part, or undefined when it is not one of ours (another QR code). */
export function parsePart(text: string): Part | undefined {
  const match = PART.exec(text);
  if (!match || !text.startsWith(`${ENCODING};`)) return undefined;
  const [, formId = '', version = '', part = '', parts = '', checksum = '', data = ''] = match;
  return {
    formId,
    formVersion: Number(version),
    part: Number(part),
    parts: Number(parts),
    checksum,
    data,
  };
}

/**
 * Puts the parts back together, in any order, read once or many times. Codes that are not ours
 * are ignored; parts of two applications, a missing part, a checksum that does not match or
 * data that does not unpack (within MAX_INFLATED_BYTES) to answers are each a problem.
 */
export function assembleParts(texts: readonly string[]): AssembledParts {
  const parts = [...new Set(texts)].map(parsePart).filter((part) => part !== undefined);
  if (parts.length === 0) return { ok: false, problem: 'noCodes' };
  const checksums = new Set(parts.map((part) => part.checksum));
  if (checksums.size > 1) return { ok: false, problem: 'severalApplications' };
  const [first] = parts as [Part, ...Part[]];
  const consistent = parts.every(
    (part) =>
      part.formId === first.formId &&
      part.formVersion === first.formVersion &&
      part.parts === first.parts &&
      part.part >= 1 &&
      part.part <= part.parts,
  );
  if (!consistent || first.parts > MAX_PARTS) return { ok: false, problem: 'damaged' };
  const byNumber = new Map<number, string>();
  for (const part of parts) {
    // The same part read twice as different texts: one of them is wrong.
    if (byNumber.has(part.part)) return { ok: false, problem: 'damaged' };
    byNumber.set(part.part, part.data);
  }
  const numbers = Array.from({ length: first.parts }, (_, index) => index + 1);
  const missing = numbers.filter((number) => !byNumber.has(number));
  if (missing.length > 0) {
    return { ok: false, problem: 'missingParts', missing, parts: first.parts };
  }
  const data = numbers.map((number) => byNumber.get(number)).join('');
  if (checksumOf(first.formId, first.formVersion, data) !== first.checksum) {
    return { ok: false, problem: 'damaged' };
  }
  const values = unpack(data);
  if (!values) return { ok: false, problem: 'damaged' };
  return { ok: true, formId: first.formId, formVersion: first.formVersion, values };
}

/** The answers from base45 deflated JSON; undefined when it is anything else or too large. */
export function unpack(data: string): DraftValues | undefined {
  const packed = fromBase45(data);
  if (!packed) return undefined;
  try {
    const json = inflateRawSync(packed, { maxOutputLength: MAX_INFLATED_BYTES }).toString();
    const values: unknown = JSON.parse(json);
    return isDraftValues(values) ? values : undefined;
  } catch {
    // A RangeError past the size cap, a zlib error for bad data, a SyntaxError for bad JSON.
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Steps of answers, each a record: the values within are checked by the form engine afterwards,
 * exactly as typed answers are (forms/paper-input.ts).
 */
function isDraftValues(value: unknown): value is DraftValues {
  return isRecord(value) && Object.values(value).every(isRecord);
}

/** The answers from the codes' texts in any order; throws with the problem otherwise. */
export function decodeAnswers(texts: readonly string[]): PaperAnswers {
  const result = assembleParts(texts);
  if (!result.ok) throw new Error(`Paper codes: ${result.problem}`);
  return { formId: result.formId, formVersion: result.formVersion, values: result.values };
}
