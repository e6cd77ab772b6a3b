import { Piscina } from 'piscina';
import type { PaperReading } from './paper-scan';
import type { ScanTask } from './paper-scan-worker';
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
 * The part of that time, waiting included, after which the reading takes no further look at a
 * picture and answers with the parts it found. The rest is room for the look under way (a
 * harder look at a 16-megapixel picture takes some seconds, longer at the thread's low
 * priority) and for a PDF still being taken apart (60 seconds at most).
 */
const READ_BUDGET_SHARE = 0.75;
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

/**
 * The reading took too long or its thread died (out of memory, a crash): nothing was read. (A
 * reading that runs out of its budget first answers with the parts it found, or `outOfTime`.)
 */
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
  private readonly pool: Piscina<ScanTask, PaperReading>;
  private underWay = 0;
  private readonly timeoutMs: number;
  private readonly budgetMs: number;

  /**
   * `timeoutMs` stops the thread, and nothing is read; within `budgetMs` (three quarters of it
   * unless given) the reading stops looking and keeps the parts it found.
   */
  constructor(options: { timeoutMs?: number; budgetMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    this.budgetMs = options.budgetMs ?? Math.round(this.timeoutMs * READ_BUDGET_SHARE);
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
    // Counted from now, as the timeout is: a reading that waited for others has less left.
    const deadline = Date.now() + this.budgetMs;
    try {
      return await this.pool.run(
        { images: images.map((image) => new Uint8Array(image)), deadline },
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
