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
    ));

/** More pictures than the pages of any paper application, with room for a retake or two. */
export const MAX_IMAGES = 20;

export async function readPaperApplication(
  images: readonly Buffer[],
  forms: FormRegistry = new FormRegistry(),
): Promise<PaperReading> {
  if (images.length > MAX_IMAGES) return { ok: false, problem: 'tooManyImages', most: MAX_IMAGES };
  const opened: Sharp[] = [];
  // What the PDFs of this upload may still use, together.
  const budget = { pixels: MAX_PDF_TOTAL_PIXELS, deadline: Date.now() + PDF_DEADLINE_MS };
  for (const [index, bytes] of images.entries()) {
    if (isPdf(bytes)) {
      const pages = await pdfPageImages(bytes, budget);
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
  let result = assembleParts([]);
  // Each harder look only at the pictures where a part of ours may still be hiding: stop as
  // soon as the parts are all there.
  for (let view = 0; view < VIEW_COUNT; view++) {
    for (const image of opened) {
      for (const text of await codesInView(image, view)) texts.add(text);
    }
    result = assembleParts([...texts]);
    if (result.ok || result.problem === 'damaged' || result.problem === 'severalApplications') {
      break;
    }
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
