import { Router } from 'express';
import { isLanguage } from '../locales';
import { LANGUAGE_COOKIE } from '../middleware/set-up-i18n';
import { safeReturnPath } from './safe-return-path';

export default function languageRoutes(secure: boolean): Router {
  const router = Router();
  router.get('/sprak/:language', (req, res) => {
    const { language } = req.params;
    if (isLanguage(language)) {
      res.cookie(LANGUAGE_COOKIE, language, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: 365 * 24 * 60 * 60 * 1000,
      });
    }
    res.redirect(303, safeReturnPath(req.query.tillbaka));
  });
  return router;
}
