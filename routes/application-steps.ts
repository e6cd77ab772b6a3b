import { Router, type Request, type Response } from 'express';
import { shownAnswers } from '../forms/answers';
import { askedAgain } from '../forms/asked-again';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { parseRowReference, parseRowChange, rowChangeAddress } from '../forms/group-rows';
import {
  canOpen,
  firstIncompleteStep,
  isComplete,
  neighbours,
  newDraft,
  stepPosition,
} from '../forms/journey';
import { readStepInput } from '../forms/read-input';
import type { Draft, FormDefinition, ScalarField, Step, StepInput } from '../forms/types';
import { stepFieldViews } from '../forms/view-model';
import { hasMessage, type MessageKey, type Translate } from '../locales';
import { formatMonth } from '../forms/format';
import { optionsOf } from '../forms/validate-field';
import { actorOf } from './actor';
import type { Services } from '../services';
import { currentDraft, formOf, startDraft } from './application-draft';
import { journeyPaths } from './application-paths';
import { stepList, stepText } from './application-step-texts';
import { uploadSection } from './attachment-view';
import { followStepExit, isBlankInput, parseStepExit, type StepExit } from './step-exit';
import { chosenFileNames, notUploadedError, postedVersion, stepBody } from './upload-step-input';

/** Where an applicant belongs now: the first step not yet done, or the review. */
export function resumePath(form: FormDefinition, draft: Draft): string {
  const step = firstIncompleteStep(form, draft);
  const paths = journeyPaths(form);
  return step ? paths.step(step.id) : paths.review;
}

/** The query that asks a step to show the errors of its saved answers. */
const CORRECT_QUERY = 'ratta=1';

/**
 * Where the review, the print and "Skicka in" send a draft that is not done: its first step
 * not done, and when that step holds answers (it was saved with an error, or a change elsewhere
 * made it wrong), with them marked at once and "Nästa" leading back to the review.
 */
export function correctionPath(form: FormDefinition, draft: Draft): string {
  const step = firstIncompleteStep(form, draft);
  if (!step || !draft.input[step.id]) return resumePath(form, draft);
  return `${journeyPaths(form).step(step.id)}?granska=1&${CORRECT_QUERY}`;
}

export interface StepPage {
  form: FormDefinition;
  /** The draft's id, once it exists: a step that takes files lists them. */
  applicationId: string | undefined;
  draft: Draft;
  step: Step;
  input: StepInput;
  errors: FieldError[];
  rowVersion: number;
  status?: number;
  /** A message for the whole page (another tab saved first) with a way to reload. */
  notice?: { title: string; text: string; reload: string };
  /**
   * What the page shows was not saved (a value too long to store): its history entry stays the
   * post, so a reload sends it again (the browser asks first) rather than dropping the text.
   */
  unsaved?: boolean;
  /** The step whose changed answer, from the review page, sent the applicant here. */
  changedStep?: Step;
}

/** The step named by `?andrat=` (a step changed from the review page), if it is one of the form's. */
function changedStepOf(form: FormDefinition, query: unknown): Step | undefined {
  return typeof query === 'string' ? form.steps.find((step) => step.id === query) : undefined;
}

export async function renderStep(
  req: Request,
  res: Response,
  services: Services,
  page: StepPage,
): Promise<void> {
  const { t } = res.locals;
  const { form, draft, step } = page;
  const paths = journeyPaths(form);
  const key = (part: string) => `${form.messagePrefix}.${step.id}.${part}`;
  const optional = (part: string) =>
    stepText(req.language, t, { form, draft, step, loggedIn: Boolean(res.locals.user) }, part);
  const returnToReview = req.query.granska === '1';
  // Shown as the answer to a post ("Nästa" with an error, an upload): "back" gets the step.
  if (req.method === 'POST' && !page.unsaved) {
    res.locals.getAddress = `${paths.step(step.id)}${returnToReview ? '?granska=1' : ''}`;
  }
  const changed = returnToReview ? page.changedStep : undefined;
  const status = page.status ?? (page.errors.length > 0 ? 400 : 200);
  const uploads = await uploadSection(req, res, services, page);
  const sentMonths = await sentMonthsOn(req, services, page, t);
  res.status(status).render('application/step', {
    stepTitle: t(key('title') as MessageKey),
    stepIntro: optional('intro'),
    stepStatement: optional('statement'),
    // On the step where papers are enclosed: which ones the answers so far call for.
    neededPapers: step.uploads
      ? (form.hooks.attachments?.(shownAnswers(form, draft), t) ?? [])
          .filter((item) => item.needed === true)
          .map((item) => item.label)
      : [],
    position: stepPosition(form, draft, step),
    stepList: stepList(req.language, t, form, draft, step),
    formAction: `${paths.step(step.id)}${returnToReview ? '?granska=1' : ''}${changed ? `&andrat=${changed.id}` : ''}`,
    // "Du ändrade ”Om dig”. …": why a change on the review page led here.
    changedText: changed
      ? t(page.errors.length > 0 ? 'form.changedCheck' : 'form.changedFillIn', {
          step: t(`${form.messagePrefix}.${changed.id}.title` as MessageKey),
        })
      : undefined,
    // "Nej, gå tillbaka till ansökan" on the cancel page returns to this step.
    cancelPath: `${paths.cancel}?fran=${step.id}`,
    returnToReview,
    errors: page.errors,
    notice: page.notice,
    // Months offered here that the applicant has already sent an application for.
    sentMonths:
      sentMonths.length > 0
        ? t('form.sentMonths', {
            months: new Intl.ListFormat(req.language, { type: 'conjunction' }).format(sentMonths),
          })
        : '',
    // Opened from Mina sidor's "new application with last month's answers".
    carriedOver: req.query.forra === '1',
    // Why a row's due date is empty while its bill came from last month (not after an error,
    // which says it itself).
    askedAgain:
      page.errors.length > 0 || draft.values[step.id]
        ? []
        : askedAgain(form, draft, step)
            .map((path) => key(`${path}.askedAgain`))
            .filter((own) => hasMessage(req.language, own))
            .map((own) => t(own as MessageKey)),
    rowVersion: page.rowVersion,
    // The header's ways out and the step list become buttons of this form (see step-exit.ts).
    stepFormId: 'step-form',
    uploads,
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

/**
 * On a step that asks for the month, the months offered that a logged-in applicant has already
 * sent this form for: said before they fill in every step, not only on the review page.
 */
async function sentMonthsOn(
  req: Request,
  services: Services,
  page: StepPage,
  t: Translate,
): Promise<string[]> {
  const actor = actorOf(req);
  const month = page.step.fields.find((field): field is ScalarField => field.type === 'month');
  if (actor.kind !== 'applicant' || !month) return [];
  const offered = optionsOf(month, {
    today: swedishDay(services.clock.now()),
    values: page.draft.values,
  });
  const sent = await services.applications.sentPeriods(actor, page.form.id, offered);
  return sent.map((period) => formatMonth(period, t));
}

/** The steps of any form: /ansokan/:form/:stepId, shown and saved through ApplicationService. */
export function applicationStepRoutes(services: Services): Router {
  const router = Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const latest = formOf(res);
    const record = await currentDraft(req, services, latest);
    const form = record?.form ?? latest;
    res.redirect(303, resumePath(form, record?.draft ?? newDraft(form)));
  });

  router.get('/:stepId', async (req, res, next) => {
    const latest = formOf(res);
    const record = await currentDraft(req, services, latest);
    const form = record?.form ?? latest;
    const step = form.steps.find((candidate) => candidate.id === req.params.stepId);
    if (!step) {
      next();
      return;
    }
    const draft = record?.draft ?? newDraft(form);
    if (!canOpen(form, draft, step)) {
      res.redirect(303, resumePath(form, draft));
      return;
    }
    // Reopened by a change elsewhere: what no longer fits is shown at once, not after "Nästa".
    const changedStep =
      req.query.granska === '1' ? changedStepOf(form, req.query.andrat) : undefined;
    const toCorrect = changedStep !== undefined || req.query.ratta === '1';
    const reopened = toCorrect && record && !isComplete(draft, step) && draft.input[step.id];
    await renderStep(req, res, services, {
      form,
      applicationId: record?.id,
      draft,
      step,
      input: draft.input[step.id] ?? {},
      errors: reopened ? services.applications.savedStepErrors(record, step, req.language) : [],
      rowVersion: record?.rowVersion ?? 0,
      status: 200,
      ...(changedStep && changedStep !== step && { changedStep }),
    });
  });

  router.post('/:stepId', async (req, res, next) => {
    const { t } = res.locals;
    const latest = formOf(res);
    let record = await currentDraft(req, services, latest);
    const form = record?.form ?? latest;
    const step = form.steps.find((candidate) => candidate.id === req.params.stepId);
    if (!step) {
      next();
      return;
    }
    const paths = journeyPaths(form);
    const body = stepBody(step, req.body);
    let seenVersion = postedVersion(body);
    const shown = {
      form,
      applicationId: record?.id,
      step,
      rowVersion: record?.rowVersion ?? seenVersion,
    };
    const draftNow = record?.draft ?? newDraft(form);
    if (!canOpen(form, draftNow, step)) {
      res.redirect(303, resumePath(form, draftNow));
      return;
    }
    const {
      input,
      problems,
      fieldProblems,
      shown: typed,
      unsent,
    } = readStepInput(step, body, draftNow.values, draftNow.input[step.id]);
    if (problems.size > 0) {
      const text = t(problems.has('malformed') ? 'form.malformed' : 'form.unknownField');
      await renderStep(req, res, services, {
        ...shown,
        draft: draftNow,
        input: typed,
        errors: [{ field: '_form', text, href: '#main' }],
        unsaved: true,
      });
      return;
    }
    // A value that cannot be stored (too long, invisible characters): nothing of the step is
    // saved, whatever the button; the page shows what was typed with every error in place.
    if (fieldProblems.length > 0) {
      const errors = services.applications.refusedInputErrors(
        form,
        draftNow,
        step,
        { input, fieldProblems },
        req.language,
      );
      await renderStep(req, res, services, {
        ...shown,
        draft: draftNow,
        input: typed,
        errors,
        unsaved: true,
      });
      return;
    }
    const action = typeof body._action === 'string' ? body._action : 'next';
    const reviewQuery = req.query.granska === '1' ? '?granska=1' : '';
    const exit = parseStepExit(action);
    const leave = (to: StepExit) =>
      followStepExit(
        res,
        to,
        `${paths.step(step.id)}${reviewQuery}`,
        services.config.secureCookies,
      );
    if (!record) {
      if (exit && isBlankInput(input)) {
        // Nothing typed and nothing saved yet: no draft to start on the way out.
        leave(exit);
        return;
      }
      // The first save creates the draft; a page opened before it existed counts as current.
      record = await startDraft(req, services, form);
      if (seenVersion === 0) seenVersion = record.rowVersion;
    }

    const rowChange = parseRowChange(action);
    const result = rowChange
      ? await services.applications.changeRows(record, step, input, rowChange, seenVersion)
      : await services.applications.saveStep(record, step, input, seenVersion, req.language, {
          unsent,
        });

    if (result.outcome !== 'saved') {
      const stale = result.outcome === 'stale';
      await renderStep(req, res, services, {
        form,
        applicationId: record.id,
        step,
        draft: result.record.draft,
        input,
        // Nothing to correct when another tab saved first: a notice, not an error list.
        errors: stale ? [] : [{ field: '_form', text: t('form.draftTooLarge'), href: '#main' }],
        // Posting again from this page, after reading the message, saves what it shows.
        rowVersion: result.record.rowVersion,
        status: stale ? 409 : 413,
        ...(stale
          ? {
              notice: {
                title: t('form.stale'),
                text: t('form.staleReload'),
                reload: `${paths.step(step.id)}${reviewQuery}`,
              },
            }
          : {}),
      });
      return;
    }
    const { draft } = result.record;
    if (rowChange) {
      const rowsNow = (result.record.draft.input[step.id]?.[rowChange.groupId] ?? []) as unknown[];
      res.redirect(
        303,
        rowChangeAddress(
          paths.step(step.id),
          rowChange,
          result.anchor,
          rowsNow.length,
          reviewQuery.slice(1),
        ),
      );
      return;
    }
    if (exit) {
      // Saved without judging, as "Tillbaka": the applicant asked to go elsewhere, not on.
      leave(exit);
      return;
    }
    // Opened with "Ändra" on the review page, "Tillbaka" leads back there, as to where the
    // applicant came from, not to the step before this one (which left them lost in the form).
    const backToReview = () => {
      // The review, unless a step is now incomplete: then that step, with why, at once.
      const reopened = firstIncompleteStep(form, draft);
      const changed = changedStepOf(form, req.query.andrat) ?? step;
      res.redirect(
        303,
        reopened
          ? `${paths.step(reopened.id)}?granska=1&andrat=${changed.id}`
          : // At the changed part of the review, not its top: on a phone that is many screens away.
            `${paths.review}#review-${changed.id}`,
      );
    };
    const applicationId = record.id;
    const shownAgain = (errors: FieldError[]) =>
      renderStep(req, res, services, {
        form,
        applicationId,
        step,
        draft,
        input,
        errors,
        rowVersion: result.record.rowVersion,
      });
    const notUploaded = step.uploads ? chosenFileNames(req.body) : [];
    if (notUploaded.length > 0) {
      // Saved, but not on without them: "Nästa" never carries the chosen files.
      await shownAgain([notUploadedError(t, notUploaded)]);
      return;
    }
    if (action === 'back') {
      if (reviewQuery) {
        backToReview();
        return;
      }
      const { previous } = neighbours(form, draft, step);
      // Before the first step: where the journey began, Mina sidor or the choice of municipality.
      const before = req.session.user?.kind === 'applicant' ? '/mina-sidor' : '/kommun';
      res.redirect(303, previous ? paths.step(previous.id) : before);
      return;
    }
    if (result.errors.length > 0) {
      await shownAgain(result.errors);
      return;
    }
    if (reviewQuery) {
      backToReview();
      return;
    }
    const { next: following } = neighbours(form, draft, step);
    res.redirect(303, following ? paths.step(following.id) : resumePath(form, draft));
  });

  return router;
}
