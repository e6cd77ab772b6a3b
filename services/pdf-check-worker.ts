/** Runs in the PDF check worker thread (see pdf-checker.ts): a PDF in, what it carries out. */
import { setPriority } from 'node:os';
import { checkPdf } from './pdf-active-content';

// As the other workers: this thread yields the CPU to the one that serves the pages (Linux only).
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // A sandbox that forbids it leaves the thread at normal priority; the check still works.
  }
}

export default function checkInWorker(task: { bytes: Uint8Array; deadlineMs: number }) {
  const { bytes, deadlineMs } = task;
  return checkPdf(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), deadlineMs);
}
