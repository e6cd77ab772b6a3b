import type { FormRegistry } from '../forms';
import { swedishDay } from '../forms/dates';
import { readPaperAnswers } from '../forms/paper-input';
import type { Draft, FormDefinition } from '../forms/types';
import { translator } from '../locales';
import { detectAllowedType, type AllowedType } from './attachment-types';
import type { AttachmentLimits, UploadedFile } from './attachments';
import type { Clock } from './clock';
import type { ReadingNote, ScanRefusal } from './paper-registration';
import type { PaperReading } from './paper-scan';
import { PaperScannerBusyError, PaperScannerFailedError, type PaperScanner } from './paper-scanner';

/** Photos and scans as images, and a scanner's PDF: what the QR reader opens. */
const SCAN_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'application/pdf']);

/** An uploaded page whose type and size were checked: what is kept with the application. */
export interface CheckedScan {
  name: string;
  type: AllowedType;
  bytes: Buffer;
}

/** Why reading pictures refused them as a whole (nothing of them is kept), or the scanner was busy. */
export type UnreadScans =
  { outcome: 'refused'; refusal: ScanRefusal; cause?: unknown } | { outcome: 'busy' };

/** Photos and scans as JPEG, PNG or PDF within the limits; anything else refuses the upload. */
export async function checkScans(
  files: readonly UploadedFile[],
  limits: AttachmentLimits,
): Promise<CheckedScan[] | ScanRefusal> {
  const { maxFiles, maxFileBytes, maxTotalBytes } = limits;
  if (files.length === 0) return { problem: 'noFile' };
  if (files.length > maxFiles) return { problem: 'tooMany' };
  let total = 0;
  const scans = [];
  for (const file of files) {
    const name = file.originalName;
    if (file.bytes.length === 0) return { problem: 'empty', name };
    if (file.bytes.length > maxFileBytes) return { problem: 'tooLarge', name };
    total += file.bytes.length;
    if (total > maxTotalBytes) return { problem: 'overQuota' };
    const type = await detectAllowedType(file.bytes);
    if (!type || !SCAN_TYPES.has(type.mediaType)) return { problem: 'notAllowedType', name };
    scans.push({ name, type, bytes: file.bytes });
  }
  return scans;
}

/**
 * What the codes on the pictures gave, read together (any order, parts on any of them), or why
 * the pictures are refused as a whole: one that is no picture, too large, a PDF whose pages
 * cannot be taken out (or with active content), codes of two applications, a reading that failed.
 * No codes, some parts missing or damaged is a reading: the pictures are kept.
 */
export async function readScans(
  scanner: Pick<PaperScanner, 'read'>,
  scans: readonly { name: string; bytes: Buffer }[],
): Promise<{ reading: PaperReading } | UnreadScans> {
  let reading: PaperReading;
  try {
    reading = await scanner.read(scans.map((scan) => scan.bytes));
  } catch (error) {
    if (error instanceof PaperScannerBusyError) return { outcome: 'busy' };
    if (error instanceof PaperScannerFailedError) {
      const refusal = { problem: 'readFailed' as const, reason: error.reason };
      return { outcome: 'refused', refusal, cause: error.cause };
    }
    throw error;
  }
  if (reading.ok) return { reading };
  const name = 'image' in reading ? (scans[reading.image - 1]?.name ?? '') : '';
  switch (reading.problem) {
    case 'notAnImage':
    case 'imageTooLarge':
      return { outcome: 'refused', refusal: { problem: reading.problem, name } };
    case 'pdf':
      return { outcome: 'refused', refusal: { problem: 'pdf', issue: reading.issue, name } };
    case 'severalApplications':
      return { outcome: 'refused', refusal: { problem: 'severalApplications' } };
    case 'tooManyImages':
      return { outcome: 'refused', refusal: { problem: 'tooManyPictures', most: reading.most } };
    case 'outOfTime':
      // No code found before the time was up: as a reading stopped from outside, though the
      // thread lives on (the parts found by then, when there were some, are missingParts).
      return { outcome: 'refused', refusal: { problem: 'readFailed', reason: 'timeout' } };
    default:
      // No codes, some missing or damaged: the pages are kept, to fill in by hand.
      return { reading };
  }
}

/**
 * The draft a reading gives: what the codes gave, read and validated as typed answers are (with
 * the note of how many steps need correcting), or an empty form of the latest version and the
 * note of what went wrong; with no reading, the empty form and no note.
 */
export function draftFromReading(
  reading: PaperReading | undefined,
  forms: FormRegistry,
  clock: Clock,
): { form: FormDefinition; draft: Draft; note: ReadingNote | undefined } {
  const latest = forms.defaultForm;
  const empty = (form: FormDefinition): Draft => ({
    formId: form.id,
    formVersion: form.version,
    input: {},
    values: {},
  });
  if (!reading) return { form: latest, draft: empty(latest), note: undefined };
  if (!reading.ok) return { form: latest, draft: empty(latest), note: noteOf(reading) };
  const form = forms.find(reading.formId, reading.formVersion);
  // Read in a worker against the published forms: this installation must know it too.
  if (!form) return { form: latest, draft: empty(latest), note: { kind: 'unknownForm' } };
  const today = swedishDay(clock.now());
  const read = readPaperAnswers(form, reading.values, today, translator('sv'));
  const stepsWithErrors = new Set([...Object.keys(read.errors), ...Object.keys(read.problems)])
    .size;
  return { form, draft: read.draft, note: { kind: 'read', stepsWithErrors } };
}

export function noteOf(
  reading: Extract<PaperReading, { ok: false }>,
): Exclude<ReadingNote, { kind: 'read' | 'attached' }> {
  switch (reading.problem) {
    case 'missingParts':
      return { kind: 'missingParts', missing: reading.missing, parts: reading.parts };
    case 'noCodes':
    case 'damaged':
    case 'severalApplications':
    case 'unknownForm':
      return { kind: reading.problem };
    default:
      // Not an image, a PDF without pages or too many: refused before reading (start), never a note.
      return { kind: 'noCodes' };
  }
}
