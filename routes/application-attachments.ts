import { Router, type Request, type Response } from 'express';
import type { FormRegistry } from '../forms';
import type { FieldError } from '../forms/field-error';
import { canOpen } from '../forms/journey';
import type { Step } from '../forms/types';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import { sanitiseFileName } from '../services/attachment-names';
import type { FileOutcome } from '../services/attachments';
import { actorOf } from './actor';
import { currentDraft, formOf } from './application-draft';
import { journeyPaths, UPLOAD_SEGMENT } from './application-paths';
import { renderStep } from './application-steps';
import { checkedUploadReader, type ParsedUpload } from './attachment-upload';
import {
  limitTexts,
  refusalStatus,
  UPLOAD_FIELD,
  UPLOAD_INPUT_ID,
  UPLOADED_LIST_ID,
  UPLOADED_ON_NEXT_FIELD,
} from './attachment-view';
import { noteRemoved, noteUploaded, storedIds } from './file-status';
import { keepStepInput, stepBody, type KeptStepInput } from './upload-step-input';
import { sendDownload } from './file-download';

const UPLOAD_PATH = new RegExp(`^/ansokan/([^/]+)/([^/]+)/${UPLOAD_SEGMENT}$`);
const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A multipart post to the upload address of a step that takes files: the one request whose body
 * the route itself parses, so the body check and the CSRF check before the routes let it pass
 * and the route checks the token once the body is read.
 */
export function isAttachmentUpload(forms: FormRegistry): (req: Request) => boolean {
  return (req) => {
    if (req.method !== 'POST' || !req.is('multipart/form-data')) return false;
    const [, slug, stepId] = UPLOAD_PATH.exec(req.path) ?? [];
    const form = slug ? forms.latestBySlug(slug) : undefined;
    return form?.steps.some((step) => step.id === stepId && step.uploads === true) ?? false;
  };
}

interface UploadTarget {
  record: ApplicationRecord;
  step: Step;
}

/** The logged-in applicant's draft and the step (one that takes files) the URL names. */
async function uploadTarget(
  req: Request,
  res: Response,
  services: Services,
): Promise<UploadTarget | undefined> {
  if (actorOf(req).kind !== 'applicant') return undefined;
  const record = await currentDraft(req, services, formOf(res));
  const step = record?.form.steps.find(
    (candidate) => candidate.id === req.params.stepId && candidate.uploads === true,
  );
  if (!record || !step || !canOpen(record.form, record.draft, step)) return undefined;
  return { record, step };
}

/** Files on the steps that take them: upload, download and remove, for the draft's owner only. */
export function applicationAttachmentRoutes(services: Services): Router {
  const router = Router({ mergeParams: true });
  const { attachments, logger } = services;
  const readCheckedUpload = checkedUploadReader(services, attachments.limits);

  const errorOf = (text: string): FieldError => ({
    field: UPLOAD_FIELD,
    text,
    href: `#${UPLOAD_INPUT_ID}`,
  });
  const stepAddress = (req: Request, target: UploadTarget, anchor = '', extra?: string) => {
    const query = [req.query.granska === '1' ? 'granska=1' : '', extra ?? '']
      .filter(Boolean)
      .join('&');
    return `${journeyPaths(target.record.form).step(target.step.id)}${query ? `?${query}` : ''}${anchor}`;
  };

  /**
   * The step page again, with what was refused and the step's answers as the upload or removal
   * left them: saved, or as typed when they could not be saved.
   */
  const showAgain = (
    req: Request,
    res: Response,
    target: UploadTarget,
    kept: KeptStepInput,
    fileErrors: FieldError[],
    status: number,
  ) =>
    renderStep(req, res, services, {
      form: kept.record.form,
      applicationId: kept.record.id,
      draft: kept.record.draft,
      step: target.step,
      input: kept.input,
      errors: [...kept.errors, ...fileErrors],
      rowVersion: kept.record.rowVersion,
      status,
      ...(kept.notice ? { notice: kept.notice } : {}),
    });

  /** Saves (or keeps to show) what the step's page posted beside its file button. */
  const keepInput = (req: Request, res: Response, target: UploadTarget, save: boolean) =>
    keepStepInput(services, {
      record: target.record,
      step: target.step,
      body: stepBody(target.step, req.body),
      language: req.language,
      t: res.locals.t,
      reload: stepAddress(req, target),
      save,
    });

  /** Messages for a whole upload that could not be read; nothing of it was kept. */
  const unreadUpload = (
    req: Request,
    res: Response,
    parsed: Exclude<ParsedUpload, { outcome: 'files' }>,
  ) => {
    const { t } = res.locals;
    const texts = limitTexts(attachments.limits, req.language);
    if (parsed.outcome === 'tooLarge') {
      const name = sanitiseFileName(parsed.originalName);
      return { status: 413, text: t('attachments.tooLargeNoneUploaded', { ...texts, name }) };
    }
    if (parsed.outcome === 'tooMany') {
      return { status: 413, text: t('attachments.tooManyAtOnce', texts) };
    }
    return { status: 400, text: t('attachments.unreadable') };
  };

  router.post(`/:stepId/${UPLOAD_SEGMENT}`, async (req, res, next) => {
    const target = await uploadTarget(req, res, services);
    if (!target) {
      // Only a logged-in applicant's own draft takes files: nothing else is read or stored.
      next();
      return;
    }
    const parsed = await readCheckedUpload(req, res, next);
    if (!parsed) return;
    const { t } = res.locals;
    const actor = actorOf(req);
    const logged = {
      reqId: req.id,
      accountId: actor.kind === 'applicant' ? actor.userId : undefined,
      applicationId: target.record.id,
    };
    // The step's answers came in the same form: saved first, so nothing ticked is lost. A body
    // read only in part is shown again, not saved.
    const kept = await keepInput(req, res, target, parsed.outcome === 'files');
    if (parsed.outcome !== 'files') {
      const refused = unreadUpload(req, res, parsed);
      logger.warn({ ...logged, outcome: parsed.outcome }, 'upload refused as a whole');
      await showAgain(req, res, target, kept, [errorOf(refused.text)], refused.status);
      return;
    }
    if (parsed.files.length === 0) {
      await showAgain(req, res, target, kept, [errorOf(t('attachments.noFile'))], 400);
      return;
    }
    const outcomes = await attachments.add(actor, target.record.id, parsed.files);
    if (!outcomes) {
      next();
      return;
    }
    const refused = outcomes.filter(
      (outcome): outcome is Extract<FileOutcome, { outcome: 'refused' }> =>
        outcome.outcome === 'refused',
    );
    // Said on the page shown next, this one or the one redirected to.
    noteUploaded(req, target.record.id, storedIds(outcomes));
    logger.info(
      {
        ...logged,
        stored: outcomes.length - refused.length,
        refused: refused.map((outcome) => outcome.reason),
      },
      'attachments uploaded',
    );
    if (refused.length === 0 && kept.saved && kept.errors.length === 0) {
      const onNext = (req.body as Record<string, unknown>)[UPLOADED_ON_NEXT_FIELD] === 'nasta';
      res.redirect(
        303,
        stepAddress(req, target, `#${UPLOADED_LIST_ID}`, onNext ? 'uppladdat=1' : undefined),
      );
      return;
    }
    const texts = limitTexts(attachments.limits, req.language);
    const errors = refused.map((outcome) =>
      errorOf(t(`attachments.refused.${outcome.reason}`, { ...texts, name: outcome.name })),
    );
    const status =
      refused.length > 0 ? refusalStatus(refused.map((outcome) => outcome.reason)) : kept.status;
    await showAgain(req, res, target, kept, errors, status ?? 400);
  });

  router.get('/:stepId/:attachmentId', async (req, res, next) => {
    const form = formOf(res);
    const takesFiles = form.steps.some(
      (step) => step.id === req.params.stepId && step.uploads === true,
    );
    if (!takesFiles) {
      next();
      return;
    }
    const actor = actorOf(req);
    const record = await currentDraft(req, services, form);
    const { attachmentId } = req.params;
    const wellFormed = ATTACHMENT_ID.test(attachmentId);
    const file =
      record && wellFormed ? await attachments.open(actor, record.id, attachmentId) : undefined;
    const logged = {
      reqId: req.id,
      accountId: actor.kind === 'applicant' ? actor.userId : undefined,
      applicationId: record?.id,
      // Only an id of ours is logged: the path is the visitor's to write.
      attachmentId: wellFormed ? attachmentId : 'malformed',
    };
    if (!file) {
      logger.warn(logged, 'attachment download refused: not found or not allowed');
      res.status(404).render('pages/not-found');
      return;
    }
    logger.info(logged, 'attachment downloaded');
    sendDownload(res, file);
  });

  router.post('/:stepId/:attachmentId/ta-bort', async (req, res, next) => {
    const target = await uploadTarget(req, res, services);
    const { attachmentId } = req.params;
    if (!target || !ATTACHMENT_ID.test(attachmentId)) {
      next();
      return;
    }
    const actor = actorOf(req);
    // "Ta bort" is a button of the step's form too: what the page shows is kept as for an upload.
    const kept = await keepInput(req, res, target, true);
    const removed = await attachments.remove(actor, target.record.id, attachmentId);
    if (removed === false) {
      logger.warn(
        { reqId: req.id, applicationId: target.record.id, attachmentId },
        'attachment removal refused: not found or not allowed',
      );
      next();
      return;
    }
    noteRemoved(req, target.record.id, removed);
    if (kept.saved && kept.errors.length === 0) {
      res.redirect(303, stepAddress(req, target, `#${UPLOADED_LIST_ID}`));
      return;
    }
    await showAgain(req, res, target, kept, [], kept.status ?? 400);
  });

  return router;
}
