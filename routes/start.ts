import { Router, type Request } from 'express';
import type { SharedPage } from '../middleware/set-up-shared-pages';

function startPageLocals(query: Request['query']) {
  return {
    deleted: query.raderat === '1',
    sessionEnded: query.sessionen === 'slut',
    loggedOut: query.utloggad === '1',
  };
}

/** What a first visit sees: served from memory to visitors without a session. */
export const sharedStartPage: SharedPage = {
  path: '/',
  view: 'pages/start',
  locals: startPageLocals({}),
};

export default function startRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.render('pages/start', startPageLocals(req.query));
  });
  return router;
}
