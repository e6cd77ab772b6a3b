import { formatMonth } from '../forms/format';
import { translator } from '../locales';
import type { UploadedFile } from './attachments';
import { newPdfDocument } from './pdf-document';

/** A made-up one-page paper, as an applicant photographs or downloads one. */
async function paper(title: string, lines: string[]): Promise<Buffer> {
  const { doc, done } = newPdfDocument({
    title,
    author: 'Demo',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
  });
  doc.fontSize(18).text(title);
  doc.moveDown();
  doc.fontSize(11);
  for (const line of lines) doc.text(line);
  doc.moveDown();
  doc.fontSize(9).text('Exempel för demonstration – inget riktigt dokument.');
  doc.end();
  return done;
}

/**
 * The papers a demo household sends with its application, so the caseworker's demo case has
 * files to open: the rent notice and the bank statement its answers promise.
 */
export async function demoPapers(name: string, month: string): Promise<UploadedFile[]> {
  const monthText = formatMonth(month, translator('sv'));
  return [
    {
      originalName: `hyresavi-${month}.pdf`,
      bytes: await paper(`Hyresavi ${monthText}`, [
        `Hyresgäst: ${name}`,
        'Hyresvärd: Exempelby Bostäder AB',
        'Hyra: 6 950 kr',
        'Betalas senast den 25:e.',
      ]),
    },
    {
      originalName: `kontoutdrag-${month}.pdf`,
      bytes: await paper('Kontoutdrag', [
        `Kontohavare: ${name}`,
        'Exempelbanken, konto 1234-5 678 910',
        'Saldo: 350 kr',
      ]),
    },
  ];
}
