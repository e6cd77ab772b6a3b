import type { Language, MessageKey, Translate } from '../locales';
import type { NumberedCode } from './code-lists';
import { longDate } from './date-texts';
import type { Municipality } from './municipalities';
import { artifact, type PdfStructure } from './pdf-structure';

export const CREDENTIAL_PDF_MARGIN = 50;
const ROWS = 10;
const COLUMNS = 4;
const CELL_HEIGHT = 34;
/** Large, and still "0000 0000" fits a cell of a quarter of the page with room to spare. */
const CODE_SIZE = 15;
const NUMBER_WIDTH = 24;

/** A printed code list: plain data only, as it crosses to a worker thread. */
export interface CodeListPdfContent {
  language: Language;
  municipality: Municipality;
  name: string;
  issuedAt: Date;
  codes: NumberedCode[];
}

/** "12345678" -> "1234 5678": two groups of four are easier to read and type. */
export function printedCode(code: string): string {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

/** The heading levels of the page: its title, and the heading of how to use the list. */
export type CodeListHeadings = { title: 'H1'; how: 'H2' } | { title: 'H2'; how: 'H3' };

/**
 * "Din kodlista" on the current page: the codes in a grid, then how to use them. Tagged: the
 * codes are a table of number and code, read in their numbers' order; the grid's lines are
 * artifacts.
 */
export function drawCodeListPage(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  content: CodeListPdfContent,
  t: Translate,
  headings: CodeListHeadings,
): void {
  const left = CREDENTIAL_PDF_MARGIN;
  const width = doc.page.width - 2 * CREDENTIAL_PDF_MARGIN;
  const { municipality } = content;
  doc.fillColor('#000000').strokeColor('#000000');
  const letterhead = structure.group('Div');
  structure.content(
    'P',
    () =>
      doc.font('bold').fontSize(12).text(municipality.name, left, CREDENTIAL_PDF_MARGIN, { width }),
    letterhead,
  );
  structure.content(
    'P',
    () => doc.font('body').fontSize(10).text(municipality.unitName, { width }),
    letterhead,
  );
  letterhead.end();
  doc.moveDown(1.5).font('bold').fontSize(24);
  structure.content(headings.title, () => doc.text(t('codeListPdf.title'), { width }));
  doc.moveDown(0.3).font('body').fontSize(12);
  structure.content('P', () => doc.text(t('codeListPdf.name', { name: content.name }), { width }));
  structure.content('P', () =>
    doc.text(t('codeListPdf.issued', { date: longDate(content.issuedAt, content.language) }), {
      width,
    }),
  );
  doc.moveDown(1);
  drawGrid(doc, structure, content.codes, doc.y);

  doc.moveDown(1.2).font('bold').fontSize(14);
  structure.content(headings.how, () =>
    doc.text(t('codeListPdf.howHeading'), left, doc.y, { width }),
  );
  doc.moveDown(0.4).font('body').fontSize(11);
  const list = structure.group('L');
  for (const key of ['1', '2', '3', '4']) {
    bullet(doc, structure, list, t(`codeListPdf.how.${key}` as MessageKey), left, width);
  }
  list.end();
  doc.moveDown(0.6).font('bold').fontSize(11);
  structure.content('P', () =>
    doc.text(
      t('codeListPdf.lost', { municipality: municipality.name, phone: municipality.phone }),
      left,
      doc.y,
      { width },
    ),
  );
}

/**
 * Ten rows of four, numbered down each column: 1–10 first, then 11–20, and so on. To a screen
 * reader a table of forty rows, each a number (its heading) and its code.
 */
function drawGrid(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  codes: NumberedCode[],
  top: number,
): void {
  const left = CREDENTIAL_PDF_MARGIN;
  const width = doc.page.width - 2 * CREDENTIAL_PDF_MARGIN;
  const cellWidth = width / COLUMNS;
  const rows = Math.ceil(codes.length / COLUMNS);
  const table = structure.group('Table');
  doc.lineWidth(0.75);
  codes.forEach(({ number, code }, index) => {
    const column = Math.floor(index / ROWS);
    const row = index % ROWS;
    const x = left + column * cellWidth;
    const y = top + row * CELL_HEIGHT;
    artifact(doc, 'Layout', () => {
      doc.rect(x, y, cellWidth, CELL_HEIGHT).stroke();
      // A thin line between number and code, so "1" and "9509 8394" never read as one number.
      doc
        .lineWidth(0.4)
        .moveTo(x + NUMBER_WIDTH, y + 6)
        .lineTo(x + NUMBER_WIDTH, y + CELL_HEIGHT - 6)
        .stroke()
        .lineWidth(0.75);
    });
    structure.headedRow(
      table,
      () =>
        doc
          .font('body')
          .fontSize(11)
          .text(String(number), x + 2, y + 12, {
            width: NUMBER_WIDTH - 6,
            align: 'right',
            lineBreak: false,
          }),
      // No width: pdfkit would wrap at the space between the two groups of digits.
      () =>
        doc
          .font('bold')
          .fontSize(CODE_SIZE)
          .text(printedCode(code), x + NUMBER_WIDTH + 5, y + 9, { lineBreak: false }),
    );
  });
  table.end();
  doc.x = left;
  doc.y = top + Math.min(rows, ROWS) * CELL_HEIGHT;
}

function bullet(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  list: PDFKit.PDFStructureElement,
  text: string,
  left: number,
  width: number,
): void {
  const top = doc.y;
  structure.listItem(
    list,
    () => doc.text('•', left, top, { width: 12, lineBreak: false }),
    () => doc.text(text, left + 16, top, { width: width - 16, paragraphGap: 5 }),
  );
}
