import { Router } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
import { beginSession, renewSessionId } from '../middleware/set-up-session';
import { moveDraftsTo } from './application-draft';
import type { Services } from '../services';
import type { Municipality } from '../services/municipalities';

const FIELD = 'kommun';

function validateChoice(
  value: unknown,
  municipalities: Municipality[],
  t: Translate,
): FieldError | undefined {
  const href = `#${FIELD}-${municipalities[0]?.code ?? ''}`;
  if (typeof value !== 'string' || value === '') {
    return { field: FIELD, text: t('municipality.errorRequired'), href };
  }
  if (!municipalities.some((municipality) => municipality.code === value)) {
    return { field: FIELD, text: t('municipality.errorUnknown'), href };
  }
  return undefined;
}

export default function municipalityRoutes(services: Services): Router {
  const { municipalities } = services;
  const router = Router();

  /**
   * A logged-in applicant applies to the municipality that gave the account (set at login): a
   * draft is never moved elsewhere by a stray choice here.
   */
  router.all('/kommun', (req, res, next) => {
    const accountBound =
      req.session.user?.kind === 'applicant' && req.session.municipalityCode !== undefined;
    if (accountBound) res.redirect(303, '/ansokan');
    else next();
  });

  router.get('/kommun', async (req, res) => {
    res.render('pages/choose-municipality', {
      municipalities: await municipalities.list(),
      chosen: req.session.municipalityCode ?? '',
      errors: [],
    });
  });

  router.post('/kommun', async (req, res) => {
    const all = await municipalities.list();
    const value: unknown = ((req.body ?? {}) as Record<string, unknown>)[FIELD];
    const error = validateChoice(value, all, res.locals.t);
    if (error) {
      res.status(400).render('pages/choose-municipality', {
        municipalities: all,
        chosen: typeof value === 'string' ? value : '',
        errors: [error],
      });
      return;
    }
    const code = value as string;
    if (req.session.startedAt === undefined) {
      // The first choice is the first thing worth keeping: the session starts here, under a new
      // id. A later change raises no privilege and renews nothing (two quick posts would
      // otherwise race, and the one that lost would take the draft's session with it).
      await renewSessionId(req, services);
      beginSession(req, services.clock.now());
    }
    req.session.municipalityCode = code;
    // The paper goes to the municipality chosen last, and so does the draft.
    await moveDraftsTo(req, services, code);
    res.redirect(303, '/ansokan');
  });

  return router;
}
