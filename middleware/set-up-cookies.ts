import { parse } from 'cookie';
import type { RequestHandler } from 'express';

/** `req.cookies` as cookie-parser would give it, read once per request (CSRF, language). */
export const setUpCookies: RequestHandler = (req, _res, next) => {
  req.cookies = parse(req.headers.cookie ?? '');
  next();
};
