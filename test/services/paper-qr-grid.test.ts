import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qrRectangles, qrVersionOf } from '../../services/paper-qr';
import { familyPaperPdf, longMessage } from '../helpers/paper-application';
import { pageContents } from '../helpers/pdf-tags';

const MM = 72 / 25.4;
const A4_HEIGHT_MM = 297;
/** Folded in three (C5/6, DL) or in half (C5), and how far a fold by hand lands from it. */
const FOLDS_MM = [A4_HEIGHT_MM / 3, A4_HEIGHT_MM / 2, (A4_HEIGHT_MM * 2) / 3];
const SCATTER_MM = 7;

/** Each code drawn on each page: its top and height in millimetres from the top of the sheet. */
function codesOnPages(pdf: Buffer, modules: number) {
  return pageContents(pdf).flatMap((content, index) =>
    // drawQrCodes moves to the code's corner, then scales one module to its printed size.
    [...content.matchAll(/1 0 0 1 ([\d.]+) ([\d.]+) cm\s+([\d.]+) 0 0 \3 0 0 cm/g)].map(
      (match) => ({
        page: index + 1,
        topMm: Number(match[2]) / MM,
        moduleMm: Number(match[3]) / MM,
        heightMm: (Number(match[3]) * modules) / MM,
      }),
    ),
  );
}

describe('the QR codes on the printed application', () => {
  it('lie clear of where the sheet is folded for the envelope, however long the answers before them', async () => {
    const placesSeen = new Set<number>();
    for (const length of [0, 300, 700, 1100, 1500, 1900, 2400, 3000, 3990]) {
      const { pdf, content } = await familyPaperPdf(length > 0 ? longMessage(length) : undefined);
      const version = Math.max(...content.qrCodes.map(qrVersionOf));
      const modules = qrRectangles(content.qrCodes[0] ?? '', version).size;
      const codes = codesOnPages(pdf, modules);
      assert.equal(codes.length, content.qrCodes.length, `message of ${length}: every code drawn`);
      for (const code of codes) {
        placesSeen.add(Math.round(code.topMm));
        assert.ok(code.moduleMm >= 0.5, 'at least 0.5 mm a module');
        for (const fold of FOLDS_MM) {
          const clear =
            code.topMm + code.heightMm <= fold - SCATTER_MM || code.topMm >= fold + SCATTER_MM;
          assert.ok(
            clear,
            `message of ${length}: the code at ${code.topMm.toFixed(1)}–` +
              `${(code.topMm + code.heightMm).toFixed(1)} mm on page ${code.page} crosses the fold at ${fold} mm`,
          );
        }
      }
    }
    assert.ok(placesSeen.size >= 2, 'the answers moved the codes to more than one place');
  });
});
