import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/**
 * A page that repeats its address's query (a return path, a search) next to a secret (the CSRF
 * token, a personnummer) must not be compressed: a site that can make the browser load it with
 * chosen queries could read the secret from the compressed sizes, one character at a time
 * (BREACH). Cross-site posts carry no cookies (SameSite=Lax), so echoed form posts are safe.
 */
const echoesItsQuery = (req: Request) => req.originalUrl.includes('?');

/**
 * Pages are compressed per response (brotli or gzip, whichever the browser takes), except those
 * asked for with a query; static assets arrive already compressed from the asset catalogue, and
 * compression leaves those alone.
 */
export function setUpCompression(): RequestHandler {
  return compression({
    filter: (req: Request, res: Response) => !echoesItsQuery(req) && compression.filter(req, res),
  });
}
