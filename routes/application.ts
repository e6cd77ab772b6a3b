import { Router, type NextFunction, type Request, type Response } from 'express';
import type { FormDefinition } from '../forms/types';
import { endedVisit, forgetSessionMarker } from '../middleware/session-marker';
import type { Services } from '../services';
import { applicationAttachmentRoutes } from './application-attachments';
import { applicationPrintRoutes } from './application-print';
import { applicationStepRoutes } from './application-steps';
import { applicationSubmitRoutes } from './application-submit';
import { journeyPaths } from './application-paths';
import { safeReturnPath } from '../middleware/safe-return-path';
import { sessionEndedPath } from './session-ended';

declare module 'express-serve-static-core' {
  interface Locals {
    /** The form named in the URL (its newest version); set for every /ansokan/:form route. */
    form?: FormDefinition;
  }
}

/** The form named by the URL's slug, or a 404. */
function loadForm(services: Services) {
  return (req: Request, res: Response, next: NextFunction) => {
    const slug = req.params.form;
    const form = typeof slug === 'string' ? services.forms.latestBySlug(slug) : undefined;
    if (!form) {
      next('router');
      return;
    }
    res.locals.form = form;
    next();
  };
}

/**
 * The whole application journey under /ansokan. Every page here needs a chosen municipality:
 * the guard is part of this router, so it holds whatever order the app mounts routers in.
 */
export default function applicationRoutes(services: Services): Router {
  const router = Router();
  const secure = services.config.secureCookies;

  // The progressive-enhancement script calls this while the person types (a POST: CSRF-checked,
  // counted by the rate limits, and carrying nothing but the token and where to come back to).
  router.post('/ansokan/forlang', (req, res) => {
    const wantsJson = req.accepts(['html', 'json']) === 'json';
    if (req.session.startedAt === undefined) {
      // Nothing left to keep: the script shows that the session has ended.
      if (wantsJson) res.status(401).json({ ended: true });
      else res.redirect(303, '/ansokan');
      return;
    }
    // Any request rolls the session's idle timer; this one only asks for that.
    req.session.touch();
    if (wantsJson) {
      res.json({ idleMinutes: services.config.session.idleMinutes });
      return;
    }
    // Any page one types on has the warning (a case's note, a message): back to it.
    res.redirect(303, safeReturnPath(((req.body ?? {}) as Record<string, unknown>).tillbaka));
  });

  router.use('/ansokan', (req, res, next) => {
    if (req.session.municipalityCode) {
      next();
      return;
    }
    // After a timeout the answers are gone: say so, rather than start over without a word.
    const ended = endedVisit(req, secure);
    if (ended) {
      forgetSessionMarker(res, secure);
      res.redirect(303, sessionEndedPath(ended));
      return;
    }
    res.redirect(303, '/kommun');
  });

  router.get('/ansokan', (_req, res) => {
    res.redirect(303, journeyPaths(services.forms.defaultForm).start);
  });

  router.get('/ansokan/forlang', (req, res) => {
    // Kept for pages opened before "Jag behöver mer tid" became a form: a GET rolls the timer too.
    const back = safeReturnPath(req.query.tillbaka);
    res.redirect(303, back.startsWith('/ansokan/') ? back : '/ansokan');
  });

  const journey = Router({ mergeParams: true });
  journey.use(loadForm(services));
  journey.use(applicationPrintRoutes(services));
  journey.use(applicationSubmitRoutes(services));
  journey.use(applicationAttachmentRoutes(services));
  journey.use(applicationStepRoutes(services));
  router.use('/ansokan/:form', journey);
  return router;
}
