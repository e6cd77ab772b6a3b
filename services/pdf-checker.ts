import { Piscina } from 'piscina';
import type { Logger } from './logger';
import type { ActiveContent, PdfCheck } from './pdf-active-content';
import { workerExecArgv } from './worker-exec-argv';

/**
 * PDFs checked at once, and more waiting (an upload's files are checked one after another, so
 * this is about as many uploads); beyond that the upload is asked to be tried again.
 */
const THREADS = 1;
const QUEUE_MAX = 16;
const IDLE_MS = 60_000;
/** pdf.js's own deadline for one PDF; the thread is stopped a little after it, whatever it does. */
const CHECK_DEADLINE_MS = 20_000;
const HARD_TIMEOUT_MS = 30_000;
/** The thread's JavaScript heap: a PDF that would need more stops the thread, not the app. */
const HEAP_MB = 384;

/** What an uploaded PDF is, for the service that stores it. */
export type PdfVerdict =
  | { outcome: 'clean' }
  | { outcome: 'active'; found: ActiveContent[] }
  /**
   * pdf.js could not open it: locked with a password, or broken. Nobody at the municipality
   * could open it either, and what it would run cannot be looked for: not stored.
   */
  | { outcome: 'locked' | 'unreadable' }
  /** Not checked: too many at once, too slow, or the thread died. Not stored; try again. */
  | { outcome: 'unchecked'; reason: 'busy' | 'timeout' | 'failed' };

/**
 * Checks uploaded PDFs for active content (pdf-active-content.ts) in a worker thread, as the
 * paper scanner reads scans (paper-scanner.ts): pdf.js parses an untrusted file, which may take
 * long or much memory, away from the thread that serves the pages, with a deadline and a heap cap.
 */
export class PdfChecker {
  private readonly pool: Piscina<{ bytes: Uint8Array; deadlineMs: number }, PdfCheck>;
  private underWay = 0;
  private readonly deadlineMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly logger?: Logger,
    options: { deadlineMs?: number; timeoutMs?: number } = {},
  ) {
    this.deadlineMs = options.deadlineMs ?? CHECK_DEADLINE_MS;
    this.timeoutMs = options.timeoutMs ?? HARD_TIMEOUT_MS;
    this.pool = new Piscina({
      filename: new URL('./pdf-check-worker.ts', import.meta.url).href,
      // Started on the first PDF, not with the app.
      minThreads: 0,
      maxThreads: THREADS,
      idleTimeout: IDLE_MS,
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB },
      ...workerExecArgv(),
    });
  }

  async check(bytes: Buffer): Promise<PdfVerdict> {
    const verdict = await this.verdictOf(bytes);
    // No name and no content: what was found, how large the file was.
    if (verdict.outcome === 'active') {
      this.logger?.warn({ found: verdict.found, size: bytes.length }, 'PDF with active content');
    } else if (verdict.outcome === 'unchecked') {
      this.logger?.warn({ reason: verdict.reason, size: bytes.length }, 'PDF not checked');
    }
    return verdict;
  }

  private async verdictOf(bytes: Buffer): Promise<PdfVerdict> {
    if (this.underWay >= THREADS + QUEUE_MAX) return { outcome: 'unchecked', reason: 'busy' };
    this.underWay++;
    try {
      const result = await this.pool.run(
        { bytes: new Uint8Array(bytes), deadlineMs: this.deadlineMs },
        { signal: AbortSignal.timeout(this.timeoutMs) },
      );
      if (result.outcome === 'timeout') return { outcome: 'unchecked', reason: 'timeout' };
      if (result.outcome === 'encrypted') return { outcome: 'locked' };
      if (result.outcome !== 'checked') return { outcome: 'unreadable' };
      return result.found.length > 0
        ? { outcome: 'active', found: result.found }
        : { outcome: 'clean' };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'AbortError';
      if (!timedOut) this.logger?.error({ err: error }, 'PDF check failed');
      return { outcome: 'unchecked', reason: timedOut ? 'timeout' : 'failed' };
    } finally {
      this.underWay--;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
