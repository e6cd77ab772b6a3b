import { translator } from '../locales';
import { CREDENTIAL_PDF_MARGIN, drawCodeListPage, type CodeListPdfContent } from './code-list-pdf';
import { longDate } from './date-texts';
import { numberPages } from './pdf-document';
import { startWindowLetter } from './window-letter-pdf';

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
  // Read as a letter is read: who writes and when, to whom, then the letter.
  const { doc, done, structure, paragraph } = startWindowLetter({
    title: t('codeListLetterPdf.title'),
    municipality,
    language,
    date: t('activationLetterPdf.date', { date: longDate(content.issuedAt, language) }),
    name: content.name,
    address: content.address,
    margin,
  });
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
