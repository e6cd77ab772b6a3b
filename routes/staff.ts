import { Router } from 'express';
import type { Services } from '../services';
import staffAccountRoutes from './staff-accounts';
import staffCaseRoutes from './staff-case';
import staffCaseLogRoutes from './staff-case-log';
import staffCasePostAnswerRoutes from './staff-case-post-answer';
import staffDecisionRoutes from './staff-case-decision';
import staffCaseworkRoutes from './staff-casework';
import staffCaseCompletionRoutes from './staff-case-completion';
import staffCaseSignatureRoutes from './staff-case-signature';
import staffDirectoryRoutes from './staff-directory';
import staffLetterTextsRoutes from './staff-letter-texts';
import { requireStaff } from './staff-guard';
import staffHomeRoutes from './staff-home';
import staffInboxRoutes from './staff-inbox';
import staffInboxExportRoutes from './staff-inbox-export';
import staffReportRoutes from './staff-reports';
import staffLetterRoutes from './staff-letters';
import staffPaperRoutes from './staff-paper';
import staffPaperDraftRoutes from './staff-paper-draft';

/** Everything under /handlaggare: staff only, logged in with both factors. */
export default function staffRoutes(services: Services): Router {
  const router = Router();
  router.use('/handlaggare', requireStaff(services));
  router.use(staffInboxRoutes(services));
  router.use(staffInboxExportRoutes(services));
  router.use(staffReportRoutes(services));
  router.use(staffCaseRoutes(services));
  router.use(staffDecisionRoutes(services));
  router.use(staffCaseworkRoutes(services));
  router.use(staffCaseCompletionRoutes(services));
  router.use(staffCasePostAnswerRoutes(services));
  router.use(staffCaseLogRoutes(services));
  router.use(staffCaseSignatureRoutes(services));
  router.use(staffLetterTextsRoutes(services));
  router.use(staffDirectoryRoutes(services));
  router.use(staffHomeRoutes(services));
  router.use(staffAccountRoutes(services));
  router.use(staffLetterRoutes(services));
  router.use(staffPaperRoutes(services));
  router.use(staffPaperDraftRoutes(services));
  return router;
}
