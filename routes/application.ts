import { Router, type Request, type Response } from 'express';
import { ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import type { FieldError } from '../forms/field-error';
import { swedishDay } from '../forms/dates';
import {
  canOpen,
  firstIncompleteStep,
  isComplete,
  neighbours,
  newDraft,
  visibleSteps,
} from '../forms/journey';
import { readStepInput } from '../forms/read-input';
import { revalidateOtherSteps } from '../forms/revalidate';
import type { Draft, GroupInput, Step, StepInput } from '../forms/types';
import { validateStep } from '../forms/validate-step';
import { stepFieldViews } from '../forms/view-model';
import { hasMessage, type MessageKey, type Translate } from '../locales';
import type { Services } from '../services';

declare module 'express-session' {
  interface SessionData {
    draft?: Draft;
  }
}

const form = ekonomisktBistand;
const BASE = '/ansokan';
export const REVIEW_PATH = `${BASE}/granska`;

export function draftOf(req: Request): Draft {
  const draft = req.session.draft;
  return draft?.formId === form.id && draft.formVersion === form.version ? draft : newDraft(form);
}

/** Where an applicant belongs now: the first step not yet done, or the review. */
export function resumePath(draft: Draft): string {
  const step = firstIncompleteStep(form, draft);
  return step ? `${BASE}/${step.id}` : REVIEW_PATH;
}

function stepList(draft: Draft, current: Step | undefined, t: Translate) {
  const steps = visibleSteps(form, draft);
  return steps.map((step) => ({
    title: t(`${form.messagePrefix}.${step.id}.title` as MessageKey),
    href: canOpen(form, draft, step) ? `${BASE}/${step.id}` : undefined,
    done: isComplete(draft, step),
    current: step === current,
  }));
}

function renderStep(
  req: Request,
  res: Response,
  services: Services,
  step: Step,
  input: StepInput,
  errors: FieldError[],
) {
  const t = res.locals.t as Translate;
  const draft = draftOf(req);
  const key = (part: string) => `${form.messagePrefix}.${step.id}.${part}`;
  const optional = (part: string) =>
    hasMessage(req.language, key(part)) ? t(key(part) as MessageKey) : undefined;
  const returnToReview = req.query.granska === '1';
  res.status(errors.length > 0 ? 400 : 200).render('application/step', {
    stepTitle: t(key('title') as MessageKey),
    stepIntro: optional('intro'),
    stepStatement: optional('statement'),
    position: neighbours(form, draft, step),
    stepList: stepList(draft, step, t),
    formAction: `${BASE}/${step.id}${returnToReview ? '?granska=1' : ''}`,
    returnToReview,
    errors,
    idleMinutes: services.config.session.idleMinutes,
    fields: stepFieldViews({
      form,
      step,
      input,
      values: draft.values,
      today: swedishDay(services.clock.now()),
      errors,
      t,
      has: (candidate) => hasMessage(req.language, candidate),
    }),
  });
}

/** Adds or removes a group row as the no-JavaScript buttons ask; false if the action is unknown. */
function changeRows(step: Step, input: StepInput, action: string): string | false {
  const [verb, groupId, rowText] = action.split(':');
  const group = step.fields.find((field) => field.id === groupId && field.type === 'group');
  if (!group || group.type !== 'group') return false;
  const rows = (input[group.id] ?? []) as GroupInput;
  if (verb === 'add' && rows.length < group.max) {
    const shown = rows.length === 0 ? Math.max(group.min, 1) : rows.length;
    while (rows.length < shown + 1) rows.push({});
    input[group.id] = rows;
    return `f-${group.id}-${rows.length - 1}`;
  }
  const index = Number(rowText);
  if (verb === 'remove' && Number.isInteger(index) && index >= 0 && index < rows.length) {
    rows.splice(index, 1);
    input[group.id] = rows;
    return `f-${group.id}`;
  }
  return false;
}

export default function applicationRoutes(services: Services): Router {
  const router = Router();

  // Every page of the journey needs a municipality to send the application to.
  router.use(BASE, (req, res, next) => {
    if (!req.session.municipalityCode) {
      res.redirect(303, '/kommun');
      return;
    }
    next();
  });

  router.get(BASE, (req, res) => {
    res.redirect(303, resumePath(draftOf(req)));
  });

  router.get(`${BASE}/forlang`, (req, res) => {
    // Any request rolls the session's idle timer; this one exists so the warning has a target.
    req.session.touch();
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ idleMinutes: services.config.session.idleMinutes });
      return;
    }
    const back =
      typeof req.query.tillbaka === 'string' && req.query.tillbaka.startsWith(`${BASE}/`)
        ? req.query.tillbaka
        : BASE;
    res.redirect(303, back);
  });

  router.get(`${BASE}/:stepId`, (req, res, next) => {
    const step = form.steps.find((candidate) => candidate.id === req.params.stepId);
    if (!step) {
      next();
      return;
    }
    const draft = draftOf(req);
    if (!canOpen(form, draft, step)) {
      res.redirect(303, resumePath(draft));
      return;
    }
    renderStep(req, res, services, step, draft.input[step.id] ?? {}, []);
  });

  router.post(`${BASE}/:stepId`, (req, res, next) => {
    const step = form.steps.find((candidate) => candidate.id === req.params.stepId);
    if (!step) {
      next();
      return;
    }
    const t = res.locals.t as Translate;
    const draft = draftOf(req);
    if (!canOpen(form, draft, step)) {
      res.redirect(303, resumePath(draft));
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { input, problems, fieldProblems, shown } = readStepInput(step, body, draft.values);
    if (problems.size > 0) {
      const text = t(problems.has('malformed') ? 'form.malformed' : 'form.unknownField');
      renderStep(req, res, services, step, shown, [{ field: '_form', text, href: '#main' }]);
      return;
    }
    const action = typeof body._action === 'string' ? body._action : 'next';
    const reviewQuery = req.query.granska === '1' ? '?granska=1' : '';
    const context = { today: swedishDay(services.clock.now()), values: draft.values };
    // A value that cannot be stored: nothing of the step is saved, the page shows what was typed.
    if (fieldProblems.length > 0) {
      const { errors } = validateStep(form, step, input, context, t, fieldProblems);
      renderStep(req, res, services, step, shown, errors);
      return;
    }

    if (action.startsWith('add:') || action.startsWith('remove:')) {
      const anchor = changeRows(step, input, action);
      draft.input[step.id] = input;
      // The rows changed: the step counts as done again only after Nästa validates it.
      Reflect.deleteProperty(draft.values, step.id);
      req.session.draft = draft;
      res.redirect(303, `${BASE}/${step.id}${reviewQuery}${anchor ? `#${anchor}` : ''}`);
      return;
    }

    const { values, errors } = validateStep(form, step, input, context, t);
    // What was typed is always kept; the step counts as done only while its answers are valid.
    draft.input[step.id] = input;
    if (errors.length === 0) {
      draft.values[step.id] = values;
      revalidateOtherSteps(form, draft, step.id, context.today, t);
    } else {
      Reflect.deleteProperty(draft.values, step.id);
    }
    req.session.draft = draft;

    if (action === 'back') {
      const { previous } = neighbours(form, draft, step);
      res.redirect(303, previous ? `${BASE}/${previous.id}` : '/');
      return;
    }
    if (errors.length > 0) {
      renderStep(req, res, services, step, input, errors);
      return;
    }
    const { next: following } = neighbours(form, draft, step);
    const target = reviewQuery || !following ? resumePath(draft) : `${BASE}/${following.id}`;
    res.redirect(303, target);
  });

  return router;
}
