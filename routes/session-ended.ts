import { Router } from 'express';
import type { VisitKind } from '../middleware/session-marker';
import type { Services } from '../services';

const PATH = '/sessionen-slut';

/** Where a step asked for after a timeout sends the visitor; the kind decides what they read. */
export function sessionEndedPath(kind: VisitKind): string {
  return kind === 'inloggad' ? `${PATH}?inloggad=1` : PATH;
}

/** "Vi har avslutat ditt besök" (the session ended): what happened to the answers, and the way forward. */
export default function sessionEndedRoutes(services: Services): Router {
  const router = Router();
  router.get(PATH, (req, res) => {
    res.render('pages/session-ended', {
      loggedIn: req.query.inloggad === '1',
      minutes: services.config.session.idleMinutes,
    });
  });
  return router;
}
