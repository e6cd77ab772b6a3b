/** Runs in the paper-scan worker thread (see paper-scanner.ts): pictures in, a reading out. */
import { setPriority } from 'node:os';
import { readPaperApplication } from './paper-scan';

// As the PDF workers: this thread yields the CPU to the one that serves the pages (Linux only).
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // A sandbox that forbids it leaves the thread at normal priority; reading still works.
  }
}

/** The pictures, and when to stop looking (Date.now's time: the threads share the clock). */
export interface ScanTask {
  images: Uint8Array[];
  deadline: number;
}

export default function readInWorker({ images, deadline }: ScanTask) {
  return readPaperApplication(
    images.map((image) => Buffer.from(image.buffer, image.byteOffset, image.byteLength)),
    undefined,
    { deadline },
  );
}
