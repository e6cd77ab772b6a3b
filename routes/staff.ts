import { Router } from 'express';
import type { Services } from '../services';
import staffAccountRoutes from './staff-accounts';
import staffCaseRoutes from './staff-case';
import staffCaseCompletionRoutes from './staff-case-completion';
import { requireStaff } from './staff-guard';
import staffHomeRoutes from './staff-home';
import staffInboxRoutes from './staff-inbox';
import staffLetterRoutes from './staff-letters';

/** Everything under /handlaggare: staff only, logged in with both factors. */
export default function staffRoutes(services: Services): Router {
  const router = Router();
  router.use('/handlaggare', requireStaff(services));
  router.use(staffInboxRoutes(services));
  router.use(staffCaseRoutes(services));
  router.use(staffCaseCompletionRoutes(services));
  router.use(staffHomeRoutes(services));
  router.use(staffAccountRoutes(services));
  router.use(staffLetterRoutes(services));
  return router;
}
