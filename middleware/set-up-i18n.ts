import { parse as parseCookies } from 'cookie';
import type { RequestHandler } from 'express';
import { defaultLanguage, isLanguage, translator, type Language } from '../locales';
import { swedishTermsFor } from './swedish-terms';

export const LANGUAGE_COOKIE = 'lang';

declare module 'express-serve-static-core' {
  interface Request {
    language: Language;
  }
}

/** Language from the `lang` preference cookie (set by the language switch), Swedish otherwise. */
export function setUpI18n(): RequestHandler {
  return (req, res, next) => {
    const chosen = parseCookies(req.headers.cookie ?? '')[LANGUAGE_COOKIE];
    const language = isLanguage(chosen) ? chosen : defaultLanguage;
    req.language = language;
    res.locals.lang = language;
    res.locals.t = translator(language);
    res.locals.withSwedishTerms = swedishTermsFor[language];
    next();
  };
}
