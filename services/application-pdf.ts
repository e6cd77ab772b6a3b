import PDFDocument from 'pdfkit';
import type { SummarySection } from '../forms/summary';
import type { ChecklistItem, EstimateView } from '../forms/types';
import { translator, type Language } from '../locales';
import type { Municipality } from './municipalities';
import { useFonts } from './pdf-fonts';
import { drawQrCodes } from './paper-qr-grid';

const MARGIN = 50;
const FOOTER_SPACE = 40;

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
  declaration: { title: string; text: string } | undefined;
  signers: string[];
  attachments: ChecklistItem[];
  /** The texts of the QR codes (encodeAnswers); none on a copy of an electronic submission. */
  qrCodes: string[];
  /**
   * On the copy of an application sent electronically: when and how it was sent. It replaces
   * the signatures, the QR codes and the "unsigned" mark, which belong to paper.
   */
  submitted?: string;
}

/** The unsigned paper application: answers, estimate, signatures, QR codes. */
export function renderApplicationPdf(content: ApplicationPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: content.title, Author: content.municipality.name },
    // No Helvetica: pdfkit would parse its metrics for every document, and we never use it.
    font: null as unknown as string,
  });
  useFonts(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  /** Starts a new page unless `points` still fit, so a heading never ends a page alone. */
  const keepSpace = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string, size = 13) => {
    keepSpace(70);
    doc.moveDown(0.8).font('bold').fontSize(size).text(text, MARGIN, undefined, { width });
    doc.moveDown(0.3).font('body').fontSize(10);
  };
  /**
   * One column of a row, measured once: most answers fit on one line, which its width tells
   * without wrapping it, and then it is drawn without the line wrapper too.
   */
  const column = (text: string, columnWidth: number) => {
    const oneLine = !text.includes('\n') && doc.widthOfString(text) <= columnWidth;
    return {
      height: oneLine
        ? doc.currentLineHeight(true)
        : doc.heightOfString(text, { width: columnWidth }),
      draw: (x: number, y: number) =>
        doc.text(text, x, y, oneLine ? { lineBreak: false } : { width: columnWidth }),
    };
  };
  const row = (label: string, value: string) => {
    const labelWidth = width * 0.42;
    doc.font('body').fontSize(10);
    const left = column(label, labelWidth);
    const right = column(value, width - labelWidth - 10);
    const height = Math.max(left.height, right.height);
    const bottom = doc.page.height - doc.page.margins.bottom;
    // A row that fits on a page is never split; a longer answer starts where it is and runs on
    // over the pages, so no page is left nearly empty before or after it.
    const fitsOnAPage = height <= bottom - doc.page.margins.top;
    const room = bottom - doc.y;
    if (fitsOnAPage ? height > room : room < 3 * doc.currentLineHeight(true)) doc.addPage();
    const top = doc.y;
    const page = doc.page;
    doc.fillColor('#444444');
    left.draw(MARGIN, top);
    doc.fillColor('#000000');
    right.draw(MARGIN + labelWidth + 10, top);
    doc.y = (doc.page === page ? top + height : doc.y) + 4;
  };

  // The mailing address on top, where a window envelope shows it.
  const { municipality } = content;
  doc.font('body').fontSize(10);
  doc.text(municipality.name, MARGIN, MARGIN, { width });
  doc.text(municipality.unitName, { width });
  doc.text(municipality.streetAddress, { width });
  doc.text(`${municipality.postalCode} ${municipality.city}`, { width });
  doc.moveDown(1.5).font('bold').fontSize(16).text(content.title, { width });
  if (content.submitted) {
    doc.font('bold').fontSize(11).moveDown(0.3).text(content.submitted, { width });
  } else {
    doc.font('body').fontSize(10).moveDown(0.3).text(t('pdf.intro'), { width });
  }

  for (const section of content.sections) {
    if (section.rows.length === 0) continue;
    heading(section.title);
    for (const item of section.rows) row(item.label, item.value);
  }

  const { estimate, declaration } = content;
  if (estimate) {
    heading(estimate.title);
    for (const item of estimate.rows) row(item.label, item.value);
    doc.moveDown(0.3);
    for (const note of estimate.notes) {
      doc.text(note, MARGIN, undefined, { width, paragraphGap: 4 });
    }
  }

  if (declaration) {
    heading(declaration.title);
    doc.text(declaration.text, MARGIN, undefined, { width });
  }

  if (content.signers.length > 0) heading(t('pdf.signatures'));
  for (const signer of content.signers) {
    if (doc.y + 90 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1.5);
    const top = doc.y;
    doc
      .moveTo(MARGIN, top)
      .lineTo(MARGIN + width * 0.6, top)
      .stroke();
    doc
      .moveTo(MARGIN + width * 0.68, top)
      .lineTo(MARGIN + width, top)
      .stroke();
    doc
      .fontSize(9)
      .text(t('pdf.signature', { name: signer }), MARGIN, top + 4, { width: width * 0.6 });
    doc.text(t('pdf.date'), MARGIN + width * 0.68, top + 4, { width: width * 0.32 });
    doc.fontSize(10).moveDown(0.5);
  }

  if (content.submitted) {
    heading(t('pdf.attachmentsSent'));
    if (content.attachments.length === 0)
      doc.text(t('pdf.attachmentsNone'), MARGIN, undefined, { width });
    for (const attachment of content.attachments) {
      doc.text(`•  ${attachment.label}`, MARGIN, undefined, { width });
    }
  } else if (content.attachments.length > 0) {
    heading(t('pdf.attachments'));
    doc.text(t('pdf.attachmentsIntro'), MARGIN, undefined, { width });
    for (const attachment of content.attachments) {
      doc.text(`${attachment.enclosed ? '☒' : '☐'}  ${attachment.label}`, { width });
    }
  }

  if (content.qrCodes.length > 0) drawQrCodes(doc, content.qrCodes, t);

  // Every page says it is unsigned (or sent electronically) and which page it is.
  const mark = content.submitted ? t('pdf.submittedMark') : t('pdf.unsigned');
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const bottom = doc.page.height - MARGIN - 20;
    doc.page.margins.bottom = 0;
    doc.font('bold').fontSize(9).text(mark, MARGIN, bottom, { width, align: 'left' });
    doc.font('body').text(t('pdf.page', { page: index + 1, pages: range.count }), MARGIN, bottom, {
      width,
      align: 'right',
    });
  }
  doc.end();
  return done;
}
