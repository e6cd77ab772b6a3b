import { Router } from 'express';

export default function startRoutes(): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('pages/start');
  });
  return router;
}
