import { Router } from 'express';
import type { SharedPage } from '../middleware/set-up-shared-pages';

/** Dates of the latest self-assessment; update them whenever the statement is reviewed. */
export const accessibilityReview = { assessed: '2026-11-24', updated: '2026-11-24' };

export const DIGG_REPORT_URL =
  'https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet';

const accessibilityLocals = { review: accessibilityReview, diggUrl: DIGG_REPORT_URL };

/** The statement as a visitor without a session sees it: served from memory. */
export const sharedAccessibilityPage: SharedPage = {
  path: '/tillganglighet',
  view: 'pages/accessibility',
  locals: accessibilityLocals,
};

export default function accessibilityRoutes(): Router {
  const router = Router();
  router.get('/tillganglighet', (_req, res) => {
    res.render('pages/accessibility', accessibilityLocals);
  });
  return router;
}
