import type { Translate } from '../locales';
import { MODULE_MM, qrRectangles, qrVersionOf } from './paper-qr';
import type { ElementOptions, PdfStructure } from './pdf-structure';

/** Points per millimetre. */
const MM = 72 / 25.4;
/** Between two codes, across and down, beyond each code's own quiet zone. */
const GAP = 12;
const LABEL_HEIGHT = 14;
/** Space before the heading, after it, and after the words under it. */
const BEFORE_HEADING = 10;
const AFTER_HEADING = 4;
const AFTER_INTRO = 6;

/**
 * Where a sheet is folded for the envelope, as parts of its height: in three for a C5/6 or DL
 * envelope, in half for a C5. A crease cracks the toner along a line, and a line through a
 * code's corner squares (its finder patterns, which error correction cannot mend) loses the code.
 */
const FOLDS = [1 / 3, 1 / 2, 2 / 3];
/** How far a fold by hand, or a print shrunk to fit the paper, lands from the exact place. */
const FOLD_SCATTER = 7 * MM;

/**
 * The first top at or below `from` where a code of `height` points lies clear of every fold band
 * and above `bottom`; undefined when none is left on the page.
 */
function rowTopClearOfFolds(
  from: number,
  height: number,
  pageHeight: number,
  bottom: number,
): number | undefined {
  let top = from;
  for (const fold of FOLDS) {
    const band = { from: fold * pageHeight - FOLD_SCATTER, to: fold * pageHeight + FOLD_SCATTER };
    if (top < band.to && top + height > band.from) top = band.to;
  }
  return top + height <= bottom ? top : undefined;
}

/**
 * The codes as a grid under their heading, each code with "Del n av N" below it. Every code is
 * drawn at the same version and module size (MODULE_MM), so the grid is even and each module
 * prints at least that large. Rows lie between the sheet's folds (a row that would cross one
 * moves below it, or to the next page), and the heading stays right above the first row.
 *
 * To a screen reader each code is a figure ("QR-kod, del 1 av 4, med svaren i ansökan"), its
 * caption included: the codes are on the paper and the applicant should know they are there,
 * but what they hold (the answers, encoded) is read in the answers themselves, pages earlier.
 */
export function drawQrCodes(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  codes: readonly string[],
  t: Translate,
) {
  const margin = doc.page.margins.left;
  const width = doc.page.width - margin - doc.page.margins.right;
  const version = Math.max(...codes.map(qrVersionOf));
  const drawn = codes.map((code) => qrRectangles(code, version));
  const modules = drawn[0]?.size ?? 0;
  const size = modules * MODULE_MM * MM;
  const columns = Math.max(1, Math.floor((width + GAP) / (size + GAP)));
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const rowHeight = size + LABEL_HEIGHT + GAP;
  const rowTop = (from: number) =>
    rowTopClearOfFolds(from, size, doc.page.height, bottom() - LABEL_HEIGHT);

  const heading = t('pdf.qrHeading');
  const intro = t('pdf.qrIntro');
  const headingHeight =
    BEFORE_HEADING +
    doc.font('bold').fontSize(13).heightOfString(heading, { width }) +
    AFTER_HEADING +
    doc.font('body').fontSize(10).heightOfString(intro, { width }) +
    AFTER_INTRO;
  const onThisPage = rowTop(doc.y + headingHeight);
  if (onThisPage === undefined) doc.addPage();
  let top = onThisPage ?? rowTop(doc.y + headingHeight) ?? doc.y + headingHeight;
  doc.y = top - headingHeight + BEFORE_HEADING;
  doc.font('bold').fontSize(13);
  structure.content('H2', () => doc.text(heading, margin, undefined, { width }));
  doc.y += AFTER_HEADING;
  doc.font('body').fontSize(10);
  structure.content('P', () => doc.text(intro, margin, undefined, { width }));
  drawn.forEach(({ rectangles }, index) => {
    const column = index % columns;
    const nextRow = column === 0 && index > 0 ? rowTop(top + rowHeight) : top;
    if (nextRow !== undefined) top = nextRow;
    else {
      // A page of codes alone looks like nothing to send: it says what it is and that it goes too.
      doc.addPage().font('bold').fontSize(11);
      structure.content('P', () =>
        doc.text(t('pdf.qrContinued'), margin, doc.page.margins.top, { width }),
      );
      doc.font('body').fontSize(10);
      top = rowTop(doc.y + AFTER_INTRO) ?? doc.y + AFTER_INTRO;
    }
    const left = margin + column * (size + GAP);
    const part = { part: index + 1, parts: codes.length };
    const figure: ElementOptions = {
      alt: t('pdf.qrAlt', part),
      bbox: [left, top, left + size, top + size + LABEL_HEIGHT],
    };
    structure.content(
      'Figure',
      () => {
        // Drawn in modules, scaled to size: whole numbers keep the drawing commands short, and
        // they are handed to the page in one piece rather than a call per rectangle.
        doc
          .save()
          .translate(left, top)
          .scale(size / modules);
        doc.addContent(
          rectangles
            .map((dark) => `${dark.x} ${dark.y} ${dark.width} ${dark.height} re`)
            .join('\n'),
        );
        doc.fill('#000000').restore();
        doc
          .font('body')
          .fontSize(8)
          .text(t('pdf.qrPart', part), left, top + size, {
            width: size,
            align: 'center',
            lineBreak: false,
          });
      },
      structure.root,
      figure,
    );
  });
  doc.fontSize(10);
  doc.y = top + rowHeight;
}
