import type { Translate } from '../locales';
import { MODULE_MM, qrRectangles, qrVersionOf } from './paper-qr';
import type { ElementOptions, PdfStructure } from './pdf-structure';

/** Points per millimetre. */
const MM = 72 / 25.4;
/** Between two codes, across and down, beyond each code's own quiet zone. */
const GAP = 12;
const LABEL_HEIGHT = 14;

/**
 * The codes as a grid under their heading, each code with "Del n av N" below it. Every code is
 * drawn at the same version and module size (MODULE_MM), so the grid is even and each module
 * prints at least that large; a row that does not fit starts a new page, and the heading never
 * ends a page without its first row.
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

  if (doc.y + 70 + rowHeight > bottom()) doc.addPage();
  doc.moveDown(0.8).font('bold').fontSize(13);
  structure.content('H2', () => doc.text(t('pdf.qrHeading'), margin, undefined, { width }));
  doc.moveDown(0.3).font('body').fontSize(10);
  structure.content('P', () => doc.text(t('pdf.qrIntro'), margin, undefined, { width }));
  let top = doc.y + 6;
  drawn.forEach(({ rectangles }, index) => {
    const column = index % columns;
    if (column === 0 && index > 0) top += rowHeight;
    if (column === 0 && top + size + LABEL_HEIGHT > bottom()) {
      // A page of codes alone looks like nothing to send: it says what it is and that it goes too.
      doc.addPage().font('bold').fontSize(11);
      structure.content('P', () =>
        doc.text(t('pdf.qrContinued'), margin, doc.page.margins.top, { width }),
      );
      doc.font('body').fontSize(10);
      top = doc.y + 6;
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
