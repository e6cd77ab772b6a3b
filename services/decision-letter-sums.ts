import { formatOre } from '../forms/format';
import type { Translate } from '../locales';
import type { DecisionLetterPdfContent } from './decision-letter-pdf';
import { artifact, type PdfStructure } from './pdf-structure';

/** Income rows stand a little in under their heading row. */
const INDENT = 10;

/**
 * The parts as a table: what was applied for, what is granted; the sums; the income; the
 * payment. A table to a screen reader too: column headings, and each row headed by its part.
 */
export function drawSums(
  doc: PDFKit.PDFDocument,
  structure: PdfStructure,
  content: DecisionLetterPdfContent,
  t: Translate,
  layout: { left: number; width: number; headingColor: string },
): void {
  const { left, width } = layout;
  const amountWidth = 80;
  const labelWidth = width - 2 * amountWidth - 12;
  const appliedLeft = left + labelWidth + 6;
  const grantedLeft = appliedLeft + amountWidth + 6;
  const table = structure.group('Table');
  const rule = (weight = 0.5) => {
    artifact(doc, 'Layout', () => {
      doc
        .lineWidth(weight)
        .moveTo(left, doc.y)
        .lineTo(left + width, doc.y)
        .stroke();
    });
    doc.y += 3;
  };
  /** The column headings: the table's first row, and drawn again (as an artifact) on a new page. */
  const header = (repeated: boolean) => {
    doc.font('bold').fontSize(9).fillColor(layout.headingColor);
    const top = doc.y;
    const cells: [string, number, PDFKit.Mixins.TextOptions][] = [
      [t('decision.pdf.column.part'), left, { width: labelWidth }],
      [t('decision.pdf.column.applied'), appliedLeft, { width: amountWidth, align: 'right' }],
      [t('decision.pdf.column.granted'), grantedLeft, { width: amountWidth, align: 'right' }],
    ];
    const draw =
      ([text, x, options]: (typeof cells)[number]) =>
      () => {
        doc.text(text, x, top, options);
      };
    if (repeated) {
      artifact(doc, 'Pagination', () => cells.forEach((cell) => draw(cell)()));
    } else {
      const row = structure.group('TR', table);
      for (const cell of cells) structure.content('TH', draw(cell), row, { scope: 'Column' });
      row.end();
    }
    doc.fillColor('#000000');
    doc.y += 2;
    rule();
  };
  const row = (label: string, applied: string, granted: string, bold = false, indent = 0) => {
    // A table that goes on over a page break shows its headings again.
    if (doc.y + 26 > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header(true);
    }
    const top = doc.y;
    doc.font(bold ? 'bold' : 'body').fontSize(10);
    const tableRow = structure.group('TR', table);
    const draw = () => doc.text(label, left + indent, top, { width: labelWidth - indent });
    structure.content('TH', draw, tableRow, {
      scope: 'Row',
    });
    const bottom = doc.y;
    const amount = (text: string, x: number) => {
      if (text === '') structure.empty('TD', tableRow);
      else {
        structure.content(
          'TD',
          () => doc.text(text, x, top, { width: amountWidth, align: 'right' }),
          tableRow,
        );
      }
    };
    amount(applied, appliedLeft);
    amount(granted, grantedLeft);
    tableRow.end();
    doc.y = Math.max(bottom, doc.y) + 3;
  };
  header(false);
  for (const part of content.parts) {
    row(part.label, formatOre(part.appliedOre), formatOre(part.grantedOre));
  }
  rule();
  row(
    t('decision.pdf.total'),
    formatOre(content.totalAppliedOre),
    formatOre(content.totalGrantedOre),
    true,
  );
  // Each income on its own row under a heading row, so the applicant sees what was counted.
  if (content.incomes.length === 0) {
    row(t('decision.pdf.noIncome'), '', formatOre(0));
  } else {
    row(t('decision.pdf.incomesHeading'), '', '');
    for (const income of content.incomes) {
      row(income.label, '', `− ${formatOre(income.amountOre)}`, false, INDENT);
    }
  }
  rule(1);
  row(t('decision.pdf.payable'), '', formatOre(content.payableOre), true);
  table.end();
  doc.moveDown(0.4);
}
