import { Router, type Request, type Response } from 'express';
import { addMonths, swedishDay } from '../forms/dates';
import { formatDate, formatMonth } from '../forms/format';
import type { FieldError } from '../forms/field-error';
import { parseRowChange, parseRowReference, rowChangeAddress } from '../forms/group-rows';
import {
  canOpen,
  firstIncompleteStep,
  isComplete,
  neighbours,
  visibleSteps,
} from '../forms/journey';
import { messageValues } from '../forms/messages';
import { parseDate } from '../forms/parsers';
import { readStepInput } from '../forms/read-input';
import type { Step, StepInput } from '../forms/types';
import { stepFieldViews } from '../forms/view-model';
import { hasMessage, type MessageKey } from '../locales';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import type { StaffRequest } from '../services/cases';
import type { AuditAction } from '../services/audit-log';
import { stepText } from './application-step-texts';
import { formatFileSize, limitTexts, UPLOAD_FIELD } from './attachment-view';
import { bodyText } from './form-body';
import { paperNoteText, takePaperNote } from './staff-paper-note';
import { PAPER_PATHS, PAPER_REMOVED } from './staff-paper-paths';
import { renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { accountIdOf, STAFF_PATHS } from './staff-paths';
import { sendDownload } from './file-download';
import { duplicateLinks } from './staff-case-duplicates';
import staffPaperDraftScanRoutes, { ADD_SCANS_INPUT_ID } from './staff-paper-draft-scans';

const RECEIVED = 'inkom';
/** The signature boxes: one name, a value for each signer. */
const SIGNED = 'underskriven';
const SIGNED_BY = { applicant: 'sokande', coApplicant: 'medsokande' } as const;
/** "Not the same application": its value names the duplicates the caseworker was shown. */
const NOT_SAME = 'inte-samma';

/** The ticked signature boxes (a list, one value, or nothing; anything else is not a tick). */
function signedOf(body: Record<string, unknown>) {
  const posted = body[SIGNED];
  const values = (Array.isArray(posted) ? posted : [posted]).filter(
    (value): value is string => typeof value === 'string',
  );
  return {
    applicant: values.includes(SIGNED_BY.applicant),
    coApplicant: values.includes(SIGNED_BY.coApplicant),
  };
}

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

function postedVersion(body: Record<string, unknown>): number {
  const value = Number(body._version);
  return Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

interface StaffStepPage {
  record: ApplicationRecord;
  step: Step;
  input: StepInput;
  errors: FieldError[];
  rowVersion: number;
  status?: number;
  stale?: boolean;
}

interface OverviewPage {
  received: string;
  /** The signature boxes as posted; none ticked on a page shown afresh. */
  signed?: { applicant: boolean; coApplicant: boolean };
  errors: FieldError[];
  status?: number;
  /** The duplicates the caseworker said this is not, as posted. */
  notSame?: string;
}

/**
 * A paper application being registered: its page (what was read, the steps, the answers, the
 * date it came by post and "Registrera"), and a staff version of the form's step pages.
 */
export default function staffPaperDraftRoutes(services: Services): Router {
  const router = Router();
  const registration = services.paperRegistration;
  /** Today as the date field shows it (YYYY-MM-DD, as its hint's example). */
  const todayText = () => swedishDay(services.clock.now());

  /** The draft, for a caseworker of its municipality; otherwise 404 or 403, logged. */
  async function draftOf(
    req: Request,
    res: Response,
    action: AuditAction,
    options: { pageLogsView?: boolean } = {},
  ): Promise<ApplicationRecord | undefined> {
    const who = whoOf(req);
    const id = accountIdOf(req.params.id);
    const found = await registration.open(who, id ?? 'malformed', action, options);
    if (found.outcome === 'found') return found.record;
    // Reached again after registering ("back"): the case it became says it is registered.
    if (found.outcome === 'registered') {
      res.redirect(303, `${STAFF_PATHS.case(found.applicationId)}?registrerad=1#registrerad`);
    } else if (found.outcome === 'forbidden') renderForbidden(res);
    else renderNotFound(res);
    return undefined;
  }

  async function renderOverview(
    req: Request,
    res: Response,
    record: ApplicationRecord,
    page: OverviewPage,
  ) {
    const { t } = res.locals;
    const { form, draft } = record;
    const note = takePaperNote(req, record.id);
    const municipality = await services.municipalities.find(record.municipalityCode);
    const complete = services.applications.isComplete(record);
    const empty = Object.keys(draft.input).length === 0;
    const next = firstIncompleteStep(form, draft);
    const scans = await registration.scansOf(record);
    const found = complete ? await services.caseDuplicates.ofPaperDraft(staffOf(req), record) : [];
    // One look, logged as one (after a post too, which stored nothing), naming the duplicates.
    await registration.viewed(
      whoOf(req),
      record,
      found.map((one) => one.id),
    );
    const { duplicates } = duplicateLinks(found, t);
    const foundIds = found.map((one) => one.id).join(' ');
    res.status(page.status ?? (page.errors.length > 0 ? 400 : 200)).render('staff/paper/draft', {
      municipalityName: municipality?.name ?? record.municipalityCode,
      note: note && {
        text: paperNoteText(note, t, req.language),
        ok: (note.kind === 'read' && note.stepsWithErrors === 0) || note.kind === 'attached',
        byHand: note.kind !== 'read' && note.kind !== 'attached' && empty,
        scanAgain: note.kind === 'missingParts' && empty,
        // Only a scan is kept with no codes found (typed text without codes is not stored).
        noCodesAgain: note.kind === 'noCodes' && empty,
        scanTips: (note.kind === 'missingParts' || note.kind === 'noCodes') && empty,
      },
      scans: scans.map((scan) => ({
        name: scan.name,
        size: formatFileSize(scan.size, req.language),
        href: PAPER_PATHS.scanFile(record.id, scan.id),
      })),
      addScans: {
        action: PAPER_PATHS.addScans(record.id),
        inputId: ADD_SCANS_INPUT_ID,
        field: UPLOAD_FIELD,
        hint: t('paper.start.scanHint', limitTexts(registration.limits, req.language)),
        error: page.errors.find((error) => error.field === UPLOAD_FIELD)?.text,
        // Read and filled in only while nothing is typed or read.
        text: t(empty ? 'paper.draft.addTextEmpty' : 'paper.draft.addTextAnswered'),
      },
      steps: visibleSteps(form, draft.values).map((step) => {
        const typed = draft.input[step.id] !== undefined;
        const done = isComplete(draft, step);
        return {
          title: t(`${form.messagePrefix}.${step.id}.title` as MessageKey),
          href: canOpen(form, draft, step) ? PAPER_PATHS.step(record.id, step.id) : undefined,
          state: done ? 'done' : typed ? 'errors' : 'empty',
        };
      }),
      nextHref: next ? PAPER_PATHS.step(record.id, next.id) : undefined,
      review: complete ? services.applications.review(record, req.language) : undefined,
      duplicates,
      notSame: {
        name: NOT_SAME,
        value: foundIds,
        // Still ticked only if the page shows the same duplicates it was ticked for.
        checked: page.notSame === foundIds,
        error: page.errors.find((error) => error.field === NOT_SAME)?.text,
      },
      stepHref: (stepId: string) => PAPER_PATHS.step(record.id, stepId),
      errors: page.errors,
      received: page.received,
      receivedError: page.errors.find((error) => error.field === RECEIVED)?.text,
      signatures: {
        name: SIGNED,
        error: page.errors.find((error) => error.field === SIGNED)?.text,
        boxes: [
          {
            value: SIGNED_BY.applicant,
            label: t('paper.draft.signedApplicant'),
            checked: page.signed?.applicant === true,
          },
          ...(registration.hasCoApplicant(record)
            ? [
                {
                  value: SIGNED_BY.coApplicant,
                  label: t('paper.draft.signedCoApplicant'),
                  checked: page.signed?.coApplicant === true,
                },
              ]
            : []),
        ],
      },
      today: swedishDay(services.clock.now()),
      rowVersion: record.rowVersion,
      registerAction: PAPER_PATHS.register(record.id),
      discardHref: PAPER_PATHS.discard(record.id),
      startHref: PAPER_PATHS.start,
    });
  }

  function renderStep(req: Request, res: Response, page: StaffStepPage) {
    const { t } = res.locals;
    const { record, step } = page;
    const { form, draft } = record;
    // The same texts as the applicant's step (the month filled in, the variant that fits).
    const text = (part: string) =>
      stepText(req.language, t, { form, draft, step, loggedIn: false }, part);
    res.status(page.status ?? (page.errors.length > 0 ? 400 : 200)).render('staff/paper/step', {
      stepTitle: t(`${form.messagePrefix}.${step.id}.title` as MessageKey),
      stepIntro: text('intro'),
      stepStatement: text('statement'),
      position: neighbours(form, draft, step),
      stepList: visibleSteps(form, draft.values).map((each) => ({
        title: t(`${form.messagePrefix}.${each.id}.title` as MessageKey),
        href: canOpen(form, draft, each) ? PAPER_PATHS.step(record.id, each.id) : undefined,
        done: isComplete(draft, each),
        current: each === step,
      })),
      formAction: PAPER_PATHS.step(record.id, step.id),
      overviewHref: PAPER_PATHS.draft(record.id),
      errors: page.errors,
      stale: page.stale === true,
      rowVersion: page.rowVersion,
      fields: stepFieldViews({
        form,
        step,
        input: page.input,
        values: draft.values,
        today: swedishDay(services.clock.now()),
        errors: page.errors,
        t,
        has: (candidate) => hasMessage(req.language, candidate),
        removedRow: page.errors.length === 0 ? parseRowReference(req.query.borttagen) : undefined,
        addedRow: page.errors.length === 0 ? parseRowReference(req.query['lagt-till']) : undefined,
      }),
    });
  }

  router.use(staffPaperDraftScanRoutes(services, { draftOf, renderOverview, todayText }));

  /** The step the address names, if the draft shows it and its earlier steps are done. */
  function stepOf(record: ApplicationRecord, stepId: string | undefined): Step | undefined {
    const step = record.form.steps.find((candidate) => candidate.id === stepId);
    return step && canOpen(record.form, record.draft, step) ? step : undefined;
  }

  router.get(`${PAPER_PATHS.start}/:id`, async (req, res) => {
    const record = await draftOf(req, res, 'view', { pageLogsView: true });
    if (!record) return;
    // Most letters are registered the day they come: today is filled in, to change if not.
    await renderOverview(req, res, record, { received: todayText(), errors: [] });
  });

  // A scan, to compare with the answers: checked and logged as a case's attachment is (SEC-28).
  router.get(`${PAPER_PATHS.start}/:id/bilder/:fileId`, async (req, res) => {
    const id = accountIdOf(req.params.id) ?? 'malformed';
    const fileId = accountIdOf(req.params.fileId) ?? 'malformed';
    const found = await registration.scan(whoOf(req), id, fileId);
    if (found.outcome === 'forbidden') {
      renderForbidden(res);
      return;
    }
    if (found.outcome === 'notFound') {
      renderNotFound(res);
      return;
    }
    const { file } = found;
    sendDownload(res, file);
  });

  router.post(`${PAPER_PATHS.start}/:id/registrera`, async (req, res) => {
    const record = await draftOf(req, res, 'change');
    if (!record) return;
    const { t } = res.locals;
    const who = whoOf(req);
    const typed = bodyText(req, RECEIVED).slice(0, 40);
    const signed = signedOf((req.body ?? {}) as Record<string, unknown>);
    const notSame = bodyText(req, NOT_SAME);
    const today = swedishDay(services.clock.now());
    const error = (text: string): OverviewPage => ({
      received: typed,
      signed,
      notSame,
      errors: [{ field: RECEIVED, text, href: `#${RECEIVED}` }],
    });
    if (typed.trim() === '') {
      await renderOverview(req, res, record, error(t('paper.error.receivedRequired')));
      return;
    }
    const parsed = parseDate(typed);
    if (!parsed.ok) {
      const text = t(`formError.${parsed.error}` as MessageKey, messageValues(parsed.values, t));
      await renderOverview(req, res, record, error(text));
      return;
    }
    if (parsed.value > today) {
      await renderOverview(req, res, record, error(t('paper.error.receivedFuture')));
      return;
    }
    // One applies for last month, this month or next: a paper for December came in November at
    // the earliest. An earlier date is a slip of the pen, and would put the case first in line.
    const period = record.form.hooks.period?.(record.draft.values);
    const earliest = period && `${addMonths(period, -1)}-01`;
    if (period && earliest && parsed.value < earliest) {
      const text = t('paper.error.receivedBeforePeriod', {
        period: formatMonth(period, t),
        earliest: formatDate(earliest, t),
      });
      await renderOverview(req, res, record, error(text));
      return;
    }
    const version = postedVersion((req.body ?? {}) as Record<string, unknown>);
    // The duplicates are checked again as it is registered: another registration (another tab,
    // a colleague) may have come since the page was shown.
    const said = new Set(notSame.split(' '));
    const result = await registration.register(who, record, version, parsed.value, signed, said);
    if (result.outcome === 'duplicates') {
      await renderOverview(req, res, record, {
        received: typed,
        signed,
        notSame,
        errors: [
          { field: NOT_SAME, text: t('paper.error.sameAsRegistered'), href: `#${NOT_SAME}` },
        ],
      });
      return;
    }
    if (result.outcome === 'registered') {
      // The case, saying it is registered and with which receipt number (to write on the paper).
      res.redirect(303, `${STAFF_PATHS.case(result.applicationId)}?registrerad=1#registrerad`);
      return;
    }
    if (result.outcome === 'unsigned') {
      const text = t(
        result.missingApplicant && result.missingCoApplicant
          ? 'paper.error.unsignedBoth'
          : result.missingApplicant
            ? 'paper.error.unsignedApplicant'
            : 'paper.error.unsignedCoApplicant',
      );
      const first = result.missingApplicant ? SIGNED_BY.applicant : SIGNED_BY.coApplicant;
      await renderOverview(req, res, record, {
        received: typed,
        signed,
        notSame,
        errors: [{ field: SIGNED, text, href: `#${SIGNED}-${first}` }],
      });
      return;
    }
    const text = t(result.outcome === 'stale' ? 'paper.error.stale' : 'paper.error.incomplete');
    await renderOverview(req, res, record, {
      received: typed,
      signed,
      notSame,
      errors: [{ field: '_form', text, href: '#main' }],
      status: result.outcome === 'stale' ? 409 : 400,
    });
  });

  // "Ta bort registreringen" asks first, on a page of its own: nothing is deleted by one click.
  router.get(`${PAPER_PATHS.start}/:id/ta-bort`, async (req, res) => {
    const record = await draftOf(req, res, 'view');
    if (!record) return;
    const municipality = await services.municipalities.find(record.municipalityCode);
    const scans = await registration.scansOf(record);
    res.render('staff/paper/discard', {
      applicantName:
        record.form.hooks.signers(record.draft.values)[0] || res.locals.t('paper.start.noName'),
      municipalityName: municipality?.name ?? record.municipalityCode,
      scanCount: res.locals.t('paperRemove.scanCount', { count: scans.length }),
      rowVersion: record.rowVersion,
      discardAction: PAPER_PATHS.discard(record.id),
      draftHref: PAPER_PATHS.draft(record.id),
    });
  });

  router.post(`${PAPER_PATHS.start}/:id/ta-bort`, async (req, res) => {
    const record = await draftOf(req, res, 'change');
    if (!record) return;
    const who = whoOf(req);
    const version = postedVersion((req.body ?? {}) as Record<string, unknown>);
    const discarded = await registration.discard(who, record, version);
    if (discarded === 'discarded') {
      res.redirect(303, `${PAPER_PATHS.start}?${PAPER_REMOVED}=1`);
      return;
    }
    // A page from before another tab changed or registered it: nothing was deleted.
    const { t } = res.locals;
    const fresh =
      discarded === 'stale'
        ? await services.applications.find(registration.actorOf(who), record.id)
        : undefined;
    if (fresh) {
      await renderOverview(req, res, fresh, {
        received: todayText(),
        errors: [{ field: '_form', text: t('paper.error.discardStale'), href: '#main' }],
        status: 409,
      });
      return;
    }
    res.status(409).render('staff/paper/gone', { startHref: PAPER_PATHS.start });
  });

  router.get(`${PAPER_PATHS.start}/:id/steg/:stepId`, async (req, res) => {
    const record = await draftOf(req, res, 'view');
    if (!record) return;
    const step = stepOf(record, req.params.stepId);
    if (!step) {
      res.redirect(303, PAPER_PATHS.draft(record.id));
      return;
    }
    const input = record.draft.input[step.id] ?? {};
    // Answers read from the codes (or saved) that did not pass: their errors in place.
    const errors =
      record.draft.input[step.id] !== undefined && !isComplete(record.draft, step)
        ? services.applications.refusedInputErrors(
            record.form,
            record.draft,
            step,
            { input, fieldProblems: [] },
            req.language,
          )
        : [];
    renderStep(req, res, {
      record,
      step,
      input,
      errors,
      rowVersion: record.rowVersion,
      status: 200,
    });
  });

  router.post(`${PAPER_PATHS.start}/:id/steg/:stepId`, async (req, res) => {
    const { t } = res.locals;
    const record = await draftOf(req, res, 'change');
    if (!record) return;
    const step = stepOf(record, req.params.stepId);
    if (!step) {
      res.redirect(303, PAPER_PATHS.draft(record.id));
      return;
    }
    const who = whoOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const seenVersion = postedVersion(body);
    const shown = { record, step, rowVersion: record.rowVersion };
    const {
      input,
      problems,
      fieldProblems,
      shown: typed,
      unsent,
    } = readStepInput(step, body, record.draft.values, record.draft.input[step.id]);
    if (problems.size > 0 || fieldProblems.length > 0) {
      // Nothing is stored: the page comes back, and the look at it is logged.
      await registration.viewed(who, record);
      const errors =
        problems.size > 0
          ? [
              {
                field: '_form',
                text: t(problems.has('malformed') ? 'form.malformed' : 'form.unknownField'),
                href: '#main',
              },
            ]
          : services.applications.refusedInputErrors(
              record.form,
              record.draft,
              step,
              { input, fieldProblems },
              req.language,
            );
      renderStep(req, res, { ...shown, input: typed, errors });
      return;
    }
    const action = typeof body._action === 'string' ? body._action : 'next';
    const rowChange = parseRowChange(action);
    const audit = registration.auditedSave(who, record);
    const result = rowChange
      ? await services.applications.changeRows(record, step, input, rowChange, seenVersion, audit)
      : await services.applications.saveStep(record, step, input, seenVersion, req.language, {
          within: audit,
          unsent,
        });
    if (result.outcome !== 'saved') {
      await registration.viewed(who, record);
      const stale = result.outcome === 'stale';
      renderStep(req, res, {
        record: result.record,
        step,
        input,
        errors: stale ? [] : [{ field: '_form', text: t('form.draftTooLarge'), href: '#main' }],
        rowVersion: result.record.rowVersion,
        status: stale ? 409 : 413,
        stale,
      });
      return;
    }
    const saved = result.record;
    if (rowChange) {
      // As on the applicant's step: a removal said and focused, an added row's first field focused.
      const rowsNow = (saved.draft.input[step.id]?.[rowChange.groupId] ?? []) as unknown[];
      res.redirect(
        303,
        rowChangeAddress(
          PAPER_PATHS.step(saved.id, step.id),
          rowChange,
          result.anchor,
          rowsNow.length,
        ),
      );
      return;
    }
    if (action === 'back') {
      const { previous } = neighbours(saved.form, saved.draft, step);
      res.redirect(
        303,
        previous ? PAPER_PATHS.step(saved.id, previous.id) : PAPER_PATHS.draft(saved.id),
      );
      return;
    }
    if (result.errors.length > 0) {
      renderStep(req, res, {
        record: saved,
        step,
        input,
        errors: result.errors,
        rowVersion: saved.rowVersion,
      });
      return;
    }
    // The next step still to do, or the page with the answers and "Registrera".
    const next = firstIncompleteStep(saved.form, saved.draft);
    res.redirect(303, next ? PAPER_PATHS.step(saved.id, next.id) : PAPER_PATHS.draft(saved.id));
  });

  return router;
}
