import { parse as parseCookies } from 'cookie';
import type { Application, RequestHandler, Response } from 'express';
import { defaultLanguage, isLanguage, translator, type Language } from '../locales';
import { swedishTermsFor } from './swedish-terms';
import { LANGUAGE_COOKIE } from './set-up-i18n';

/** A page that shows nothing of its visitor, for whoever has no session: the same for all. */
export interface SharedPage {
  /** The exact request URL; with a query string the page may differ, and is rendered as usual. */
  path: string;
  view: string;
  locals: Record<string, unknown>;
}

/**
 * The start page and the accessibility statement, asked for without a session, depend on the
 * language alone: rendered once per language and served from memory, ahead of the session, CSRF
 * and routing machinery, which does nothing for such a request (no session is read, no token is
 * made, a GET is never counted). Logging, security headers, compression and no-store have run
 * already. Such a page holds no CSRF token (asking for one fails) and no personal data: there is
 * no session to take it from. Kept only while views are cached (production), so a view edited
 * in development shows at once.
 */
export function setUpSharedPages(
  app: Application,
  sessionCookie: string,
  pages: SharedPage[],
): RequestHandler {
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const rendered = new Map<string, Buffer>();

  const render = (page: SharedPage, language: Language) =>
    new Promise<string>((resolve, reject) => {
      const locals = {
        ...page.locals,
        lang: language,
        t: translator(language),
        withSwedishTerms: swedishTermsFor[language],
        currentPath: page.path,
        municipality: undefined,
        staffPage: false,
        user: undefined,
        csrfToken: () => {
          throw new Error(`${page.path} is shared by every visitor: it cannot hold a CSRF token`);
        },
      };
      app.render(page.view, locals, (error: Error | null, html: string) => {
        if (error) reject(error);
        else resolve(html);
      });
    });

  /** The page as bytes, written as they are: nothing is encoded or looked at per request. */
  const send = (res: Response, html: Buffer) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Length', html.length);
    res.end(res.req.method === 'HEAD' ? undefined : html);
  };

  return (req, res, next) => {
    const page = req.method === 'GET' || req.method === 'HEAD' ? byPath.get(req.url) : undefined;
    if (!page) {
      next();
      return;
    }
    const cookies = req.headers.cookie === undefined ? {} : parseCookies(req.headers.cookie);
    if (cookies[sessionCookie] !== undefined) {
      next();
      return;
    }
    const chosen = cookies[LANGUAGE_COOKIE];
    const language = isLanguage(chosen) ? chosen : defaultLanguage;
    const key = `${language} ${page.path}`;
    const kept = rendered.get(key);
    if (kept) {
      send(res, kept);
      return;
    }
    render(page, language).then((text) => {
      const html = Buffer.from(text);
      if (app.enabled('view cache')) rendered.set(key, html);
      send(res, html);
    }, next);
  };
}
