import { translator } from '../locales';
import { CREDENTIAL_PDF_MARGIN, drawCodeListPage, type CodeListPdfContent } from './code-list-pdf';
import { longDate } from './date-texts';
import { newTaggedPdfDocument, numberPages } from './pdf-document';
import { drawLetterhead, drawWindowAddress, LETTER_BODY_TOP } from './window-letter-pdf';

/** A new code list to mail: plain data only, as it crosses to a worker thread. */
export interface CodeListLetterPdfContent extends CodeListPdfContent {
  /**
   * Street, postal code and town, printed under the name in the envelope's window. Empty when
   * the municipality knows none: the name stands there alone.
   */
  address: string[];
}

/**
 * A new code list by post. Page 1: a short letter with the applicant's name and address where
 * a window envelope shows it; page 2: the code list, so no code is anywhere near the window.
 */
export function renderCodeListLetterPdf(content: CodeListLetterPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const { municipality, language } = content;
  const margin = CREDENTIAL_PDF_MARGIN;
  const { doc, done, structure } = newTaggedPdfDocument({
    title: t('codeListLetterPdf.title'),
    author: municipality.name,
    language,
    margins: { top: margin, bottom: margin, left: margin, right: margin },
  });
  const width = doc.page.width - 2 * margin;
  const paragraph = (text: string, gap = 0.6) => {
    structure.content('P', () => {
      doc.font('body').fontSize(11).text(text, margin, doc.y, { width });
    });
    doc.moveDown(gap);
  };

  const date = t('activationLetterPdf.date', { date: longDate(content.issuedAt, language) });
  drawLetterhead(doc, structure, { margin, width }, municipality, date);
  drawWindowAddress(doc, structure, content.name, content.address);

  structure.content('H1', () => {
    doc
      .font('bold')
      .fontSize(22)
      .text(t('codeListLetterPdf.title'), margin, LETTER_BODY_TOP, { width });
  });
  doc.moveDown(0.5);
  paragraph(t('activationLetterPdf.greeting', { name: content.name }), 0.4);
  paragraph(t('codeListLetterPdf.intro'));
  paragraph(t('codeListLetterPdf.old'));
  paragraph(t('codeListLetterPdf.login'));
  paragraph(t('codeListLetterPdf.safety'));
  paragraph(
    t('activationLetterPdf.questions', { phone: municipality.phone, email: municipality.email }),
    0.8,
  );
  paragraph(t('activationLetterPdf.regards'), 0);
  paragraph(municipality.unitName, 0);
  paragraph(municipality.name, 0);

  doc.addPage();
  drawCodeListPage(doc, structure, content, t, { title: 'H2', how: 'H3' });
  numberPages(doc, (page, pages) => t('pdf.page', { page, pages }));
  doc.end();
  return done;
}
