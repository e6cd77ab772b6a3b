import { formatPersonnummer } from '../forms/format';
import { translator, type Language } from '../locales';
import { longDate } from './date-texts';
import type { Municipality } from './municipalities';
import { newTaggedPdfDocument, numberPages } from './pdf-document';
import { artifact, spacedLines } from './pdf-structure';
import { MM, WINDOW } from './window-letter-pdf';

const MARGIN = 50;

interface Person {
  name: string;
  /** Twelve digits. */
  personnummer: string;
}

/** The form a medsökande without an account signs on paper: plain data for a worker thread. */
export interface CoApplicantSignaturePdfContent {
  language: Language;
  municipality: Municipality;
  /** The application's title, e.g. "Ansökan om ekonomiskt bistånd – december 2026". */
  title: string;
  receiptNumber: string;
  submittedAt: Date;
  applicant: Person;
  coApplicant: Person;
  /** The form's own declaration, which the medsökande signs as the applicant did. */
  declaration: { title: string; text: string } | undefined;
}

/** One page: the municipality's address for a window envelope, who, what, the signature. */
export function renderCoApplicantSignaturePdf(
  content: CoApplicantSignaturePdfContent,
): Promise<Buffer> {
  const t = translator(content.language);
  const { municipality, language } = content;
  const { doc, done, structure } = newTaggedPdfDocument({
    title: t('coApplicantPdf.title'),
    author: municipality.name,
    language,
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
  });
  const width = doc.page.width - 2 * MARGIN;
  const address = [
    municipality.name,
    municipality.unitName,
    municipality.streetAddress,
    `${municipality.postalCode} ${municipality.city}`,
  ];
  doc.fillColor('#000000').strokeColor('#000000');
  const paragraph = (draw: () => void, parent?: PDFKit.PDFStructureElement) =>
    structure.content('P', draw, parent);

  // The receipt number at the top, so the caseworker matches the paper to the application.
  const right = MARGIN + width * 0.55;
  const rightWidth = width * 0.45;
  const receipt = structure.group('Div');
  paragraph(() => {
    doc.font('body').fontSize(9).text(t('coApplicantPdf.receiptNumber'), right, MARGIN, {
      width: rightWidth,
    });
  }, receipt);
  paragraph(() => {
    doc.font('bold').fontSize(15).text(content.receiptNumber, right, doc.y, { width: rightWidth });
  }, receipt);
  paragraph(() => {
    doc
      .font('body')
      .fontSize(9)
      .text(
        t('coApplicantPdf.submitted', { date: longDate(content.submittedAt, language) }),
        right,
        doc.y + 2,
        { width: rightWidth },
      );
  }, receipt);
  receipt.end();

  // The municipality's address, where a left-hand window envelope shows it.
  doc.font('body').fontSize(10);
  paragraph(() => {
    doc.text(spacedLines(address.join('\n')), WINDOW.left, WINDOW.top, { width: WINDOW.width });
  });

  doc.font('bold').fontSize(20);
  structure.content('H1', () => {
    doc.text(t('coApplicantPdf.title'), MARGIN, 100 * MM, { width });
  });
  doc.moveDown(0.3).font('body').fontSize(11);
  paragraph(() => {
    doc.text(
      t('coApplicantPdf.intro', {
        title: content.title,
        applicant: content.applicant.name,
        date: longDate(content.submittedAt, language),
      }),
      MARGIN,
      doc.y,
      { width },
    );
  });

  // Who is who: the applicant who sent it and the medsökande who signs here. A table, each row
  // headed by what it says.
  doc.moveDown(0.8);
  const labelWidth = width * 0.3;
  const people = structure.group('Table');
  const row = (label: string, value: string, bold = false) => {
    const top = doc.y;
    structure.headedRow(
      people,
      () => {
        doc.font('body').fontSize(10).fillColor('#444444').text(label, MARGIN, top, {
          width: labelWidth,
        });
      },
      () => {
        doc
          .font(bold ? 'bold' : 'body')
          .fontSize(11)
          .fillColor('#000000')
          .text(value, MARGIN + labelWidth, top, { width: width - labelWidth });
      },
    );
    doc.moveDown(0.25);
  };
  row(t('coApplicantPdf.applicant'), content.applicant.name, true);
  row(t('coApplicantPdf.personnummer'), personnummerAsPrinted(content.applicant.personnummer));
  doc.moveDown(0.3);
  row(t('coApplicantPdf.coApplicant'), content.coApplicant.name, true);
  row(t('coApplicantPdf.personnummer'), personnummerAsPrinted(content.coApplicant.personnummer));
  people.end();

  if (content.declaration) {
    const { declaration } = content;
    doc.moveDown(0.8).font('bold').fontSize(13);
    structure.content('H2', () => {
      doc.text(declaration.title, MARGIN, doc.y, { width });
    });
    doc.moveDown(0.2).font('body').fontSize(10);
    paragraph(() => {
      doc.text(spacedLines(declaration.text), MARGIN, doc.y, { width });
    });
  }

  // Room to sign by hand, then the lines (artifacts) with what goes on them.
  doc.moveDown(3.2);
  const lineTop = doc.y;
  const signatureWidth = width * 0.6;
  const dateLeft = MARGIN + width * 0.68;
  artifact(doc, 'Layout', () => {
    doc.lineWidth(1);
    doc
      .moveTo(MARGIN, lineTop)
      .lineTo(MARGIN + signatureWidth, lineTop)
      .stroke();
    doc
      .moveTo(dateLeft, lineTop)
      .lineTo(MARGIN + width, lineTop)
      .stroke();
  });
  paragraph(() => {
    doc
      .font('body')
      .fontSize(9)
      .text(t('pdf.signature', { name: content.coApplicant.name }), MARGIN, lineTop + 4, {
        width: signatureWidth,
      });
  });
  paragraph(() => {
    doc.text(t('pdf.date'), dateLeft, lineTop + 4, { width: MARGIN + width - dateLeft });
  });

  doc.moveDown(2).font('bold').fontSize(13);
  structure.content('H2', () => {
    doc.text(t('coApplicantPdf.sendHeading'), MARGIN, doc.y, { width });
  });
  doc.moveDown(0.2).font('body').fontSize(10);
  paragraph(() => {
    doc.text(t('coApplicantPdf.send'), MARGIN, doc.y, { width });
  });
  doc.moveDown(0.3);
  paragraph(() => {
    doc.text(address.join(', '), MARGIN, doc.y, { width });
  });
  doc.moveDown(0.3);
  paragraph(() => {
    doc.text(
      t('coApplicantPdf.questions', { phone: municipality.phone, email: municipality.email }),
      MARGIN,
      doc.y,
      { width },
    );
  });

  numberPages(doc, (page, pages) =>
    t('coApplicantPdf.footer', { receipt: content.receiptNumber, page, pages }),
  );
  doc.end();
  return done;
}

function personnummerAsPrinted(personnummer: string): string {
  return /^\d{12}$/.test(personnummer) ? formatPersonnummer(personnummer) : personnummer;
}
