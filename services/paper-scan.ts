import { FormRegistry } from '../forms';
import type { DraftValues } from '../forms/types';
import type { Sharp } from 'sharp';
import { assembleParts, parsePart, type PartsProblem } from './paper-parts';
import {
  isPdf,
  MAX_PDF_TOTAL_PIXELS,
  PDF_DEADLINE_MS,
  pdfPageImages,
  type PdfIssue,
} from './paper-scan-pdf';
import { codesInView, openImage, VIEW_COUNT } from './qr-image-reader';

/**
 * A mailed paper application read back from its QR codes: photos or scans of its pages (PNG or
 * JPEG, any order, one page or several in each; or a scanner's PDF, one image a page), or the
 * codes' text as a hand scanner types it. The answers still have to be read and validated as
 * typed ones are (forms/paper-input.ts).
 */
export type PaperReading =
  | { ok: true; formId: string; formVersion: number; values: DraftValues }
  | ({ ok: false } & (
      | PartsProblem
      | { problem: 'unknownForm'; formId: string; formVersion: number }
      | { problem: 'notAnImage'; image: number }
      /** The `image`th file has more pixels than a page's picture needs (and is not read). */
      | { problem: 'imageTooLarge'; image: number }
      /** The `image`th file is a PDF whose pages could not be taken out. */
      | { problem: 'pdf'; image: number; issue: PdfIssue }
      | { problem: 'tooManyImages'; most: number }
      /**
       * The reading's time (`ReadingTime`) ran out before any code was found. When some were,
       * the reading is what they give: usually `missingParts`, naming the parts not yet found.
       */
      | { problem: 'outOfTime' }
    ));

/** More pictures than the pages of any paper application, with room for a retake or two. */
export const MAX_IMAGES = 20;

/**
 * When the reading stops looking for codes: the parts found by then are the reading, rather than
 * a reading stopped from outside (paper-scanner.ts) that keeps nothing.
 */
export interface ReadingTime {
  /** A time in ms by `now`. */
  deadline: number;
  /** Date.now unless a test's own; read once at the start, then before each look at a picture. */
  now?: () => number;
}

export async function readPaperApplication(
  images: readonly Buffer[],
  forms: FormRegistry = new FormRegistry(),
  time?: ReadingTime,
): Promise<PaperReading> {
  if (images.length > MAX_IMAGES) return { ok: false, problem: 'tooManyImages', most: MAX_IMAGES };
  const now = time?.now ?? Date.now;
  const outOfTime = () => time !== undefined && now() >= time.deadline;
  const opened: Sharp[] = [];
  // What the PDFs of this upload may still use, together; pdf.js's timer runs by Date.now.
  const timeLeft = time ? Math.max(0, time.deadline - now()) : Infinity;
  const budget = {
    pixels: MAX_PDF_TOTAL_PIXELS,
    deadline: Date.now() + Math.min(PDF_DEADLINE_MS, timeLeft),
  };
  for (const [index, bytes] of images.entries()) {
    if (isPdf(bytes)) {
      const pages = await pdfPageImages(bytes, budget);
      // A PDF stopped by the reading's time is not a broken one.
      if (!pages.ok && pages.issue === 'unreadable' && outOfTime()) {
        return { ok: false, problem: 'outOfTime' };
      }
      if (!pages.ok) return { ok: false, problem: 'pdf', image: index + 1, issue: pages.issue };
      budget.pixels -= pages.pixels;
      opened.push(...pages.images);
      continue;
    }
    const image = await openImage(bytes);
    if (!image) return { ok: false, problem: 'notAnImage', image: index + 1 };
    if (image === 'tooLarge') return { ok: false, problem: 'imageTooLarge', image: index + 1 };
    opened.push(image);
  }
  const texts = new Set<string>();
  let stopped = false;
  // Each harder look only at the pictures where a part of ours may still be hiding: stop as
  // soon as the parts are all there, or when the time is up.
  looking: for (let view = 0; view < VIEW_COUNT; view++) {
    for (const image of opened) {
      if (outOfTime()) {
        stopped = true;
        break looking;
      }
      for (const text of await codesInView(image, view)) texts.add(text);
    }
    const result = assembleParts([...texts]);
    if (result.ok || result.problem === 'damaged' || result.problem === 'severalApplications') {
      break;
    }
  }
  const result = assembleParts([...texts]);
  if (stopped && !result.ok && result.problem === 'noCodes') {
    return { ok: false, problem: 'outOfTime' };
  }
  return withKnownForm(result, forms);
}

/**
 * The codes' text as a hand scanner types it: one part a line, in any order, blank lines and
 * stray spaces around a line ignored (a part ends with ";", so a space inside stays).
 */
export function readTypedCodes(
  text: string,
  forms: FormRegistry = new FormRegistry(),
): PaperReading {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // A line that looks like ours but does not parse is a mistyped part, not another code.
  if (lines.some((line) => line.startsWith('ETJ') && !parsePart(line))) {
    return { ok: false, problem: 'damaged' };
  }
  return withKnownForm(assembleParts(lines), forms);
}

function withKnownForm(
  result: ReturnType<typeof assembleParts>,
  forms: FormRegistry,
): PaperReading {
  if (!result.ok) return result;
  if (!forms.find(result.formId, result.formVersion)) {
    return {
      ok: false,
      problem: 'unknownForm',
      formId: result.formId,
      formVersion: result.formVersion,
    };
  }
  return result;
}
