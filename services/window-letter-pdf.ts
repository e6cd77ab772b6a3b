import type { Language } from '../locales';
import type { Municipality } from './municipalities';
import { newTaggedPdfDocument } from './pdf-document';
import { spacedLines, type PdfStructure } from './pdf-structure';

/** Points per millimetre: envelope windows are measured in millimetres. */
export const MM = 72 / 25.4;
/**
 * Where a left-hand window envelope (C5, E65, DL) shows the address: 20 mm in, 45 mm down, 85 mm
 * wide and five lines at most (about 21 mm), for the letters and the co-applicant's signature
 * page alike. C5 and E65 windows open about 15 mm in, 40–44 mm down and 30–35 mm high.
 */
export const WINDOW = { left: 20 * MM, top: 45 * MM, width: 85 * MM, height: 25 * MM };
/**
 * A letter's text starts 20 mm below the window: a sheet folded into a C5 or DL envelope can
 * slide some 11–14 mm, and none of the text (codes least of all) may then show through the
 * window.
 */
export const LETTER_BODY_TOP = 90 * MM;

/**
 * The sender at the top left (the municipality, its unit and postal address) and the date at
 * the top right, read in that order. It ends above this line: some windows (E65, C6/5) open
 * 39–40 mm down, and a sheet slides a few millimetres in its envelope, so the sender stays
 * out of the window whatever the envelope.
 */
export const LETTERHEAD_BOTTOM = 35 * MM;

/** A letter's margins (pt): with them a letterhead of three small lines ends above that line. */
export const LETTER_MARGIN = 50;

/**
 * The letterhead: the municipality's name beside the date, then its unit and postal address in
 * small type the whole width of the page below the date, so that a long unit name does not
 * wrap and push the letterhead down towards the window.
 */
export function drawLetterhead(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  layout: { margin: number; width: number },
  municipality: Municipality,
  date: string,
): void {
  const { margin, width } = layout;
  const letterhead = structure.group('Div');
  doc.fillColor('#000000').strokeColor('#000000');
  structure.content(
    'P',
    () => {
      doc
        .font('bold')
        .fontSize(14)
        .text(municipality.name, margin, margin, { width: width * 0.6 });
    },
    letterhead,
  );
  doc.font('body').fontSize(9);
  structure.content(
    'P',
    () => {
      const lines = [
        municipality.unitName,
        municipality.streetAddress,
        `${municipality.postalCode} ${municipality.city}`,
      ];
      doc.text(spacedLines(lines.join('\n')), margin, doc.y, { width });
    },
    letterhead,
  );
  structure.content(
    'P',
    () => {
      doc.font('body').fontSize(10).text(date, margin, margin, { width, align: 'right' });
    },
    letterhead,
  );
  letterhead.end();
}

/**
 * The recipient's name and address where a window envelope shows it; the name alone when no
 * address is known (for a letter handed over, or addressed by hand).
 */
export function drawWindowAddress(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  name: string,
  address: string[],
): void {
  structure.content('P', () => {
    doc
      .font('body')
      .fontSize(11)
      .text(spacedLines([name, ...address].join('\n')), WINDOW.left, WINDOW.top, {
        width: WINDOW.width,
        height: WINDOW.height,
        ellipsis: true,
      });
  });
}

/**
 * A window-envelope letter's first page as a person reads it: who writes and when, to whom (in
 * the window), then the title (H1) where the body starts. Gives the document and a writer of the
 * letter's paragraphs, for the rest of the letter.
 */
export function startWindowLetter(letter: {
  title: string;
  municipality: Municipality;
  language: Language;
  /** The date line as shown, e.g. "Datum: 24 november 2026". */
  date: string;
  name: string;
  address: string[];
  margin: number;
}) {
  const { title, municipality, margin } = letter;
  const { doc, done, structure } = newTaggedPdfDocument({
    title,
    author: municipality.name,
    language: letter.language,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
  });
  const width = doc.page.width - 2 * margin;
  const paragraph = (text: string, gap = 0.6) => {
    structure.content('P', () => {
      doc.font('body').fontSize(11).text(text, margin, doc.y, { width });
    });
    doc.moveDown(gap);
  };
  drawLetterhead(doc, structure, { margin, width }, municipality, letter.date);
  drawWindowAddress(doc, structure, letter.name, letter.address);
  structure.content('H1', () => {
    doc.font('bold').fontSize(22).text(title, margin, LETTER_BODY_TOP, { width });
  });
  doc.moveDown(0.5);
  return { doc, done, structure, width, paragraph };
}
