import type { RequestHandler } from 'express';

/**
 * Our forms post `application/x-www-form-urlencoded` and nothing else: JSON, multipart or plain
 * text bodies are refused before any parser reads them (415), so no route sees a shape it does
 * not expect.
 */
export const requireFormBody: RequestHandler = (req, res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is('application/x-www-form-urlencoded')) {
    next();
    return;
  }
  res.status(415).render('pages/unsupported-type');
};
