import { ServiceBusyError } from './service-busy-error';

/** Too many large uploads are being read at once: try again in a minute (503). */
export class UploadsBusyError extends ServiceBusyError {
  constructor() {
    super('Too many upload bytes are held in memory at once', 60);
  }
}

/**
 * Uploads are read into memory (never to temporary files), so the bytes held at once are
 * bounded for the whole instance: each upload reserves its declared size before it is read and
 * gives it back when its answer is sent. Ordinary photos fit many at a time; a few uploads near
 * the maximum fill it, and the next waits a minute instead of the server running out of memory.
 *
 * A declared size is held until the body has come, however slowly it comes, so one client that
 * opens large uploads and trickles their bytes could hold all of it for minutes. Each holder
 * named with a reservation (an address, an account or session) may therefore hold at most
 * `maxBytes * holderShare` (a quarter): a few such clients still leave room for everyone else.
 */
export class UploadMemory {
  private reserved = 0;
  private readonly byHolder = new Map<string, number>();

  constructor(
    private readonly maxBytes: number,
    private readonly holderShare = 0.25,
  ) {}

  /**
   * Reserves `bytes` for `holders`; the returned function gives them back (once). Undefined when
   * the instance is full, or one of the holders holds its share already. An upload alone (for
   * the instance, or for a holder) always fits.
   */
  reserve(bytes: number, holders: readonly string[] = []): (() => void) | undefined {
    if (this.reserved > 0 && this.reserved + bytes > this.maxBytes) return undefined;
    const share = this.maxBytes * this.holderShare;
    const unique = [...new Set(holders)];
    for (const holder of unique) {
      const held = this.byHolder.get(holder) ?? 0;
      if (held > 0 && held + bytes > share) return undefined;
    }
    this.reserved += bytes;
    for (const holder of unique)
      this.byHolder.set(holder, (this.byHolder.get(holder) ?? 0) + bytes);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
      for (const holder of unique) {
        const left = (this.byHolder.get(holder) ?? 0) - bytes;
        if (left > 0) this.byHolder.set(holder, left);
        else this.byHolder.delete(holder);
      }
    };
  }

  get heldBytes(): number {
    return this.reserved;
  }
}
