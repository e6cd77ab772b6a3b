/** Runs in the PDF worker threads (see pdf-renderer.ts): one task, one finished PDF. */
import { Piscina } from 'piscina';
import { renderApplicationPdf, type ApplicationPdfContent } from './application-pdf';

export default async function renderInWorker(content: ApplicationPdfContent) {
  const pdf = await renderApplicationPdf(content);
  // Handed over, not copied: the bytes move to the main thread with their memory, which must
  // then be theirs alone (a copy only if the Buffer shares its memory).
  const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  return Piscina.move(whole ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf));
}
