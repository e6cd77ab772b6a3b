import { formatMonth, formatOre } from '../forms/format';
import { translator, type Language, type MessageKey } from '../locales';
import { longDate } from './date-texts';
import type { Municipality } from './municipalities';
import { newTaggedPdfDocument, numberPages } from './pdf-document';
import { drawSums } from './decision-letter-sums';
import { artifact, spacedLines } from './pdf-structure';
import { MM, WINDOW } from './window-letter-pdf';

const MARGIN = 20 * MM;
/** The letter's text starts below the window and the fold. */
const BODY_TOP = 100 * MM;
const GREY = '#444444';

/** The decision letter: plain data only, as it crosses to a worker thread. */
export interface DecisionLetterPdfContent {
  language: Language;
  municipality: Municipality;
  /** The day of the decision. */
  date: Date;
  recipient: { name: string; address: string[] };
  /** The medsökande, who applied together with the recipient: the decision is theirs too. */
  coApplicantName?: string | undefined;
  receiptNumber: string;
  /** The applicant's, as "19121212-1212": which person the decision is about, beside the name. */
  personnummer?: string | undefined;
  /** YYYY-MM */
  period: string | undefined;
  outcome: 'beviljad' | 'delvis-beviljad' | 'avslag';
  parts: {
    label: string;
    kind: 'norm' | 'cost';
    appliedOre: number;
    grantedOre: number;
    reason: string | null;
  }[];
  totalAppliedOre: number;
  totalGrantedOre: number;
  incomeOre: number;
  /** The month's incomes one by one; they add up to incomeOre. */
  incomes: { label: string; amountOre: number }[];
  payableOre: number;
  /** What the riksnorm is, for which year, and how the household was counted. */
  normNotes: string[];
  /** The law the decision rests on, e.g. "socialtjänstlagen (2025:400)": the municipality's. */
  legalBasis: string;
  /** When and how the money is paid: the municipality's text. */
  paymentInfo: string;
  caseworkerName: string;
}

/**
 * A Swedish authority's decision letter on A4: letterhead and the applicant's address for a
 * window envelope, the decision and its sums, the reasons for what was refused, how to appeal,
 * and whom to ask. Everything the applicant wrote is drawn as text, never interpreted.
 */
export function renderDecisionLetterPdf(content: DecisionLetterPdfContent): Promise<Buffer> {
  const t = translator(content.language);
  const { municipality, language } = content;
  const period = content.period ? formatMonth(content.period, t) : t('decision.pdf.noPeriod');
  const title = t('decision.pdf.title', { period });
  const { doc, done, structure } = newTaggedPdfDocument({
    title,
    author: municipality.name,
    language,
    margins: { top: MARGIN, bottom: 27 * MM, left: MARGIN, right: MARGIN },
  });
  const width = doc.page.width - 2 * MARGIN;
  doc.fillColor('#000000').strokeColor('#000000');

  // Read as a letter is read: who sends it, its date and reference, to whom, then the letter.
  // Letterhead on the left; the document's own details on the right.
  const letterhead = structure.group('Div');
  structure.content(
    'P',
    () => {
      doc
        .font('bold')
        .fontSize(14)
        .text(municipality.name, MARGIN, MARGIN, { width: width * 0.55 });
    },
    letterhead,
  );
  structure.content(
    'P',
    () => {
      doc
        .font('body')
        .fontSize(9)
        .fillColor(GREY)
        .text(municipality.unitName, { width: width * 0.55 });
    },
    letterhead,
  );
  const right = MARGIN + width * 0.6;
  const rightWidth = width * 0.4;
  structure.content(
    'P',
    () => {
      doc
        .fillColor('#000000')
        .font('bold')
        .fontSize(12)
        .text(t('decision.pdf.kind'), right, MARGIN, { width: rightWidth });
    },
    letterhead,
  );
  doc.font('body').fontSize(9);
  structure.content(
    'P',
    () => {
      doc.text(
        t('decision.pdf.date', { date: longDate(content.date, language) }),
        right,
        doc.y + 2,
        { width: rightWidth },
      );
    },
    letterhead,
  );
  structure.content(
    'P',
    () => {
      doc.text(t('decision.pdf.reference', { receipt: content.receiptNumber }), right, doc.y, {
        width: rightWidth,
      });
    },
    letterhead,
  );
  const { personnummer } = content;
  if (personnummer) {
    structure.content(
      'P',
      () => {
        doc.text(t('decision.pdf.personnummer', { personnummer }), right, doc.y, {
          width: rightWidth,
        });
      },
      letterhead,
    );
  }
  letterhead.end();

  // The applicant's address, in the envelope's window: content, as on any letter. A decision on
  // two who applied together is addressed to both (they live at the address, and both may appeal).
  const names = [
    content.recipient.name,
    ...(content.coApplicantName ? [content.coApplicantName] : []),
  ];
  structure.content('P', () => {
    doc
      .font('body')
      .fontSize(11)
      .text(
        spacedLines([...names, ...content.recipient.address].join('\n')),
        WINDOW.left,
        WINDOW.top,
        {
          width: WINDOW.width,
        },
      );
  });

  structure.content('H1', () => {
    doc.font('bold').fontSize(17).text(title, MARGIN, BODY_TOP, { width });
  });
  doc.moveDown(0.4);
  const paragraph = (
    text: string,
    options: {
      gap?: number;
      size?: number;
      type?: string;
      parent?: PDFKit.PDFStructureElement;
    } = {},
  ) => {
    structure.content(
      options.type ?? 'P',
      () => {
        doc
          .font('body')
          .fontSize(options.size ?? 10.5)
          .fillColor('#000000')
          .text(spacedLines(text), MARGIN, doc.y, { width });
      },
      options.parent,
    );
    doc.moveDown(options.gap ?? 0.5);
  };
  /** A heading, kept on one page with `keep` points of what follows it. */
  const heading = (text: string, keep = 60) => {
    keepTogether(doc, keep);
    doc.moveDown(0.4);
    structure.content('H2', () => {
      doc.font('bold').fontSize(12.5).fillColor('#000000').text(text, MARGIN, doc.y, { width });
    });
    doc.moveDown(0.25);
  };

  paragraph(
    t(`decision.pdf.outcome.${content.outcome}` as MessageKey, {
      name: content.recipient.name,
      period,
      payable: formatOre(content.payableOre),
      granted: formatOre(content.totalGrantedOre),
    }),
  );
  if (content.coApplicantName) {
    paragraph(t('decision.pdf.together', { coApplicant: content.coApplicantName }));
  }
  // The provisions applied (förvaltningslagen 32 §), said once at the top and with each refusal.
  paragraph(t('decision.pdf.law', { basis: content.legalBasis }));
  // Who decided (förvaltningslagen 31 §: the decision names who made it).
  paragraph(
    t('decision.pdf.decidedBy', { name: content.caseworkerName, unit: municipality.unitName }),
  );

  heading(t('decision.pdf.sumsHeading'));
  drawSums(doc, structure, content, t, { left: MARGIN, width, headingColor: GREY });

  const refused = content.parts.filter((part) => part.grantedOre < part.appliedOre);
  const incomeCovers = content.totalGrantedOre > 0 && content.payableOre === 0;
  if (incomeCovers) {
    heading(t('decision.pdf.incomeCoversHeading'));
    paragraph(
      t('decision.pdf.incomeCovers', {
        income: formatOre(content.incomeOre),
        granted: formatOre(content.totalGrantedOre),
      }),
    );
    paragraph(t('decision.pdf.reasonLaw', { basis: content.legalBasis }), { gap: 0.6 });
  }
  if (refused.length > 0) {
    // A refused part is read as one: its heading, the sums, the reason and the law stay on one
    // page (with the section's heading above the first), unless the reason is near a page long.
    const keep = (part: (typeof refused)[number]) =>
      Math.min(refusedPartHeight(part), 0.8 * pageBodyHeight(doc));
    const [first] = refused;
    heading(t('decision.pdf.reasonsHeading'), Math.max(60, 30 + (first ? keep(first) : 0)));
    for (const part of refused) {
      keepTogether(doc, keep(part));
      // Each refused part under its own heading, so a screen reader can go from one to the next.
      structure.content('H3', () => {
        doc.font('bold').fontSize(10.5).text(part.label, MARGIN, doc.y, { width });
      });
      paragraph(
        t('decision.pdf.reasonAmounts', {
          applied: formatOre(part.appliedOre),
          granted: formatOre(part.grantedOre),
        }),
        { gap: 0.1 },
      );
      if (part.reason) paragraph(part.reason, { gap: 0.2 });
      paragraph(t('decision.pdf.reasonLaw', { basis: content.legalBasis }), { gap: 0.6 });
    }
  }
  /** The height a refused part takes as drawn above: heading, sums, reason, law, gaps. */
  function refusedPartHeight(part: DecisionLetterPdfContent['parts'][number]): number {
    const texts = [
      t('decision.pdf.reasonAmounts', {
        applied: formatOre(part.appliedOre),
        granted: formatOre(part.grantedOre),
      }),
      ...(part.reason ? [part.reason] : []),
      t('decision.pdf.reasonLaw', { basis: content.legalBasis }),
    ];
    doc.font('bold').fontSize(10.5);
    let height = doc.heightOfString(part.label, { width });
    doc.font('body');
    for (const text of texts) height += doc.heightOfString(spacedLines(text), { width });
    return height + (0.1 + 0.2 + 0.6) * doc.currentLineHeight(true);
  }

  if (content.payableOre > 0) {
    heading(t('decision.pdf.paymentHeading'));
    paragraph(content.paymentInfo);
  }

  // One explanation of the riksnorm, in the letter's own size.
  heading(t('decision.pdf.normHeading'));
  for (const note of content.normNotes) paragraph(note, { gap: 0.3 });

  // The appeal's instructions and the address to send it to read best on one page.
  keepTogether(doc, 260);
  heading(t('decision.pdf.appealHeading'));
  paragraph(t('decision.pdf.appeal.intro'));
  paragraph(t('decision.pdf.appeal.deadline'));
  paragraph(t('decision.pdf.appeal.sendTo'), { gap: 0.2 });
  const address = [
    municipality.name,
    municipality.unitName,
    municipality.streetAddress,
    `${municipality.postalCode} ${municipality.city}`,
  ];
  keepTogether(doc, 60);
  structure.content('P', () => {
    doc
      .font('bold')
      .fontSize(10.5)
      .text(spacedLines(address.join('\n')), MARGIN + 12, doc.y, { width: width - 12 });
  });
  doc.moveDown(0.5);
  paragraph(t('decision.pdf.appeal.contentIntro'), { gap: 0.2 });
  const list = structure.group('L');
  for (const key of [
    'decision.pdf.appeal.content.1',
    'decision.pdf.appeal.content.2',
    'decision.pdf.appeal.content.3',
    'decision.pdf.appeal.content.4',
  ] as const) {
    keepTogether(doc, 30);
    const top = doc.y;
    const item = structure.group('LI', list);
    structure.content(
      'Lbl',
      () => {
        doc
          .font('body')
          .fontSize(10.5)
          .text('•', MARGIN + 4, top, { width: 10, lineBreak: false });
      },
      item,
    );
    structure.content(
      'LBody',
      () => {
        // The receipt number starts a line of its own (the text's break): split at its dashes
        // it could not be copied into an appeal as it is.
        doc.text(
          spacedLines(
            t(key, { receipt: content.receiptNumber, date: longDate(content.date, language) }),
          ),
          MARGIN + 16,
          top,
          { width: width - 16 },
        );
      },
      item,
    );
    item.end();
    doc.moveDown(0.15);
  }
  list.end();
  doc.moveDown(0.35);
  paragraph(t('decision.pdf.appeal.after'));
  paragraph(t('decision.pdf.appeal.help'));

  heading(t('decision.pdf.contactHeading'));
  paragraph(
    t('decision.pdf.contact', {
      name: content.caseworkerName,
      unit: municipality.unitName,
      phone: municipality.phone,
      email: municipality.email,
    }),
  );

  drawFooters(
    doc,
    t('decision.pdf.footerContact', {
      address: `${municipality.streetAddress}, ${municipality.postalCode} ${municipality.city}`,
      phone: municipality.phone,
      email: municipality.email,
    }),
  );
  numberPages(doc, (page, pages) =>
    t('decision.pdf.footer', { receipt: content.receiptNumber, page, pages }),
  );
  doc.end();
  return done;
}

/**
 * The municipality's address and contact under a rule at the foot of every page: the same on
 * every page, and said in the letter itself, so an artifact.
 */
function drawFooters(doc: PDFKit.PDFDocument, contact: string): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const top = doc.page.height - 24 * MM;
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(doc, 'footer', () => {
      doc
        .lineWidth(0.5)
        .strokeColor('#999999')
        .moveTo(MARGIN, top)
        .lineTo(doc.page.width - MARGIN, top)
        .stroke()
        .strokeColor('#000000');
      doc
        .font('body')
        .fontSize(8)
        .fillColor(GREY)
        .text(contact, MARGIN, top + 4, { width: doc.page.width - 2 * MARGIN, lineBreak: false });
      doc.fillColor('#000000');
    });
    doc.page.margins.bottom = bottomMargin;
  }
}

/** The height of a page's text, between the top and bottom margins. */
function pageBodyHeight(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.top - doc.page.margins.bottom;
}

/** A new page when less than `points` are left, so a heading never ends a page alone. */
function keepTogether(doc: PDFKit.PDFDocument, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}
