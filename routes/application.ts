import { Router, type NextFunction, type Request, type Response } from 'express';
import type { FormDefinition } from '../forms/types';
import type { Services } from '../services';
import { applicationAttachmentRoutes } from './application-attachments';
import { applicationPrintRoutes } from './application-print';
import { applicationStepRoutes } from './application-steps';
import { applicationSubmitRoutes } from './application-submit';
import { journeyPaths } from './application-paths';
import { safeReturnPath } from './safe-return-path';

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
  router.use('/ansokan', (req, res, next) => {
    if (!req.session.municipalityCode) {
      res.redirect(303, '/kommun');
      return;
    }
    next();
  });

  router.get('/ansokan', (_req, res) => {
    res.redirect(303, journeyPaths(services.forms.defaultForm).start);
  });

  router.get('/ansokan/forlang', (req, res) => {
    // Any request rolls the session's idle timer; this one exists so the warning has a target.
    req.session.touch();
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ idleMinutes: services.config.session.idleMinutes });
      return;
    }
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
