/**
 * Splits a page image into the blocks a reader's eye sees (recursive XY cut: alternately along
 * blank horizontal and vertical bands), so that each QR code on a page of several can be read
 * on its own: jsQR looks for one code per image.
 */
export interface Region {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Picture {
  width: number;
  height: number;
  /** RGBA, four bytes a pixel. */
  data: Uint8ClampedArray;
}

/** Blank bands narrower than this (in pixels) do not separate blocks: line gaps within text. */
const MIN_GAP = 16;

function isInk(picture: Picture, x: number, y: number): boolean {
  const at = (y * picture.width + x) * 4;
  const data = picture.data;
  return (data[at] ?? 255) + (data[at + 1] ?? 255) + (data[at + 2] ?? 255) < 384;
}

/** The runs of `along` (rows or columns) that hold ink, split where a wide enough gap is blank. */
function inkRuns(picture: Picture, region: Region, rows: boolean): [number, number][] {
  const [from, to] = rows ? [region.top, region.bottom] : [region.left, region.right];
  const [acrossFrom, acrossTo] = rows ? [region.left, region.right] : [region.top, region.bottom];
  const runs: [number, number][] = [];
  let start = -1;
  let lastInk = -1;
  for (let line = from; line < to; line++) {
    let ink = false;
    for (let across = acrossFrom; across < acrossTo && !ink; across++) {
      ink = rows ? isInk(picture, across, line) : isInk(picture, line, across);
    }
    if (!ink) continue;
    if (start < 0) start = line;
    else if (line - lastInk > MIN_GAP) {
      runs.push([start, lastInk + 1]);
      start = line;
    }
    lastInk = line;
  }
  if (start >= 0) runs.push([start, lastInk + 1]);
  return runs;
}

export function blocksOf(picture: Picture, region?: Region, rows = true, tried = 0): Region[] {
  const whole = region ?? { left: 0, top: 0, right: picture.width, bottom: picture.height };
  const runs = inkRuns(picture, whole, rows);
  if (runs.length === 0) return [];
  if (runs.length === 1) {
    const [start, end] = runs[0] ?? [0, 0];
    const trimmed = rows
      ? { ...whole, top: start, bottom: end }
      : { ...whole, left: start, right: end };
    // Cut the other way; a block that neither way splits is a leaf.
    return tried === 1 ? [trimmed] : blocksOf(picture, trimmed, !rows, tried + 1);
  }
  return runs.flatMap(([start, end]) =>
    blocksOf(
      picture,
      rows ? { ...whole, top: start, bottom: end } : { ...whole, left: start, right: end },
      !rows,
      0,
    ),
  );
}

/** A copy of `region` with a white border around it, as jsQR wants a code's quiet zone. */
export function cropped(picture: Picture, region: Region, border = 20): Picture {
  const width = region.right - region.left + 2 * border;
  const height = region.bottom - region.top + 2 * border;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = region.top; y < region.bottom; y++) {
    const source = (y * picture.width + region.left) * 4;
    const row = picture.data.subarray(source, source + (region.right - region.left) * 4);
    data.set(row, ((y - region.top + border) * width + border) * 4);
  }
  return { width, height, data };
}
