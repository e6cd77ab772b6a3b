import { Piscina } from 'piscina';
import type { PaperReading } from './paper-scan';
import { workerExecArgv } from './worker-exec-argv';

/** Pictures read at once, and more waiting; beyond that the caseworker is asked to try again. */
const THREADS = 1;
const QUEUE_MAX = 4;
const IDLE_MS = 60_000;
/**
 * One upload's reading, waiting included: then the thread is stopped, whatever it was doing (a
 * hostile PDF that keeps the decoder busy, twenty photos with parts missing).
 */
const READ_TIMEOUT_MS = 240_000;
/**
 * The thread's JavaScript heap (pdf.js's parsing): a PDF that would need more stops the thread,
 * not the app. Pixels live outside it, capped by the readers (qr-image-reader, paper-scan-pdf).
 */
const HEAP_MB = 512;

export class PaperScannerBusyError extends Error {
  constructor() {
    super('Too many paper applications are being read at once');
    this.name = 'PaperScannerBusyError';
  }
}

/** The reading took too long or its thread died (out of memory, a crash): nothing was read. */
export class PaperScannerFailedError extends Error {
  constructor(
    readonly reason: 'timeout' | 'failed',
    cause: unknown,
  ) {
    super(reason === 'timeout' ? 'Reading the upload took too long' : 'Reading the upload failed', {
      cause,
    });
    this.name = 'PaperScannerFailedError';
  }
}

/**
 * Reads paper applications' photos and scans in a worker thread: finding the codes (zxing-wasm)
 * takes from under a second to many seconds of CPU when parts are missing, and must not hold up
 * the pages everyone else is loading.
 */
export class PaperScanner {
  private readonly pool: Piscina<Uint8Array[], PaperReading>;
  private underWay = 0;
  private readonly timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    this.pool = new Piscina({
      filename: new URL('./paper-scan-worker.ts', import.meta.url).href,
      // Started on the first upload, not with the app.
      minThreads: 0,
      maxThreads: THREADS,
      idleTimeout: IDLE_MS,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      ...workerExecArgv(),
    });
  }

  async read(images: readonly Buffer[]): Promise<PaperReading> {
    if (this.underWay >= THREADS + QUEUE_MAX) throw new PaperScannerBusyError();
    this.underWay++;
    try {
      return await this.pool.run(
        images.map((image) => new Uint8Array(image)),
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'AbortError';
      throw new PaperScannerFailedError(timedOut ? 'timeout' : 'failed', error);
    } finally {
      this.underWay--;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
