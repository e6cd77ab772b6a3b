import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MatrixTracker, squarePixelSize } from '../../services/pdf-image-placement';

const ops = {
  save: 10,
  restore: 11,
  transform: 12,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  beginGroup: 76,
  endGroup: 77,
};

describe('where a PDF page draws its images', () => {
  it('follows the matrix through save, restore, transforms, forms and groups', () => {
    const drawn = new MatrixTracker(ops);
    drawn.step(ops.save, []);
    drawn.step(ops.transform, [2, 0, 0, 3, 10, 20]);
    assert.deepEqual(drawn.current, [2, 0, 0, 3, 10, 20]);
    drawn.step(ops.paintFormXObjectBegin, [
      [1, 0, 0, 1, 5, 5],
      [0, 0, 1, 1],
    ]);
    assert.deepEqual(drawn.current, [2, 0, 0, 3, 20, 35]);
    drawn.step(ops.beginGroup, [{ matrix: [0.5, 0, 0, 0.5, 0, 0] }]);
    assert.deepEqual(drawn.current, [1, 0, 0, 1.5, 20, 35]);
    drawn.step(ops.endGroup, []);
    drawn.step(ops.paintFormXObjectEnd, []);
    assert.deepEqual(drawn.current, [2, 0, 0, 3, 10, 20]);
    drawn.step(ops.restore, []);
    assert.deepEqual(drawn.current, [1, 0, 0, 1, 0, 0]);
    // A restore too many, or a matrix that is not one, changes nothing.
    drawn.step(ops.restore, []);
    drawn.step(ops.transform, [1, 0, 0, Number.NaN, 0, 0]);
    assert.deepEqual(drawn.current, [1, 0, 0, 1, 0, 0]);
  });

  it("gives a fax's oblong pixels the size at which they are square, within a pixel cap", () => {
    const a4 = [595.28, 0, 0, 841.89, 0, 0] as const;
    assert.deepEqual(squarePixelSize(1700, 1100, [...a4], 16_000_000), {
      width: 1700,
      height: 2404,
    });
    // Turned a quarter on the page: the image's own sides still count.
    assert.deepEqual(squarePixelSize(1100, 1700, [0, 841.89, -595.28, 0, 595.28, 0], 16_000_000), {
      width: 2404,
      height: 1700,
    });
    const capped = squarePixelSize(1700, 1100, [...a4], 1_000_000);
    assert.ok(capped.width * capped.height <= 1_000_000, JSON.stringify(capped));
    assert.ok(Math.abs(capped.height / capped.width - 841.89 / 595.28) < 0.01);
    // Square already (a scanner's 200 dpi page, rounded), or a flat matrix: as it is.
    assert.deepEqual(squarePixelSize(1654, 2339, [...a4], 16_000_000), {
      width: 1654,
      height: 2339,
    });
    assert.deepEqual(squarePixelSize(1700, 1100, [0, 0, 0, 841.89, 0, 0], 16_000_000), {
      width: 1700,
      height: 1100,
    });
  });

  it('never gives more pixels than the cap, whatever a crafted matrix says', () => {
    for (const matrix of [
      [1e6, 0, 0, 1e-6, 0, 0],
      [1e-200, 0, 0, 1e-200, 0, 0],
      [1e200, 0, 0, 1e200, 0, 0],
      [1, 0, 0, 1000, 0, 0],
    ] as const) {
      const size = squarePixelSize(100, 100_000, [...matrix], 16_000_000);
      assert.ok(
        size.width * size.height <= 16_000_000 || (size.width === 100 && size.height === 100_000),
        JSON.stringify({ matrix, size }),
      );
    }
  });
});
