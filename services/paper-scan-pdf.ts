import sharp, { type Sharp } from 'sharp';
import { findActiveContent } from './pdf-active-content';
import { pdfjs, untrustedPdfOptions } from './pdfjs-loader';
import {
  MatrixTracker,
  squarePixelSize,
  within as drawnWithin,
  type Matrix,
} from './pdf-image-placement';
import { fittedPicture, MAX_PIXELS, WORK_PIXELS } from './qr-image-reader';

/**
 * The pages of a PDF from an office scanner ("scan to e-mail/folder"), as pictures for the QR
 * reader. A scanner's PDF holds each page as one image (JPEG, or JPEG 2000, for colour and grey,
 * CCITT G4 or JBIG2 for black and white, sometimes Flate); pdf.js (Mozilla's reader for untrusted PDFs,
 * pure JavaScript and WebAssembly, no canvas) decodes those images to pixels without drawing
 * the page. A PDF drawn by a program (the unsigned printout itself) has no images: its codes are
 * vector shapes that only rendering would show, so it gives no pages here. An image is taken at
 * the size the page draws it (pdf-image-placement.ts): a fax's 200 × 100 dpi image, 1700 × 1100
 * pixels over an A4 page, has its height doubled, or its codes are squashed to half and not read.
 *
 * Runs in the paper-scan worker thread only (services/paper-scanner.ts: resource limits and a
 * hard timeout); here each upload also has a page cap, a pixel cap per image and in total, and
 * a deadline of its own, so a hostile PDF becomes a clear refusal rather than a stuck reading.
 */

/** More pages than the longest application, with room for a cover sheet and a rescan. */
export const MAX_PDF_PAGES = 40;
/** Pixels of all the PDFs' page images in one upload: 40 A4 pages at 200 dpi, or 23 at 300. */
export const MAX_PDF_TOTAL_PIXELS = 200_000_000;
/** Parsing and decoding every PDF of one upload; the QR reading after it is not counted. */
export const PDF_DEADLINE_MS = 60_000;
/** Smaller than any part of our codes could be read from (a code is 77 modules and its margin). */
const MIN_SIDE = 100;
/** A scanner puts one image on a page (two when layered); a few more are looked at too. */
const MAX_IMAGES_PER_PAGE = 4;

export type PdfIssue =
  | 'encrypted'
  | 'unreadable'
  | 'tooManyPages'
  | 'noPages'
  | 'tooLarge'
  /** JavaScript, a Launch action, embedded files or XFA: never kept (pdf-active-content.ts). */
  | 'activeContent';

export type PdfPages =
  { ok: true; images: Sharp[]; pixels: number } | { ok: false; issue: PdfIssue };

/** Whether the bytes are a PDF: the header may follow some junk, as readers allow. */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).includes('%PDF-');
}

/** pdf.js's decoded image, as `page.objs` holds it in Node (no ImageBitmap without a canvas). */
interface DecodedImage {
  width: number;
  height: number;
  /** 1: grey, one bit a pixel, 1 is white, rows padded to bytes; 2: RGB; 3: RGBA. */
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

function isDecodedImage(value: unknown): value is DecodedImage {
  if (typeof value !== 'object' || value === null) return false;
  const image = value as Partial<DecodedImage>;
  return (
    Number.isInteger(image.width) &&
    Number.isInteger(image.height) &&
    typeof image.kind === 'number' &&
    (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray)
  );
}

class DeadlinePassed extends Error {}

/**
 * The page images of one PDF, each as one grey picture, within what is left of the upload's
 * pixel budget and its deadline (`deadline`, a time in ms as Date.now gives it).
 */
export async function pdfPageImages(
  bytes: Buffer,
  budget: { pixels: number; deadline: number },
): Promise<PdfPages> {
  const { getDocument, OPS, VerbosityLevel } = await pdfjs();
  const task = getDocument({
    ...untrustedPdfOptions(bytes, VerbosityLevel.ERRORS),
    // An image larger than a photo may be is skipped before it is decoded.
    maxImageSize: MAX_PIXELS,
    // A damaged content stream still gives the images before the damage: the codes' checksums,
    // not the PDF, vouch for the answers.
    stopAtErrors: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlinePassed()),
      Math.max(0, budget.deadline - Date.now()),
    );
  });
  // pdf.js rejects a later promise when the reading is stopped; it is answered here.
  deadline.catch(() => undefined);
  const within = <T>(work: Promise<T>) => Promise.race([work, deadline]);
  try {
    const document = await within(task.promise);
    if (document.numPages > MAX_PDF_PAGES) return { ok: false, issue: 'tooManyPages' };
    // The scan is kept with the application and opened by caseworkers in a desktop reader.
    if ((await findActiveContent(document, bytes, within)).length > 0) {
      return { ok: false, issue: 'activeContent' };
    }
    const images: Sharp[] = [];
    let pixels = 0;
    for (let number = 1; number <= document.numPages; number++) {
      // Also checked here: the timer only runs between pdf.js's steps.
      if (Date.now() >= budget.deadline) throw new DeadlinePassed();
      const page = await within(document.getPage(number));
      const operators = await within(page.getOperatorList());
      // pdf.js sends a decoded image after the operator list, when its decoder is done (JPEG 2000
      // takes longest); an image it could not decode comes as null, and the reading then names
      // the parts it held as missing.
      const objectOf = (id: string) => {
        const objects = id.startsWith('g_') ? page.commonObjs : page.objs;
        return within(
          new Promise<unknown>((resolve) => {
            objects.get(id, (image: unknown) => resolve(image));
          }),
        );
      };
      const seen = new Set<unknown>();
      const drawn = new MatrixTracker(OPS);
      let kept = 0;
      for (const [index, operator] of operators.fnArray.entries()) {
        if (kept >= MAX_IMAGES_PER_PAGE) break;
        const args = operators.argsArray[index] as unknown[] | undefined;
        drawn.step(operator, args);
        let image: unknown;
        let matrix: Matrix = drawn.current;
        if (operator === OPS.paintImageXObject || operator === OPS.paintImageXObjectRepeat) {
          const id = args?.[0];
          if (typeof id !== 'string' || seen.has(id)) continue;
          seen.add(id);
          if (operator === OPS.paintImageXObjectRepeat) {
            const [, scaleX, scaleY] = args ?? [];
            if (typeof scaleX === 'number' && typeof scaleY === 'number') {
              matrix = drawnWithin(matrix, [scaleX, 0, 0, scaleY, 0, 0]);
            }
          }
          image = await objectOf(id);
        } else if (operator === OPS.paintInlineImageXObject) {
          image = args?.[0];
          seen.add(image);
        } else if (
          operator === OPS.paintImageMaskXObject ||
          operator === OPS.paintImageMaskXObjectRepeat
        ) {
          // A stencil mask: the text layer of a "compact"/"high compression" (MRC) scan, where
          // the codes are often drawn, over a coarse picture of the rest.
          const mask = args?.[0] as { data?: unknown } | undefined;
          const id = mask?.data;
          if (seen.has(id ?? mask)) continue;
          seen.add(id ?? mask);
          if (operator === OPS.paintImageMaskXObjectRepeat) {
            const [, scaleX, skewX, skewY, scaleY] = args ?? [];
            if (
              typeof scaleX === 'number' &&
              typeof skewX === 'number' &&
              typeof skewY === 'number' &&
              typeof scaleY === 'number'
            ) {
              matrix = drawnWithin(matrix, [scaleX, skewX, skewY, scaleY, 0, 0]);
            }
          }
          image = maskAsImage(typeof id === 'string' ? await objectOf(id) : mask);
        }
        if (!isDecodedImage(image) || Math.min(image.width, image.height) < MIN_SIDE) continue;
        const size = squarePixelSize(image.width, image.height, matrix, WORK_PIXELS);
        pixels += Math.max(image.width * image.height, size.width * size.height);
        if (pixels > budget.pixels) return { ok: false, issue: 'tooLarge' };
        images.push(await greyPicture(image, size));
        kept++;
      }
      // The decoded images are copied into the pictures: pdf.js's own copies go.
      page.cleanup();
    }
    if (images.length === 0) return { ok: false, issue: 'noPages' };
    return { ok: true, images, pixels };
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      return { ok: false, issue: 'encrypted' };
    }
    return { ok: false, issue: 'unreadable' };
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

/**
 * One decoded image as a grey picture in memory, one byte a pixel: the reader makes every
 * picture grey anyway, and a third of RGB's memory lets a long PDF be read. `size` is the size
 * at which its pixels are square on the page (squarePixelSize), its own size when they are.
 */
async function greyPicture(
  image: DecodedImage,
  size: { width: number; height: number },
): Promise<Sharp> {
  const { width, height } = image;
  const source = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  let grey: Buffer;
  if (image.kind === 1) {
    grey = unpackBits(source, width, height);
  } else {
    const channels = image.kind === 3 ? 4 : 3;
    if (source.length < width * height * channels) throw new Error('Short image data');
    grey = await sharp(source, {
      raw: { width, height, channels },
      limitInputPixels: MAX_PIXELS,
    })
      .flatten({ background: '#ffffff' })
      .greyscale()
      .extractChannel(0)
      .raw()
      .toBuffer();
  }
  const picture = sharp(grey, { raw: { width, height, channels: 1 } });
  if (size.width === width && size.height === height) {
    return fittedPicture(picture, width, width * height);
  }
  const resized = picture.resize({ ...size, fit: 'fill', kernel: 'lanczos3' });
  return fittedPicture(resized, size.width, size.width * size.height);
}

/**
 * A decoded stencil mask as a picture: one bit a pixel, 0 where it paints (pdf.js applies the
 * mask's Decode), which on a scan is the dark text and codes, so 1 is white as in a grey image.
 */
function maskAsImage(mask: unknown): DecodedImage | undefined {
  if (typeof mask !== 'object' || mask === null) return undefined;
  const candidate = { ...mask, kind: 1 };
  return isDecodedImage(candidate) ? candidate : undefined;
}

/** One bit a pixel (1 is white, each row padded to a byte) to one byte a pixel. */
function unpackBits(packed: Buffer, width: number, height: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  if (packed.length < rowBytes * height) throw new Error('Short image data');
  const grey = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bit = ((packed[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      grey[y * width + x] = bit ? 255 : 0;
    }
  }
  return grey;
}
