import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sharp, { type Sharp } from 'sharp';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

/**
 * Reads every QR code in a photo or scan of paper. The reader is zxing-cpp (zxing-wasm): it finds
 * several codes in one image and copes with rotation, blur and uneven light far better than
 * jsQR, which missed our codes on 150 dpi pages. Images are decoded by sharp (libvips).
 */

/** A phone photo is about 12 megapixels; anything far larger is refused before decoding. */
export const MAX_PIXELS = 60_000_000;
/**
 * The most pixels one look at a picture reads: a larger picture is scaled down to it first, and a
 * quarter is enlarged no further. A 300 dpi A4 scan is 8.7 megapixels; a code's modules are then
 * some 6 pixels wide. Without the bound, one 59-megapixel upload (a checkerboard PNG of 362 kB)
 * kept the reader busy for most of a minute.
 */
export const WORK_PIXELS = 16_000_000;

/** How much a quarter of a width × height picture is enlarged: 2× at most, within WORK_PIXELS. */
export function tileScale(width: number, height: number): number {
  const tile = Math.round(width * 0.6) * Math.round(height * 0.6);
  return Math.min(2, Math.sqrt(WORK_PIXELS / tile));
}

/** The reader's WebAssembly, from the package itself: never fetched from elsewhere. */
let reader: Promise<unknown> | undefined;
function readyReader(): Promise<unknown> {
  reader ??= (async () => {
    const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
    const bytes = readFileSync(file);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return reader;
}

const OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  maxNumberOfSymbols: 255,
};

/** RGBA pixels, as the reader takes them (the shape of a browser's ImageData). */
interface Pixels {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  colorSpace: 'srgb';
}

async function pixelsOf(image: Sharp): Promise<Pixels> {
  // With or without alpha: always four channels, as the reader takes them (it makes them grey).
  const { data, info } = await image
    .toColourspace('srgb')
    .removeAlpha()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4) throw new Error(`Expected RGBA pixels, got ${info.channels} channels`);
  return {
    data: new Uint8ClampedArray(data),
    width: info.width,
    height: info.height,
    colorSpace: 'srgb',
  };
}

async function codesIn(pixels: Pixels, options: ReaderOptions = OPTIONS): Promise<string[]> {
  await readyReader();
  const results = await readBarcodes(pixels, options);
  return results.filter((result) => result.isValid).map((result) => result.text);
}

/**
 * Ways to look at a picture, tried in turn while codes are still missing: as it is; with its
 * contrast stretched and a little sharpened (a dim photo, uneven light); and in overlapping
 * quarters enlarged, where a code's modules are few pixels (a far phone photo, a low-dpi scan).
 */
const VIEWS: ((image: Sharp) => Promise<string[]>)[] = [
  async (image) => codesIn(await pixelsOf(image.clone())),
  async (image) =>
    codesIn(await pixelsOf(image.clone().normalise().sharpen({ sigma: 1 })), {
      ...OPTIONS,
      binarizer: 'GlobalHistogram',
    }),
  async (image) => {
    const { width, height } = await image.metadata();
    const scale = tileScale(width, height);
    const tileWidth = Math.round(width * 0.6);
    const tileHeight = Math.round(height * 0.6);
    const found: string[] = [];
    for (const left of [0, width - tileWidth]) {
      for (const top of [0, height - tileHeight]) {
        const tile = image
          .clone()
          .extract({ left, top, width: tileWidth, height: tileHeight })
          .resize({ width: Math.round(tileWidth * scale), kernel: 'lanczos3' });
        found.push(...(await codesIn(await pixelsOf(tile))));
      }
    }
    return found;
  },
];

export const VIEW_COUNT = VIEWS.length;

/**
 * A picture decoded into memory, so each look starts from the same pixels, and scaled down to
 * WORK_PIXELS when larger; `width` is its upright width.
 */
export async function fittedPicture(picture: Sharp, width: number, pixels: number): Promise<Sharp> {
  const fitted =
    pixels > WORK_PIXELS
      ? picture.resize({ width: Math.floor(width * Math.sqrt(WORK_PIXELS / pixels)) })
      : picture;
  // A grey picture stays one byte a pixel (sharp would write it out as RGB).
  const { channels } = await picture.metadata();
  const kept = channels === 1 ? fitted.toColourspace('b-w') : fitted;
  const { data, info } = await kept.raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/**
 * An image as sharp reads it, turned upright by its EXIF orientation; 'tooLarge' past
 * MAX_PIXELS (its header says so, nothing is decoded); undefined if unreadable.
 */
export async function openImage(bytes: Buffer): Promise<Sharp | 'tooLarge' | undefined> {
  try {
    const { width, height } = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (width * height > MAX_PIXELS) return 'tooLarge';
  } catch {
    return undefined;
  }
  try {
    // Decoded once into memory, so each view starts from the same upright pixels.
    const decoded = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const { width, height, orientation = 1 } = await decoded.metadata();
    // EXIF orientations 5–8 turn the picture a quarter: its upright width is its height.
    return await fittedPicture(decoded, orientation >= 5 ? height : width, width * height);
  } catch {
    return undefined;
  }
}

/** The codes one view (0 … VIEW_COUNT - 1) of an image finds. */
export function codesInView(image: Sharp, view: number): Promise<string[]> {
  const look = VIEWS[view];
  return look ? look(image) : Promise.resolve([]);
}
