import type { Request, RequestHandler } from 'express';

/**
 * Our forms post `application/x-www-form-urlencoded` and nothing else: JSON, multipart or plain
 * text bodies are refused before any parser reads them (415), so no route sees a shape it does
 * not expect. The one exception is a multipart upload to the route that parses it itself.
 */
export function requireFormBody(
  multipartAllowed: (req: Request) => boolean = () => false,
): RequestHandler {
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.is('application/x-www-form-urlencoded') || multipartAllowed(req)) {
      next();
      return;
    }
    res.status(415).render('pages/unsupported-type');
  };
}
