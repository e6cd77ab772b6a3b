import { Router } from 'express';
import type { SharedPage } from '../middleware/set-up-shared-pages';

/** What a first visit sees (no notice to show): served from memory to visitors without a session. */
export function sharedStartPage(idleMinutes: number): SharedPage {
  return {
    path: '/',
    view: 'pages/start',
    locals: { deleted: false, sessionEnded: false, loggedOut: false, idleMinutes },
  };
}

export default function startRoutes(idleMinutes: number): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.render('pages/start', {
      deleted: req.query.raderat === '1',
      sessionEnded: req.query.sessionen === 'slut',
      loggedOut: req.query.utloggad === '1',
      idleMinutes,
    });
  });
  return router;
}
