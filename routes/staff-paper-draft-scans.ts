import { Router, type NextFunction, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import type { AuditAction } from '../services/audit-log';
import type { StaffRequest } from '../services/cases';
import type { AddScansResult } from '../services/paper-draft-scans';
import { checkedUploadReader, type ParsedUpload } from './attachment-upload';
import { UPLOAD_FIELD } from './attachment-view';
import { setPaperNote } from './staff-paper-note';
import { PAPER_PATHS } from './staff-paper-paths';
import { scanRefusal } from './staff-paper-refusals';
import { staffOf } from './staff-guard';
import { postedVersion } from './upload-step-input';

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/** The file input of "Lägg till skannade sidor" on the registration's page. */
export const ADD_SCANS_INPUT_ID = 'lagg-till-sidor';

/** What the registration's page (routes/staff-paper-draft.ts) lends this route. */
export interface DraftPage {
  /** The draft for a staff member who may write there; else 404 or 403 sent, logged once. */
  draftOf: (
    req: Request,
    res: Response,
    action: AuditAction,
  ) => Promise<ApplicationRecord | undefined>;
  /** The page again, with what went wrong; its look logged as one 'view'. */
  renderOverview: (
    req: Request,
    res: Response,
    record: ApplicationRecord,
    page: { received: string; errors: FieldError[]; status?: number },
  ) => Promise<void>;
  todayText: () => string;
}

/**
 * "Lägg till skannade sidor": photos or scans added to a started registration, as the first
 * upload's are (multipart, the token checked once the body is read). While the draft has no
 * answers, its codes are read from all its pages together and fill it in.
 */
export default function staffPaperDraftScanRoutes(services: Services, page: DraftPage): Router {
  const router = Router();
  const registration = services.paperRegistration;
  const readCheckedUpload = checkedUploadReader(services, registration.limits);

  router.post(
    `${PAPER_PATHS.start}/:id/skanna`,
    async (req: Request, res: Response, next: NextFunction) => {
      // Who may is settled before the body is read: another municipality's draft is a 404, a
      // read-only grant a 403, each with its one audit row (SEC-15, SEC-16).
      const record = await page.draftOf(req, res, 'change');
      if (!record) return;
      // Without a valid token: 403 and nothing stored (SEC-19).
      const parsed = await readCheckedUpload(req, res, next);
      if (!parsed) return;
      const version = postedVersion((req.body ?? {}) as Record<string, unknown>);
      const result =
        parsed.outcome === 'files'
          ? await registration.addScans(whoOf(req), record, version, parsed.files)
          : unreadUpload(parsed);
      services.logger.info(
        {
          reqId: req.id,
          outcome: result.outcome,
          ...(result.outcome === 'added' ? { note: result.note.kind } : {}),
          files: parsed.outcome === 'files' ? parsed.files.length : 0,
        },
        'paper application pages added',
      );
      if (result.outcome === 'refused' && result.refusal.problem === 'readFailed') {
        services.logger.warn(
          { reqId: req.id, reason: result.refusal.reason, err: result.cause },
          'paper application pages could not be read',
        );
      }
      if (result.outcome === 'added') {
        setPaperNote(req, record.id, result.note);
        res.redirect(303, PAPER_PATHS.draft(record.id));
        return;
      }
      await refused(req, res, record, result);
    },
  );

  /** The page again with what went wrong; nothing was stored. */
  async function refused(
    req: Request,
    res: Response,
    record: ApplicationRecord,
    result: Exclude<AddScansResult, { outcome: 'added' }>,
  ) {
    const { t } = res.locals;
    const { status, text } = problemOf(result, req, t);
    // A page from before a change shows the draft as it is now; one registered or removed
    // meanwhile is for its own address to tell.
    const shown =
      result.outcome === 'stale'
        ? await services.applications.find(registration.actorOf(whoOf(req)), record.id)
        : record;
    if (!shown) {
      res.redirect(303, PAPER_PATHS.draft(record.id));
      return;
    }
    if (result.outcome === 'busy') res.setHeader('Retry-After', '60');
    await page.renderOverview(req, res, shown, {
      received: page.todayText(),
      errors: [{ field: UPLOAD_FIELD, text, href: `#${ADD_SCANS_INPUT_ID}` }],
      status,
    });
  }

  function problemOf(
    result: Exclude<AddScansResult, { outcome: 'added' }>,
    req: Request,
    t: Response['locals']['t'],
  ): { status: number; text: string } {
    switch (result.outcome) {
      case 'stale':
        return { status: 409, text: t('paper.error.scansStale') };
      case 'busy':
        return { status: 503, text: t('paper.error.busy') };
      case 'tooLarge':
        return { status: 413, text: t('form.draftTooLarge') };
      case 'refused':
        return scanRefusal(result.refusal, registration.limits, req.language, t);
    }
  }

  return router;
}

function unreadUpload(parsed: Exclude<ParsedUpload, { outcome: 'files' }>): AddScansResult {
  if (parsed.outcome === 'tooLarge') {
    return { outcome: 'refused', refusal: { problem: 'tooLarge', name: parsed.originalName } };
  }
  if (parsed.outcome === 'tooMany') return { outcome: 'refused', refusal: { problem: 'tooMany' } };
  return { outcome: 'refused', refusal: { problem: 'noFile' } };
}
