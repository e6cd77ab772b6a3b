import { Router } from 'express';

export default function startRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.render('pages/start', {
      deleted: req.query.raderat === '1',
      sessionEnded: req.query.sessionen === 'slut',
      loggedOut: req.query.utloggad === '1',
    });
  });
  return router;
}
