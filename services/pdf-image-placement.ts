/**
 * Where a PDF page draws its images: the current transformation matrix followed through pdf.js's
 * operator list (save, restore, transform, form XObjects and transparency groups), as a reader
 * would when it renders the page. An image is drawn over the unit square of the matrix in force,
 * so the matrix says how large it is on the page: a fax's 200 × 100 dpi image has twice as many
 * pixels across a point as down it, and is squashed to half its height until drawn that size.
 */

/** [a, b, c, d, e, f] as in PDF's `cm`: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** The matrix `inner` drawn within `outer` (PDF's `inner × outer`, pdf.js's Util.transform). */
export function within(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [
    a * p + c * q,
    b * p + d * q,
    a * r + c * s,
    b * r + d * s,
    a * t + c * u + e,
    b * t + d * u + f,
  ];
}

function asMatrix(value: unknown): Matrix | undefined {
  return Array.isArray(value) &&
    value.length === 6 &&
    value.every((number) => typeof number === 'number' && Number.isFinite(number))
    ? (value as Matrix)
    : undefined;
}

/** The operators that change the matrix, by pdf.js's numbers (`OPS`). */
export interface MatrixOperators {
  save: number;
  restore: number;
  transform: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginGroup: number;
  endGroup: number;
}

/**
 * Follows the matrix through a page's operators: `step` is given each operator in turn, before
 * the next; `current` is the matrix an image painted by the operator just given is drawn with.
 */
export class MatrixTracker {
  private matrix: Matrix = IDENTITY;
  private readonly saved: Matrix[] = [];

  constructor(private readonly ops: MatrixOperators) {}

  get current(): Matrix {
    return this.matrix;
  }

  step(operator: number, args: readonly unknown[] | undefined): void {
    const { ops } = this;
    if (operator === ops.save) {
      this.saved.push(this.matrix);
    } else if (
      operator === ops.restore ||
      operator === ops.paintFormXObjectEnd ||
      operator === ops.endGroup
    ) {
      this.matrix = this.saved.pop() ?? this.matrix;
    } else if (operator === ops.transform) {
      const matrix = asMatrix(args);
      if (matrix) this.matrix = within(this.matrix, matrix);
    } else if (operator === ops.paintFormXObjectBegin) {
      this.saved.push(this.matrix);
      const matrix = asMatrix(args?.[0]);
      if (matrix) this.matrix = within(this.matrix, matrix);
    } else if (operator === ops.beginGroup) {
      this.saved.push(this.matrix);
      const group = args?.[0] as { matrix?: unknown } | undefined;
      const matrix = asMatrix(group?.matrix);
      if (matrix) this.matrix = within(this.matrix, matrix);
    }
  }
}

/**
 * The size, in pixels, at which a width × height image drawn with `matrix` has square pixels: its
 * coarser direction enlarged to the finer one's pixels a point, all within `maxPixels` (then
 * smaller in both). The image's own size when its pixels are square already (within 2 %) or the
 * matrix is flat.
 */
export function squarePixelSize(
  width: number,
  height: number,
  matrix: Matrix,
  maxPixels: number,
): { width: number; height: number } {
  const [a, b, c, d] = matrix;
  // The image's sides on the page, in points: the unit square's sides as the matrix draws them.
  const across = Math.hypot(a, b);
  const down = Math.hypot(c, d);
  const unchanged = { width, height };
  const area = across * down;
  // A matrix too flat or too large to measure, or a drawn shape no page holds (a sliver fifty
  // times longer than wide), is taken as it is: the pixel limits downstream still hold.
  if (!(across > 0 && down > 0 && area > Number.MIN_VALUE) || !Number.isFinite(area)) {
    return unchanged;
  }
  if (Math.max(across / down, down / across) > 50) return unchanged;
  const perPointAcross = width / across;
  const perPointDown = height / down;
  if (Math.abs(perPointAcross / perPointDown - 1) <= 0.02) return unchanged;
  const perPoint = Math.min(
    Math.max(perPointAcross, perPointDown),
    Math.sqrt(maxPixels / (across * down)),
  );
  // Rounded down, so that the size stays within maxPixels; a side of at least one pixel.
  const size = {
    width: Math.max(1, Math.floor(across * perPoint)),
    height: Math.max(1, Math.floor(down * perPoint)),
  };
  return size.width * size.height <= maxPixels ? size : unchanged;
}
