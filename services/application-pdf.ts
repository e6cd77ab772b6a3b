import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatOre } from '../forms/format';
import type { SummarySection } from '../forms/summary';
import type { Translate } from '../locales';
import { estimateNotes } from './application-estimate';
import type { Municipality } from './municipalities';
import type { Estimate } from './riksnorm';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
/**
 * DejaVu covers Latin, Nordic, Polish and Vietnamese letters (Łukasz, Øvergård, Nguyễn). Parsed
 * once: pdfkit would otherwise parse each font file anew for every document.
 */
function loadFont(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(join(fontDir, file)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}
let fonts: { body: fontkit.Font; bold: fontkit.Font } | undefined;
function parsedFonts(): { body: fontkit.Font; bold: fontkit.Font } {
  fonts ??= { body: loadFont('DejaVuSans.ttf'), bold: loadFont('DejaVuSans-Bold.ttf') };
  return fonts;
}

const MARGIN = 50;
const FOOTER_SPACE = 40;

export interface ApplicationPdfContent {
  municipality: Municipality;
  period: string;
  sections: SummarySection[];
  estimate: Estimate;
  declaration: string;
  signers: string[];
  attachments: { label: string; enclosed: boolean }[];
  qrCodes: Buffer[];
  t: Translate;
}

/** Streams the unsigned paper application into `out`: answers, estimate, signatures, QR codes. */
export function writeApplicationPdf(out: Writable, content: ApplicationPdfContent): void {
  const { t } = content;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + FOOTER_SPACE, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: t('pdf.title', { period: content.period }), Author: content.municipality.name },
  });
  const { body, bold } = parsedFonts();
  doc.registerFont('body', body as unknown as string);
  doc.registerFont('bold', bold as unknown as string);
  doc.pipe(out);
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
  const row = (label: string, value: string) => {
    const labelWidth = width * 0.42;
    const valueWidth = width - labelWidth - 10;
    const height = Math.max(
      doc.heightOfString(label, { width: labelWidth }),
      doc.heightOfString(value, { width: valueWidth }),
    );
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc
      .font('body')
      .fontSize(10)
      .fillColor('#444444')
      .text(label, MARGIN, top, { width: labelWidth });
    doc.fillColor('#000000').text(value, MARGIN + labelWidth + 10, top, { width: valueWidth });
    doc.y = top + height + 4;
  };

  // The mailing address on top, where a window envelope shows it.
  const { municipality } = content;
  doc.font('body').fontSize(10);
  doc.text(municipality.name, MARGIN, MARGIN, { width });
  doc.text(municipality.unitName, { width });
  doc.text(municipality.streetAddress, { width });
  doc.text(`${municipality.postalCode} ${municipality.city}`, { width });
  doc
    .moveDown(1.5)
    .font('bold')
    .fontSize(16)
    .text(t('pdf.title', { period: content.period }), { width });
  doc.font('body').fontSize(10).moveDown(0.3).text(t('pdf.intro'), { width });

  for (const section of content.sections) {
    if (section.rows.length === 0) continue;
    heading(section.title);
    for (const item of section.rows) row(item.label, item.value);
  }

  const { estimate } = content;
  heading(t('estimate.title'));
  row(t('estimate.personal'), formatOre(estimate.personalCostsOre));
  row(t('estimate.common'), formatOre(estimate.commonCostsOre));
  row(t('estimate.costs'), formatOre(estimate.costsOre));
  row(t('estimate.income'), `− ${formatOre(estimate.incomeOre)}`);
  row(t('estimate.need'), formatOre(estimate.needOre));
  doc.moveDown(0.3);
  for (const note of estimateNotes(estimate))
    doc.text(t(note.key, note.values), MARGIN, undefined, { width, paragraphGap: 4 });
  doc.text(t('estimate.note'), MARGIN, undefined, { width });

  heading(t('eb.intygande.title'));
  doc.text(content.declaration, { width });

  heading(t('pdf.signatures'));
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

  heading(t('pdf.attachments'));
  doc.text(t('pdf.attachmentsIntro'), MARGIN, undefined, { width });
  for (const attachment of content.attachments) {
    doc.text(`${attachment.enclosed ? '☒' : '☐'}  ${attachment.label}`, { width });
  }

  keepSpace(260);
  heading(t('pdf.qrHeading'));
  doc.text(t('pdf.qrIntro'), MARGIN, undefined, { width });
  const size = 150;
  content.qrCodes.forEach((png, index) => {
    const column = index % 3;
    if (column === 0 && doc.y + size + 20 > doc.page.height - doc.page.margins.bottom)
      doc.addPage();
    const top = column === 0 ? doc.y + 6 : doc.y;
    doc.image(png, MARGIN + column * (size + 20), top, { width: size, height: size });
    doc
      .fontSize(8)
      .text(
        t('pdf.qrPart', { part: index + 1, parts: content.qrCodes.length }),
        MARGIN + column * (size + 20),
        top + size + 2,
        { width: size, align: 'center' },
      );
    doc.fontSize(10);
    doc.y = column === 2 || index === content.qrCodes.length - 1 ? top + size + 16 : top;
  });

  // Every page says it is unsigned and which page it is.
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const bottom = doc.page.height - MARGIN - 20;
    doc.page.margins.bottom = 0;
    doc.font('bold').fontSize(9).text(t('pdf.unsigned'), MARGIN, bottom, { width, align: 'left' });
    doc.font('body').text(t('pdf.page', { page: index + 1, pages: range.count }), MARGIN, bottom, {
      width,
      align: 'right',
    });
  }
  doc.end();
}
