import { Router } from 'express';

export default function loginRoutes(): Router {
  const router = Router();
  router.get('/logga-in', (_req, res) => {
    res.render('pages/login');
  });
  return router;
}
