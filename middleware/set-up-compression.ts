import compression from 'compression';
import type { RequestHandler } from 'express';

/**
 * Pages are compressed per response (brotli or gzip, whichever the browser takes); static assets
 * arrive already compressed from the asset catalogue, and compression leaves those alone.
 */
export function setUpCompression(): RequestHandler {
  return compression();
}
