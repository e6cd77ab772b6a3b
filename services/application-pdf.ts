import type { SummaryRow, SummarySection } from '../forms/summary';
import type { ChecklistItem, Declaration, EstimateView } from '../forms/types';
import { translator, type Language } from '../locales';
import type { Municipality } from './municipalities';
import { drawQrCodes } from './paper-qr-grid';
import { newTaggedPdfDocument } from './pdf-document';
import { artifact, spacedLines } from './pdf-structure';
import { LETTER_BODY_TOP, WINDOW } from './window-letter-pdf';

const MARGIN = 50;
const FOOTER_SPACE = 50;
/** Room for a section heading (see `heading`): the space above it, its line, the space below. */
const HEADING_HEIGHT = 36;
/** Room for one signer: space, the lines, their captions. */
const SIGNATURE_HEIGHT = 60;

/**
 * Everything the paper application shows. Plain data only (it crosses to a worker thread): the
 * worker translates its own fixed texts into `language` and draws the QR codes from their texts.
 */
export interface ApplicationPdfContent {
  title: string;
  language: Language;
  municipality: Municipality;
  sections: SummarySection[];
  estimate: EstimateView | undefined;
  declaration: Declaration | undefined;
  signers: string[];
  /**
   * Whose application and for which month, on every page's foot (the paper's pages may part):
   * its parts, joined on one line; the first (a name) is shortened to keep it one.
   */
  pageFooter?: string[];
  attachments: ChecklistItem[];
  /** The texts of the QR codes (encodeAnswers); none on a copy of an electronic submission. */
  qrCodes: string[];
  /**
   * On the copy of an application sent electronically: when and how it was sent. It replaces
   * the signatures, the QR codes and the "unsigned" mark, which belong to paper.
   */
  submitted?: string;
  /** The copy of a paper application registered by a caseworker: every page says so. */
  cameByPost?: boolean;
}

/**
 * The unsigned paper application: answers, estimate, signatures, QR codes. A tagged PDF, read
 * by a screen reader as headings, tables of question and answer, paragraphs and lists.
 */
export function renderApplicationPdf(content: ApplicationPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const { doc, done, structure } = newTaggedPdfDocument({
    title: content.title,
    author: content.municipality.name,
    language: content.language,
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
  });
  const width = doc.page.width - 2 * MARGIN;
  const paragraph = (draw: () => void) => structure.content('P', draw);

  /** Starts a new page unless `points` still fit, so a heading never ends a page alone. */
  const keepSpace = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  /** A heading, kept with `keep` points of what follows it (70: a few lines). */
  const heading = (text: string, size = 13, keep = 70) => {
    keepSpace(keep);
    doc.moveDown(0.8).font('bold').fontSize(size);
    structure.content('H2', () => doc.text(text, MARGIN, undefined, { width }));
    doc.moveDown(0.3).font('body').fontSize(10);
  };
  /**
   * One column of a row, measured once: most answers fit on one line, which its width tells
   * without wrapping it, and then it is drawn without the line wrapper too.
   */
  const column = (typed: string, columnWidth: number) => {
    const text = spacedLines(typed);
    const oneLine = !text.includes('\n') && doc.widthOfString(text) <= columnWidth;
    return {
      height: oneLine
        ? doc.currentLineHeight(true)
        : doc.heightOfString(text, { width: columnWidth }),
      draw: (x: number, y: number) =>
        doc.text(text, x, y, oneLine ? { lineBreak: false } : { width: columnWidth }),
    };
  };
  /** One row's question and answer, measured for the page before either is drawn. */
  const cells = (label: string, value: string) => {
    const labelWidth = width * 0.42;
    doc.font('body').fontSize(10);
    const left = column(label, labelWidth);
    const right = column(value, width - labelWidth - 10);
    return { labelWidth, left, right, height: Math.max(left.height, right.height) };
  };
  /**
   * A section: its heading, then its questions and answers as a table, each row headed by its
   * question. The heading never ends a page alone: it moves to the next page with its first
   * row when that row fits there whole, and a first row longer than a page starts under it.
   */
  const measureRows = (items: readonly SummaryRow[]) =>
    items.map((item) => {
      // Several options chosen, each on a line of its own: their words may hold commas.
      const several = item.items && item.items.length > 1;
      const value = several ? (item.items ?? []).map((one) => `• ${one}`).join('\n') : item.value;
      return cells(item.label, value);
    });
  const drawTable = (measured: ReturnType<typeof measureRows>) => {
    const table = structure.group('Table');
    measured.forEach((row, index) => drawRow(table, row, index === 0));
    table.end();
  };
  const answersSection = (title: string, items: readonly SummaryRow[]) => {
    const measured = measureRows(items);
    const first = measured[0]?.height ?? 0;
    const pageHeight = doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
    const firstFits = HEADING_HEIGHT + first <= pageHeight;
    heading(
      title,
      13,
      Math.max(70, HEADING_HEIGHT + (firstFits ? first : 3 * doc.currentLineHeight(true))),
    );
    drawTable(measured);
  };
  /**
   * A row that fits on a page is never split; a longer answer starts where it is and runs on
   * over the pages, so no page is left nearly empty before or after it. The first row of a
   * section has its room already (see `answersSection`).
   */
  const drawRow = (
    table: PDFKit.PDFStructureElement,
    { labelWidth, left, right, height }: ReturnType<typeof cells>,
    first: boolean,
  ) => {
    doc.font('body').fontSize(10);
    const bottom = doc.page.height - doc.page.margins.bottom;
    const fitsOnAPage = height <= bottom - doc.page.margins.top;
    const room = bottom - doc.y;
    if (!first && (fitsOnAPage ? height > room : room < 3 * doc.currentLineHeight(true))) {
      doc.addPage();
    }
    const top = doc.y;
    const page = doc.page;
    const tableRow = structure.group('TR', table);
    structure.content(
      'TH',
      () => {
        doc.fillColor('#444444');
        left.draw(MARGIN, top);
        doc.fillColor('#000000');
      },
      tableRow,
      { scope: 'Row' },
    );
    structure.content('TD', () => right.draw(MARGIN + labelWidth + 10, top), tableRow);
    tableRow.end();
    doc.y = (doc.page === page ? top + height : doc.y) + 4;
  };
  /** A list whose items each start with a mark (a bullet, a ticked or empty box). */
  const list = (items: readonly { mark: string; markText?: string; text: string }[]) => {
    const element = structure.group('L');
    for (const item of items) {
      const indent = doc.widthOfString(`${item.mark}  `);
      // An item is never parted from its mark: one that does not fit starts the next page.
      const height = doc.heightOfString(item.text, { width: width - indent });
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const listItem = structure.group('LI', element);
      const top = doc.y;
      structure.content(
        'Lbl',
        () => doc.text(item.mark, MARGIN, top, { lineBreak: false }),
        listItem,
        item.markText ? { actual: item.markText } : {},
      );
      structure.content(
        'LBody',
        () => doc.text(item.text, MARGIN + indent, top, { width: width - indent }),
        listItem,
      );
      listItem.end();
      doc.x = MARGIN;
    }
    element.end();
  };

  // The title on top; then the municipality's address where a left-hand window envelope shows
  // it, with nothing else near the window; the text starts below it.
  const { municipality } = content;
  doc.font('bold').fontSize(16);
  structure.content('H1', () => doc.text(content.title, MARGIN, MARGIN, { width }));
  doc.font('body').fontSize(10);
  const address = [
    municipality.name,
    municipality.unitName,
    municipality.streetAddress,
    `${municipality.postalCode} ${municipality.city}`,
  ];
  paragraph(() => {
    doc.text(spacedLines(address.join('\n')), WINDOW.left, WINDOW.top, {
      width: WINDOW.width,
      height: WINDOW.height,
      ellipsis: true,
    });
  });
  doc.y = LETTER_BODY_TOP;
  if (content.submitted) {
    doc.font('bold').fontSize(11);
    paragraph(() => doc.text(content.submitted ?? '', MARGIN, doc.y, { width }));
  } else {
    doc.font('body').fontSize(10);
    paragraph(() => doc.text(t('pdf.intro'), MARGIN, doc.y, { width }));
  }

  const { estimate, declaration } = content;
  // The declaration is printed whole at the end, under its own title. On paper the signatures
  // below it confirm it; a sent application's tick ("Jag har läst och intygar detta") is
  // printed there, below the text it confirms, not a second time among the answers.
  const isDeclaration = (section: (typeof content.sections)[number]) =>
    section.stepId === declaration?.stepId;
  for (const section of content.sections) {
    if (section.rows.length === 0 || isDeclaration(section)) continue;
    answersSection(section.title, section.rows);
  }
  const confirmation = content.submitted ? content.sections.find(isDeclaration)?.rows : undefined;

  if (estimate) {
    answersSection(estimate.title, estimate.rows);
    doc.moveDown(0.3);
    for (const note of estimate.notes) {
      paragraph(() => doc.text(spacedLines(note), MARGIN, undefined, { width, paragraphGap: 4 }));
    }
  }

  // The declaration and the lines to sign it on stay on one page: a new one when they do not fit.
  if (declaration || content.signers.length > 0) {
    doc.font('body').fontSize(10);
    const declarationHeight = declaration
      ? HEADING_HEIGHT + doc.heightOfString(spacedLines(declaration.text), { width })
      : 0;
    const signaturesHeight =
      content.signers.length > 0 ? HEADING_HEIGHT + content.signers.length * SIGNATURE_HEIGHT : 0;
    keepSpace(declarationHeight + signaturesHeight);
  }
  if (declaration) {
    heading(declaration.title);
    paragraph(() => doc.text(spacedLines(declaration.text), MARGIN, undefined, { width }));
    if (confirmation && confirmation.length > 0) {
      doc.moveDown(0.5);
      drawTable(measureRows(confirmation));
    }
  }

  if (content.signers.length > 0) heading(t('pdf.signatures'));
  for (const signer of content.signers) {
    if (doc.y + SIGNATURE_HEIGHT > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1.5);
    const top = doc.y;
    // The lines to sign and date on are drawn for the pen; what they are for is said below them.
    artifact(doc, 'Layout', () => {
      doc
        .moveTo(MARGIN, top)
        .lineTo(MARGIN + width * 0.6, top)
        .stroke();
      doc
        .moveTo(MARGIN + width * 0.68, top)
        .lineTo(MARGIN + width, top)
        .stroke();
    });
    doc.fontSize(9);
    const signature = t('pdf.signature', { name: signer });
    // A long name wraps under its line; what follows starts below the taller of the two.
    const below =
      top +
      4 +
      Math.max(
        doc.heightOfString(signature, { width: width * 0.6 }),
        doc.heightOfString(t('pdf.date'), { width: width * 0.32 }),
      );
    paragraph(() => doc.text(signature, MARGIN, top + 4, { width: width * 0.6 }));
    paragraph(() =>
      doc.text(t('pdf.date'), MARGIN + width * 0.68, top + 4, { width: width * 0.32 }),
    );
    doc.y = below;
    doc.fontSize(10).moveDown(0.5);
  }

  if (content.submitted) {
    heading(t('pdf.attachmentsSent'));
    if (content.attachments.length === 0)
      paragraph(() => doc.text(t('pdf.attachmentsNone'), MARGIN, undefined, { width }));
    list(content.attachments.map((attachment) => ({ mark: '•', text: attachment.label })));
  } else if (content.attachments.length > 0) {
    heading(t('pdf.attachments'));
    paragraph(() => doc.text(t('pdf.attachmentsIntro'), MARGIN, undefined, { width }));
    list(
      content.attachments.map((attachment) => ({
        mark: attachment.enclosed ? '☒' : '☐',
        // Read out as words: a screen reader may call the boxes nothing, or "ballot box".
        markText: t(attachment.enclosed ? 'pdf.ticked' : 'pdf.notTicked'),
        // What the answers call for says so, ticked or not: the person packing the envelope sees
        // what is still missing.
        text: attachment.needed
          ? `${attachment.label} ${t('pdf.attachmentNeeded')}`
          : attachment.label,
      })),
    );
  }

  if (content.qrCodes.length > 0) drawQrCodes(doc, structure, content.qrCodes, t);

  // Every page says it is unsigned (or sent electronically) and which page it is: page
  // furniture, since the first page says it in words.
  const mark = content.cameByPost
    ? t('pdf.postMark')
    : content.submitted
      ? t('pdf.submittedMark')
      : t('pdf.unsigned');
  const range = doc.bufferedPageRange();
  doc.font('body').fontSize(9);
  const footer = content.pageFooter?.length ? oneLineFooter(doc, content.pageFooter, width) : '';
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const bottom = doc.page.height - MARGIN - 20;
    doc.page.margins.bottom = 0;
    artifact(doc, 'footer', () => {
      if (footer) {
        doc
          .font('body')
          .fontSize(9)
          .text(footer, MARGIN, bottom - 13, { width, lineBreak: false });
      }
      doc.font('bold').fontSize(9).text(mark, MARGIN, bottom, { width, align: 'left' });
      doc
        .font('body')
        .text(t('pdf.page', { page: index + 1, pages: range.count }), MARGIN, bottom, {
          width,
          align: 'right',
        });
    });
  }
  doc.end();
  return done;
}

const FOOTER_SEPARATOR = ' · ';

/**
 * The foot's parts on one line, in the current font: a very long name (the form takes 100
 * characters each for first and last name) loses its end to "…", so the line never wraps onto
 * the "unsigned" mark under it and the personnummer and month stay whole.
 */
function oneLineFooter(doc: PDFKit.PDFDocument, parts: string[], width: number): string {
  const [first = '', ...rest] = parts;
  const line = (name: string) => [name, ...rest].join(FOOTER_SEPARATOR);
  if (doc.widthOfString(line(first)) <= width) return line(first);
  const letters = Array.from(first);
  let keep = letters.length;
  while (
    keep > 1 &&
    doc.widthOfString(line(`${letters.slice(0, keep).join('').trimEnd()}…`)) > width
  )
    keep -= 1;
  return line(`${letters.slice(0, keep).join('').trimEnd()}…`);
}
