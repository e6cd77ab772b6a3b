import type { RequestHandler } from 'express';
import type { Services } from '../services';

/** What the layout needs on every page: where we are and which municipality the visitor chose. */
export function setUpViewLocals({ municipalities }: Services): RequestHandler {
  return async (req, res, next) => {
    res.locals.currentPath = req.path;
    res.locals.municipality = undefined;
    const code = req.session.municipalityCode;
    if (code) res.locals.municipality = await municipalities.find(code);
    next();
  };
}
