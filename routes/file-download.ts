import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';

/** A plain-ASCII name for old browsers: accents dropped, anything else an underscore. */
export function asciiFallback(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_');
}

/**
 * A stored file sent as a download under its own name ("Lönebesked.pdf", with "Lonebesked.pdf"
 * for clients that do not read `filename*`), never sniffed into something the browser runs.
 */
export function sendDownload(
  res: Response,
  file: { name: string; mediaType: string; bytes: Uint8Array },
): void {
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader(
    'Content-Disposition',
    contentDisposition(file.name, { type: 'attachment', fallback: asciiFallback(file.name) }),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.bytes);
}
