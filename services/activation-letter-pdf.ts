import type { Language } from '../locales';
import { translator } from '../locales';
import { formatPersonnummer } from '../forms/format';
import { CREDENTIAL_PDF_MARGIN, drawCodeListPage, type CodeListPdfContent } from './code-list-pdf';
import type { NumberedCode } from './code-lists';
import { clockTime, longDate } from './date-texts';
import type { Municipality } from './municipalities';
import { numberPages } from './pdf-document';
import { artifact } from './pdf-structure';
import { startWindowLetter } from './window-letter-pdf';

/** The letter to a new account holder: plain data only, as it crosses to a worker thread. */
export interface ActivationLetterPdfContent {
  language: Language;
  municipality: Municipality;
  /** The day the letter is written. */
  date: Date;
  name: string;
  /**
   * Street, postal code and town, printed under the name in the envelope's window. Empty when
   * the municipality knows none: the name stands there alone, for a letter handed over in
   * person or addressed by hand.
   */
  address: string[];
  /** Twelve digits (or already YYYYMMDD-XXXX). */
  personnummer: string;
  /** As printed, e.g. "ACDE-FHJK-MNPR". */
  activationCode: string;
  expiresAt: Date;
  /** Where the e-service is, e.g. "https://ekonomiskt-bistand.exempelby.se". */
  loginUrl: string;
  codes: NumberedCode[];
}

/** The address a new account holder types: the e-service's address and /aktivera. */
export function activationAddress(loginUrl: string): string {
  return `${loginUrl.replace(/\/+$/, '')}/aktivera`;
}

/** Page 1: the letter that tells how to activate the account; page 2: the code list. */
export function renderActivationLetterPdf(content: ActivationLetterPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const { municipality, language } = content;
  const margin = CREDENTIAL_PDF_MARGIN;
  // Read as a letter is read: who writes and when, to whom, then the letter.
  const { doc, done, structure, width, paragraph } = startWindowLetter({
    title: t('activationLetterPdf.title'),
    municipality,
    language,
    date: t('activationLetterPdf.date', { date: longDate(content.date, language) }),
    name: content.name,
    address: content.address,
    margin,
  });
  paragraph(t('activationLetterPdf.greeting', { name: content.name }), 0.4);
  paragraph(t('activationLetterPdf.intro'), 1);

  // What to type, boxed so it is found again at the computer; the box is an artifact.
  const boxTop = doc.y;
  const inside = margin + 16;
  doc.y = boxTop + 14;
  const box = structure.group('Div');
  const line = (draw: () => void) => structure.content('P', draw, box);
  line(() => {
    doc.font('body').fontSize(10).text(t('activationLetterPdf.personnummer'), inside, doc.y);
  });
  line(() => {
    doc.font('bold').fontSize(16).text(personnummerAsPrinted(content.personnummer), inside, doc.y, {
      characterSpacing: 0.5,
    });
  });
  doc.moveDown(0.5);
  line(() => {
    doc.font('body').fontSize(10).text(t('activationLetterPdf.code'), inside, doc.y);
  });
  line(() => {
    doc
      .font('bold')
      .fontSize(24)
      .text(content.activationCode, inside, doc.y, { characterSpacing: 2 });
  });
  doc.moveDown(0.3).font('body').fontSize(10);
  line(() => {
    doc.text(
      t('activationLetterPdf.validUntil', {
        date: longDate(content.expiresAt, language),
        time: clockTime(content.expiresAt, language),
      }),
      inside,
      doc.y,
      { width: width - 32 },
    );
  });
  box.end();
  const boxBottom = doc.y + 12;
  artifact(doc, 'Layout', () => {
    doc
      .lineWidth(1.5)
      .rect(margin, boxTop, width, boxBottom - boxTop)
      .stroke();
  });
  doc.y = boxBottom + 18;

  doc.font('bold').fontSize(14);
  structure.content('H2', () => {
    doc.text(t('activationLetterPdf.stepsHeading'), margin, doc.y, { width });
  });
  doc.moveDown(0.4);
  const steps = structure.group('L');
  const step = (number: number, draw: (x: number, stepWidth: number) => void) => {
    const top = doc.y;
    structure.listItem(
      steps,
      () => {
        doc
          .font('bold')
          .fontSize(11)
          .text(`${number}.`, margin, top, { width: 16, lineBreak: false });
      },
      () => {
        doc.y = top;
        draw(margin + 20, width - 20);
      },
    );
    doc.moveDown(0.4);
  };
  step(1, (x, stepWidth) => {
    // The space after the colon keeps the address apart from the words when read out.
    doc
      .font('body')
      .fontSize(11)
      .text(`${t('activationLetterPdf.step.1')} `, x, doc.y, {
        width: stepWidth,
      });
    doc
      .font('bold')
      .fontSize(13)
      .text(activationAddress(content.loginUrl), x, doc.y, { width: stepWidth });
  });
  for (const [number, key] of [
    [2, 'activationLetterPdf.step.2'],
    [3, 'activationLetterPdf.step.3'],
    [4, 'activationLetterPdf.step.4'],
  ] as const) {
    step(number, (x, stepWidth) => {
      doc.font('body').fontSize(11).text(t(key), x, doc.y, { width: stepWidth });
    });
  }
  steps.end();

  doc.moveDown(0.6);
  paragraph(t('activationLetterPdf.expired'), 0.4);
  paragraph(t('activationLetterPdf.safety'), 0.4);
  paragraph(
    t('activationLetterPdf.questions', { phone: municipality.phone, email: municipality.email }),
    0.8,
  );
  paragraph(t('activationLetterPdf.regards'), 0);
  paragraph(municipality.unitName, 0);
  paragraph(municipality.name, 0);

  doc.addPage();
  const codeList: CodeListPdfContent = {
    language,
    municipality,
    name: content.name,
    issuedAt: content.date,
    codes: content.codes,
  };
  drawCodeListPage(doc, structure, codeList, t, { title: 'H2', how: 'H3' });
  numberPages(doc, (page, pages) => t('pdf.page', { page, pages }));
  doc.end();
  return done;
}

function personnummerAsPrinted(personnummer: string): string {
  return /^\d{12}$/.test(personnummer) ? formatPersonnummer(personnummer) : personnummer;
}
