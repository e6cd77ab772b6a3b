import PDFDocument from 'pdfkit';
import { useFonts } from './pdf-fonts';

/** A new A4 document with our fonts, and the finished PDF once `doc.end()` is called. */
export function newPdfDocument(options: {
  title: string;
  author: string;
  margins: PDFKit.PDFDocumentOptions['margins'];
}): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: options.margins,
    bufferPages: true,
    info: { Title: options.title, Author: options.author },
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
  return { doc, done };
}

/** "Sida 1 av 2" at the foot of every page, in the bottom margin. */
export function numberPages(
  doc: PDFKit.PDFDocument,
  text: (page: number, pages: number) => string,
): void {
  const range = doc.bufferedPageRange();
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const { left, right } = doc.page.margins;
    const bottom = doc.page.height - 40;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(9)
      .fillColor('#000000')
      .text(text(index + 1, range.count), left, bottom, {
        width: doc.page.width - left - right,
        align: 'right',
        lineBreak: false,
      });
  }
}
