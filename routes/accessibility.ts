import { Router } from 'express';

/** Dates of the latest self-assessment; update them whenever the statement is reviewed. */
export const accessibilityReview = { assessed: '2026-11-24', updated: '2026-11-24' };

export const DIGG_REPORT_URL =
  'https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet';

export default function accessibilityRoutes(): Router {
  const router = Router();
  router.get('/tillganglighet', (_req, res) => {
    res.render('pages/accessibility', { review: accessibilityReview, diggUrl: DIGG_REPORT_URL });
  });
  return router;
}
