import { formatMonth } from '../forms/format';
import { translator, type Language } from '../locales';
import { longDate } from './date-texts';
import type { Municipality } from './municipalities';
import { numberPages } from './pdf-document';
import { spacedLines } from './pdf-structure';
import { LETTER_MARGIN, startWindowLetter } from './window-letter-pdf';

const MARGIN = LETTER_MARGIN;

/** The letter asking a paper applicant for a completion: plain data, as it crosses to a worker. */
export interface CompletionLetterPdfContent {
  language: Language;
  municipality: Municipality;
  /** The day the completion was asked for. */
  date: Date;
  recipient: { name: string; address: string[] };
  receiptNumber: string;
  /** YYYY-MM */
  period: string | undefined;
  /** What is wrong or missing: the question or paper in Swedish, and the caseworker's reason. */
  items: { label: string; missingFile: boolean; answer?: string | undefined; reason: string }[];
  message: string | undefined;
  /** YYYY-MM-DD: the last day for the answer. */
  dueDate: string;
  caseworkerName: string;
}

/**
 * "Vi behöver fler uppgifter": the marks of a completion request as a letter on A4 for a window
 * envelope, to an applicant who applied on paper and has no account to answer with. Says what
 * to send, by when, where to, what happens if nothing comes, and whom to ask.
 */
export function renderCompletionLetterPdf(content: CompletionLetterPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const { municipality, language } = content;
  const due = longDate(new Date(`${content.dueDate}T12:00:00Z`), language);
  const { doc, done, structure, width, paragraph } = startWindowLetter({
    title: t('completionLetter.title'),
    municipality,
    language,
    date: t('completionLetter.date', { date: longDate(content.date, language) }),
    name: content.recipient.name,
    address: content.recipient.address,
    margin: MARGIN,
  });
  const heading = (text: string) => {
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(0.4);
    structure.content('H2', () => {
      doc.font('bold').fontSize(14).text(text, MARGIN, doc.y, { width });
    });
    doc.moveDown(0.3);
  };
  paragraph(t('completionLetter.greeting', { name: content.recipient.name }), 0.4);
  paragraph(
    t('completionLetter.intro', {
      period: content.period ? formatMonth(content.period, t) : t('decision.pdf.noPeriod'),
      receipt: content.receiptNumber,
    }),
    0.6,
  );

  heading(t('completionLetter.itemsHeading'));
  const list = structure.group('L');
  for (const item of content.items) {
    const top = doc.y;
    structure.listItem(
      list,
      () => {
        doc.font('bold').fontSize(11).text('•', MARGIN, top, { width: 12, lineBreak: false });
      },
      () => {
        doc.y = top;
        const label = item.missingFile
          ? t('completionLetter.missingFile', { label: item.label })
          : item.label;
        doc
          .font('bold')
          .fontSize(11)
          .text(label, MARGIN + 14, doc.y, { width: width - 14 });
        if (item.answer !== undefined) {
          doc
            .font('body')
            .fontSize(11)
            .text(
              t('completionLetter.answered', { answer: item.answer || '–' }),
              MARGIN + 14,
              doc.y,
              {
                width: width - 14,
              },
            );
        }
        doc
          .font('body')
          .fontSize(11)
          .text(item.reason, MARGIN + 14, doc.y, { width: width - 14 });
      },
    );
    doc.moveDown(0.4);
  }
  list.end();
  if (content.message) {
    heading(t('completionLetter.messageHeading'));
    paragraph(content.message, 0.6);
  }

  heading(t('completionLetter.sendHeading', { date: due }));
  paragraph(t('completionLetter.sendTo'), 0.2);
  const postal = [municipality.unitName, municipality.streetAddress];
  postal.push(`${municipality.postalCode} ${municipality.city}`);
  paragraph(spacedLines(postal.filter((line) => line.trim() !== '').join('\n')), 0.4);
  paragraph(t('completionLetter.nameOnEach', { receipt: content.receiptNumber }), 0.4);
  paragraph(t('completionLetter.late'), 0.6);

  paragraph(
    t('completionLetter.questions', {
      name: content.caseworkerName,
      phone: municipality.phone,
      email: municipality.email,
    }),
    0.8,
  );
  // The greeting and the signature stay together: never a page of their own.
  if (doc.y + 3 * doc.currentLineHeight(true) > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  }
  paragraph(t('activationLetterPdf.regards'), 0);
  paragraph(content.caseworkerName, 0);
  paragraph(municipality.name, 0);
  numberPages(doc, (page, pages) => t('pdf.page', { page, pages }));
  doc.end();
  return done;
}
