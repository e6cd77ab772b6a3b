import PDFDocument from 'pdfkit';
import type { Language } from '../locales';
import { useFonts } from './pdf-fonts';
import { artifact, PdfStructure } from './pdf-structure';

interface DocumentOptions {
  title: string;
  author: string;
  margins: PDFKit.PDFDocumentOptions['margins'];
}

/** The document's language as PDF readers (and screen readers choosing a voice) expect it. */
const PDF_LANGUAGE: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

/** A new A4 document with our fonts, and the finished PDF once `doc.end()` is called. */
export function newPdfDocument(options: DocumentOptions): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  return createDocument(options, {});
}

/**
 * A new A4 document that is a tagged PDF (PDF/UA-1): its language, its title shown as the
 * window's title, and a logical structure that screen readers read. Everything drawn on it must
 * go through `structure` (content) or `artifact()` (rules, page furniture).
 */
export function newTaggedPdfDocument(options: DocumentOptions & { language: Language }): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
  structure: PdfStructure;
} {
  const { doc, done } = createDocument(options, {
    // Tagged PDF needs 1.4 at least; PDF/UA-1 is built on PDF 1.7 (ISO 32000-1).
    pdfVersion: '1.7',
    tagged: true,
    lang: PDF_LANGUAGE[options.language],
    displayTitle: true,
    // The PDF/UA identification in the document's metadata, which accessibility checkers
    // (veraPDF, PAC) look for before they check anything else. (pdfkit 0.20 takes it; its type
    // definitions, 0.17, know only PDF/A.)
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
  });
  return { doc, done, structure: new PdfStructure(doc) };
}

function createDocument(
  options: DocumentOptions,
  more: Partial<PDFKit.PDFDocumentOptions>,
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: options.margins,
    bufferPages: true,
    info: { Title: options.title, Author: options.author },
    // No Helvetica: pdfkit would parse its metrics for every document, and we never use it.
    font: null as unknown as string,
    ...more,
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

/**
 * "Sida 1 av 2" at the foot of every page, in the bottom margin: page furniture, which a screen
 * reader skips (an artifact), not part of the text.
 */
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
    artifact(doc, 'footer', () => {
      doc
        .font('body')
        .fontSize(9)
        .fillColor('#000000')
        .text(text(index + 1, range.count), left, bottom, {
          width: doc.page.width - left - right,
          align: 'right',
          lineBreak: false,
        });
    });
  }
}
