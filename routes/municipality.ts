import { Router } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
import { beginSession, renewSessionId } from '../middleware/set-up-session';
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
    // Choosing is the first thing worth keeping: the session starts here, under a new id.
    await renewSessionId(req, services);
    beginSession(req, services.clock.now());
    req.session.municipalityCode = value as string;
    res.redirect(303, '/ansokan');
  });

  return router;
}
