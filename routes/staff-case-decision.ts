import { Router, type Request, type Response } from 'express';
import { formatMonth, formatOre, groupDigits } from '../forms/format';
import type { Language, MessageKey, Translate } from '../locales';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import { CLOSED, DECIDED, isCaseStatus } from '../services/case-statuses';
import type { StaffRequest } from '../services/cases';
import {
  grantLimitOre,
  REASON_MAX,
  type DecideResult,
  type Decision,
  type DecisionBasisView,
  type DecisionInput,
  type PartProblem,
  type PreviewResult,
} from '../services/decisions';
import { sendDownload } from './file-download';
import { bodyText } from './form-body';
import { statusBadge } from './staff-case-view';
import { renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { caseIdOf } from './staff-case-id';
import { STAFF_PATHS } from './staff-paths';
import { SIGNATURE_PATH } from './staff-case-signature';
import { decisionBasisSummary } from './staff-decision-basis';

export const DECISION_PATHS = {
  form: (id: string) => `/handlaggare/arenden/${id}/beslut`,
  check: (id: string) => `/handlaggare/arenden/${id}/beslut/kontrollera`,
  letter: (id: string) => `/handlaggare/arenden/${id}/beslut.pdf`,
} as const;

const GRANTED = 'belopp-';
const REASON = 'skal-';
/** Longer than any amount anyone types; the reason's own limit is checked by the service. */
const AMOUNT_MAX = 40;

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/** "7 850" for the text box: the amount as a person types it, without "kr". */
const typedAmount = (ore: number) => formatOre(ore).replace(/ kr$/, '');

/** A decision's parts and sums as plain text for the views. */
export function decisionSummary(decision: Decision, t: Translate, language: Language) {
  return {
    outcome: t(`case.status.${decision.outcome}`),
    date: dateTime(decision.decidedAt, language),
    decidedBy: decision.decidedByName,
    rows: decision.parts.map((part) => ({
      label: part.label,
      applied: formatOre(part.appliedOre),
      granted: formatOre(part.grantedOre),
      reason: part.reason ?? '',
    })),
    totalApplied: formatOre(decision.totalAppliedOre),
    totalGranted: formatOre(decision.totalGrantedOre),
    income: `− ${formatOre(decision.incomeOre)}`,
    payable: formatOre(decision.payableOre),
  };
}

/**
 * The decision box of the case view, spread into its render: the decision if made (everyone
 * with access sees it), else for a caseworker the way to "Fatta beslut" or why not yet.
 */
export async function caseDecisionView(services: Services, req: Request, id: string) {
  const t = (req.res as Response).locals.t;
  const found = await services.decisions.ofCase(staffOf(req), id);
  if (!found) return { decisionBox: undefined };
  const { decision, status, decidable, openMarks, signatureOutstanding, mayDecide } = found;
  const open = isCaseStatus(status) && !CLOSED.includes(status);
  let note: string | undefined;
  if (!decision && mayDecide && open) {
    if (!decidable) note = t('decision.case.notYet');
    else if (signatureOutstanding !== undefined) {
      note = t('decision.error.signatureMissing', { name: signatureOutstanding });
    } else if (openMarks > 0) note = t('decision.case.openMarks', { count: openMarks });
  }
  return {
    decisionBox: {
      decided: decision && {
        ...decisionSummary(decision, t, req.language),
        letterHref: DECISION_PATHS.letter(id),
      },
      openHref:
        !decision && mayDecide && decidable && openMarks === 0 && !signatureOutstanding
          ? DECISION_PATHS.form(id)
          : undefined,
      note,
      made: (req.query.beslut === '1' || req.query.beslut === 'sms') && decision !== undefined,
      /** Another decision was made first: the one posted was not saved. */
      notSaved: req.query.beslut === 'fanns' && decision !== undefined,
      // Without an account the applicant gets the letter by post only.
      madeText: t(
        !found.hasAccount
          ? 'decision.case.madeByPost'
          : req.query.beslut === 'sms'
            ? 'decision.case.madeSms'
            : 'decision.case.made',
      ),
    },
  };
}

/** The "Fatta beslut" page and the decision letter for staff. */
export default function staffDecisionRoutes(services: Services): Router {
  const router = Router();

  async function renderPage(
    req: Request,
    res: Response,
    view: DecisionBasisView,
    options: {
      status?: number;
      typed?: DecisionInput;
      problems?: PartProblem[];
      blocked?: string;
      /** When the typed amounts shown were kept as the caseworker's draft. */
      draftSavedAt?: Date;
    } = {},
  ) {
    const t = res.locals.t;
    const problems = options.problems ?? [];
    const partLabel = (partId: string) =>
      view.parts.find((part) => part.id === partId)?.label ?? partId;
    const problemText = (problem: PartProblem) => {
      const part = view.parts.find((one) => one.id === problem.partId);
      const reason = options.typed?.reasons[problem.partId] ?? '';
      return t(`decision.error.${problem.code}` as MessageKey, {
        part: partLabel(problem.partId),
        applied: part ? formatOre(part.appliedOre) : '',
        limit: part ? formatOre(grantLimitOre(part)) : '',
        max: groupDigits(REASON_MAX),
        count: reason.trim().length,
      });
    };
    const errorOf = (partId: string, field: PartProblem['field']) => {
      const problem = problems.find((one) => one.partId === partId && one.field === field);
      return problem ? problemText(problem) : undefined;
    };
    const errors = problems.map((problem) => ({
      text: problemText(problem),
      href: `#${problem.field === 'granted' ? GRANTED : REASON}${problem.partId}`,
    }));
    if (options.blocked) {
      // Open marks are cleared on the case page: the message leads to them.
      const href =
        view.decidable && view.signatureOutstanding === undefined && view.openMarks > 0
          ? `${STAFF_PATHS.case(view.applicationId)}#marks`
          : '#beslut';
      errors.unshift({ text: options.blocked, href });
    }
    const basis = await decisionBasisSummary(services, req, view, t);
    res.status(options.status ?? 200).render('staff/decision', {
      basis,
      name: view.applicantName,
      period: view.period ? formatMonth(view.period, t) : '',
      caseHref: STAFF_PATHS.case(view.applicationId),
      action: DECISION_PATHS.form(view.applicationId),
      version: view.rowVersion,
      showForm:
        view.decidable &&
        view.openMarks === 0 &&
        view.signatureOutstanding === undefined &&
        !view.decision,
      parts: view.parts.map((part) => ({
        label: part.label,
        applied: formatOre(part.appliedOre),
        grantedName: `${GRANTED}${part.id}`,
        grantedValue: options.typed?.granted[part.id] ?? typedAmount(part.appliedOre),
        grantedError: errorOf(part.id, 'granted'),
        reasonName: `${REASON}${part.id}`,
        reasonValue: options.typed?.reasons[part.id] ?? '',
        reasonError: errorOf(part.id, 'reason'),
      })),
      notes: view.notes,
      draftSaved: options.draftSavedAt && dateTime(options.draftSavedAt, req.language),
      reasonMax: REASON_MAX,
      reasonMaxText: groupDigits(REASON_MAX),
      // The way to lift the stop, beside the message that names it.
      signatureHref:
        view.signatureOutstanding !== undefined && !view.decision
          ? SIGNATURE_PATH(view.applicationId)
          : undefined,
      signatureName: view.signatureOutstanding ?? '',
      errors,
    });
  }

  /** Why a decision cannot be made now, or undefined. */
  function blockedText(view: DecisionBasisView, t: Translate): string | undefined {
    if (!view.decidable) {
      return t('decision.error.notDecidable', {
        status: isCaseStatus(view.status) ? t(`case.status.${view.status}`) : view.status,
      });
    }
    if (view.signatureOutstanding !== undefined) {
      return t('decision.error.signatureMissing', { name: view.signatureOutstanding });
    }
    if (view.openMarks > 0) return t('decision.error.openMarks', { count: view.openMarks });
    return undefined;
  }

  router.get('/handlaggare/arenden/:id/beslut', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    const found = await services.decisions.basis(whoOf(req), id);
    if (found.outcome === 'notFound') renderNotFound(res);
    else if (found.outcome === 'forbidden') renderForbidden(res);
    else if (found.view.decision) res.redirect(303, STAFF_PATHS.case(id));
    else {
      // What this caseworker typed and checked before (Back, "Ändra beloppen", another day);
      // if the case changed since, said at the top, as a check of those amounts would say it.
      const { draft, view } = found;
      const changed = draft !== undefined && draft.input.seenVersion !== view.rowVersion;
      await renderPage(req, res, view, {
        blocked:
          blockedText(view, res.locals.t) ??
          (changed ? res.locals.t('decision.error.draftStale') : undefined),
        ...(draft ? { typed: draft.input, draftSavedAt: draft.savedAt } : {}),
      });
    }
  });

  router.get('/handlaggare/arenden/:id/beslut/kontrollera', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    const result = await services.decisions.previewOfDraft(whoOf(req), id);
    if (result.outcome === 'noDraft') res.redirect(303, DECISION_PATHS.form(id));
    else if (result.outcome === 'notFound') renderNotFound(res);
    else if (result.outcome === 'forbidden') renderForbidden(res);
    else await answer(req, res, id, result, result.input, 'check');
  });

  /**
   * "Kontrollera beslutet": the decision as it would be, with the typed amounts and reasons
   * carried in hidden fields to "Fatta beslut och skapa brev" (or back to "Ändra beloppen").
   */
  function renderConfirm(
    res: Response,
    preview: Extract<PreviewResult, { outcome: 'preview' }>,
    input: DecisionInput,
  ) {
    const t = res.locals.t;
    const { view } = preview;
    const period = view.period ? formatMonth(view.period, t) : '';
    const summary = decisionSummary(
      {
        applicationId: view.applicationId,
        decidedAt: services.clock.now(),
        decidedByName: staffOf(res.req).account.name,
        outcome: preview.decision,
        parts: preview.parts,
        totalAppliedOre: preview.totalAppliedOre,
        totalGrantedOre: preview.totalGrantedOre,
        incomeOre: preview.incomeOre,
        payableOre: preview.payableOre,
      },
      t,
      res.req.language,
    );
    res.render('staff/decision-confirm', {
      lead: t(view.hasAccount ? 'decisionConfirm.lead' : 'decisionConfirm.leadByPost'),
      name: view.applicantName,
      period,
      caseHref: STAFF_PATHS.case(view.applicationId),
      action: DECISION_PATHS.form(view.applicationId),
      version: input.seenVersion,
      outcome: statusBadge(preview.decision, t),
      letterSays: t(`decision.pdf.outcome.${preview.decision}`, {
        period: period || t('decision.pdf.noPeriod'),
        // "11 989,50 kr" kept on one line.
        payable: formatOre(preview.payableOre).replace(/ /g, '\u00a0'),
      }),
      d: summary,
      refused: preview.parts
        .filter((part) => part.grantedOre < part.appliedOre)
        .map((part) => ({
          label: part.label,
          amounts: t('decisionConfirm.refusedAmounts', {
            applied: formatOre(part.appliedOre),
            granted: formatOre(part.grantedOre),
          }),
          reason: part.reason ?? '',
        })),
      // Exactly what was typed, for every part: the decision is made from these.
      hidden: view.parts.flatMap((part) => [
        { name: `${GRANTED}${part.id}`, value: input.granted[part.id] ?? '' },
        { name: `${REASON}${part.id}`, value: input.reasons[part.id] ?? '' },
      ]),
    });
  }

  /**
   * The form posts to be checked ("Kontrollera beslutet"); the check page posts `steg=bekrafta`
   * to decide, or `steg=andra` to go back to the form with what was typed.
   */
  router.post('/handlaggare/arenden/:id/beslut', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const input = decisionInputOf(req);
    const step = bodyText(req, 'steg');
    if (step === 'andra') {
      // The amounts as they were checked are the caseworker's draft: the form shows them.
      res.redirect(303, DECISION_PATHS.form(id));
      return;
    }
    const result =
      step === 'bekrafta'
        ? await services.decisions.decide(whoOf(req), id, input)
        : await services.decisions.preview(whoOf(req), id, input);
    await answer(req, res, id, result, input, step === 'bekrafta' ? 'decide' : 'post');
  });

  /**
   * What a check or a decision came to. A check posted goes on to its own page (a GET, so that
   * Back and reload never ask to send the form again); that page shows it.
   */
  async function answer(
    req: Request,
    res: Response,
    id: string,
    result: DecideResult | PreviewResult,
    input: DecisionInput,
    from: 'post' | 'check' | 'decide',
  ) {
    const t = res.locals.t;
    switch (result.outcome) {
      case 'decided':
        // The case page says whether the applicant was told by SMS.
        res.redirect(
          303,
          `${STAFF_PATHS.case(id)}?beslut=${result.sms === 'sent' ? 'sms' : '1'}#beslut-heading`,
        );
        return;
      case 'preview':
        if (from === 'post') res.redirect(303, DECISION_PATHS.check(id));
        else renderConfirm(res, result, input);
        return;
      case 'notFound':
        renderNotFound(res);
        return;
      case 'forbidden':
        renderForbidden(res);
        return;
      case 'invalid':
        await renderPage(req, res, result.view, {
          status: 400,
          typed: input,
          problems: result.problems,
        });
        return;
      case 'notDecidable':
        // Decided a moment ago: by this very form sent twice, the case shows the decision; by
        // other amounts (another tab, a colleague) it says too that these were not saved.
        if (DECIDED.some((status) => status === result.status)) {
          // Only a press of "Fatta beslut och skapa brev" had a decision of its own to lose.
          const notSaved =
            from === 'decide' && !result.sameDecision ? '?beslut=fanns#beslut-heading' : '';
          res.redirect(303, `${STAFF_PATHS.case(id)}${notSaved}`);
          return;
        }
        await renderPage(req, res, result.view, {
          status: 409,
          typed: input,
          blocked: blockedText(result.view, t),
        });
        return;
      case 'signatureMissing':
        await renderPage(req, res, result.view, {
          status: 409,
          typed: input,
          blocked: t('decision.error.signatureMissing', { name: result.name }),
        });
        return;
      case 'openMarks':
        await renderPage(req, res, result.view, {
          status: 409,
          typed: input,
          blocked: t('decision.error.openMarks', { count: result.count }),
        });
        return;
      case 'stale':
        await renderPage(req, res, result.view, {
          status: 409,
          typed: input,
          blocked: t('decision.error.stale'),
        });
    }
  }

  router.get(
    '/handlaggare/arenden/:id/beslut.pdf',
    limitPdfDownloads(services),
    async (req, res) => {
      const id = await caseIdOf(services, req, res, 'pdf');
      if (!id) return;
      const letter = await services.decisions.letterForStaff(whoOf(req), id);
      if (!letter) {
        renderNotFound(res);
        return;
      }
      // Named like the applicant's copy: several months' letters never meet as "beslut (1).pdf".
      sendDownload(res, {
        name: letter.period ? `beslut-${letter.period}.pdf` : 'beslut.pdf',
        mediaType: 'application/pdf',
        bytes: letter.pdf,
      });
    },
  );

  return router;
}

/** The posted amounts and reasons by part id; anything else in the body is ignored. */
function decisionInputOf(req: Request): DecisionInput {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const granted: Record<string, string> = {};
  const reasons: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    if (name.startsWith(GRANTED)) granted[name.slice(GRANTED.length)] = value.slice(0, AMOUNT_MAX);
    // A browser sends a line break as CRLF; counted, checked and kept as one character.
    else if (name.startsWith(REASON)) {
      reasons[name.slice(REASON.length)] = value.replace(/\r\n?/g, '\n');
    }
  }
  const version = typeof body._version === 'string' ? Number(body._version) : NaN;
  return { seenVersion: Number.isSafeInteger(version) ? version : -1, granted, reasons };
}
