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
 */
export class UploadMemory {
  private reserved = 0;

  constructor(private readonly maxBytes: number) {}

  /** Reserves `bytes`; the returned function gives them back (once). Undefined when full. */
  reserve(bytes: number): (() => void) | undefined {
    if (this.reserved > 0 && this.reserved + bytes > this.maxBytes) return undefined;
    this.reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
    };
  }

  get heldBytes(): number {
    return this.reserved;
  }
}
