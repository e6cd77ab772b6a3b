/** Runs in the PDF worker threads (see pdf-renderer.ts): one task, one finished PDF. */
import { setPriority } from 'node:os';
import { Piscina } from 'piscina';
import { renderTask, type PdfTask } from './pdf-tasks';

/**
 * On Linux each thread has its own nice value: this one yields the CPU to the thread that serves
 * the pages, so a busy PDF worker slows the PDFs rather than everybody's pages. It still gets
 * every moment no one else wants. (Elsewhere the call would lower the whole process, so it is
 * made on Linux only.)
 */
const PDF_THREAD_NICENESS = 19;
if (process.platform === 'linux') {
  try {
    setPriority(PDF_THREAD_NICENESS);
  } catch {
    // A sandbox that forbids it leaves the thread at normal priority; the PDFs still work.
  }
}

export default async function renderInWorker(task: PdfTask) {
  const pdf = await renderTask(task);
  // Handed over, not copied: the bytes move to the main thread with their memory, which must
  // then be theirs alone (a copy only if the Buffer shares its memory).
  const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  return Piscina.move(whole ? new Uint8Array(pdf.buffer) : new Uint8Array(pdf));
}
