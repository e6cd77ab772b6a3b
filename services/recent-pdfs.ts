import type { Clock } from './clock';

interface Entry {
  pdf: Promise<Buffer>;
  expiresAt: number;
}

/**
 * The last few PDFs, each for a few minutes, keyed by a string the caller makes from what the
 * PDF shows (an application id and its row version): downloading the same unchanged draft again
 * costs nothing. A PDF still rendering is shared too, so a double click renders once.
 */
export class RecentPdfs {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly clock: Clock,
  ) {}

  get(key: string): Promise<Buffer> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock.now().getTime()) return undefined;
    // Map keeps insertion order: put back last, so the least recently used comes first.
    this.entries.set(key, entry);
    return entry.pdf;
  }

  set(key: string, pdf: Promise<Buffer>): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { pdf, expiresAt: this.clock.now().getTime() + this.maxAgeMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    // A failed rendering is not kept: the next request tries again.
    pdf.catch(() => {
      if (this.entries.get(key)?.pdf === pdf) this.entries.delete(key);
    });
  }

  get size(): number {
    return this.entries.size;
  }
}
