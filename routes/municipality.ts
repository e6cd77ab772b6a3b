import { Router } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Translate } from '../locales';
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

export default function municipalityRoutes({ municipalities }: Services): Router {
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
    const error = validateChoice(value, all, res.locals.t as Translate);
    if (error) {
      res.status(400).render('pages/choose-municipality', {
        municipalities: all,
        chosen: typeof value === 'string' ? value : '',
        errors: [error],
      });
      return;
    }
    req.session.municipalityCode = value as string;
    res.redirect(303, '/ansokan');
  });

  return router;
}
