import { Router, type Response } from 'express';
import { isLanguage, type Language } from '../locales';
import { LANGUAGE_COOKIE } from '../middleware/set-up-i18n';
import { safeReturnPath } from '../middleware/safe-return-path';

/** The visitor's language, kept for a year. */
export function rememberLanguage(res: Response, language: Language, secure: boolean): void {
  res.cookie(LANGUAGE_COOKIE, language, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 365 * 24 * 60 * 60 * 1000,
  });
}

export default function languageRoutes(secure: boolean): Router {
  const router = Router();
  router.get('/sprak/:language', (req, res) => {
    const { language } = req.params;
    if (isLanguage(language)) rememberLanguage(res, language, secure);
    res.redirect(303, safeReturnPath(req.query.tillbaka));
  });
  return router;
}
