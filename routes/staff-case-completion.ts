import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import { Router, type Request, type Response } from 'express';
import { swedishDay } from '../forms/dates';
import type { FieldError } from '../forms/field-error';
import { groupDigits } from '../forms/format';
import { messageValues } from '../forms/messages';
import { parseDate } from '../forms/parsers';
import type { Language, MessageKey, Translate } from '../locales';
import type { Services } from '../services';
import { MARK_REASON_MAX, parseTarget, type MarkResult } from '../services/case-marks';
import type { StaffRequest } from '../services/cases';
import type {
  AnswerChange,
  CaseCompletionView,
  CompletionRound,
} from '../services/case-completion-view';
import { REQUEST_MESSAGE_MAX, type RequestResult } from '../services/completion-requests';
import { dateTime, longDate } from '../services/date-texts';
import { withoutRefusedCharacters } from '../forms/read-input';
import { bodyText } from './form-body';
import { sendDownload } from './file-download';
import { postedText } from './posted-text';
import { renderedRefusal, renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { onceKeyAgain, postedOnceKey } from './once-key';
import { caseIdOf } from './staff-case-id';
import { accountIdOf, STAFF_PATHS } from './staff-paths';
import { keepTyped, takeTyped } from './staff-case-typed';
import { postAnswerPath } from './staff-case-post-answer';

/** Where marks and completion requests are made: under the case's own address. */
export const COMPLETION_STAFF_PATHS = {
  mark: (id: string) => `/handlaggare/arenden/${id}/markeringar`,
  clear: (id: string, markId: string) => `/handlaggare/arenden/${id}/markeringar/${markId}/ta-bort`,
  request: (id: string) => `/handlaggare/arenden/${id}/komplettering`,
  letter: (id: string, requestId: string) =>
    `/handlaggare/arenden/${id}/komplettering/${requestId}/brev.pdf`,
  answeredByPost: postAnswerPath,
};

/** Why the answer to a letter was not registered, said above the case's completion rounds. */
const POST_ANSWER_ERRORS = {
  notWaiting: 'completion.post.error.notWaiting',
} as const satisfies Record<string, MessageKey>;

/** What a mark post can come back with, said on the case page (codes only in the address). */
const MARK_ERRORS: Partial<Record<MarkResult, MessageKey>> = {
  closed: 'completion.mark.error.closed',
  unknownTarget: 'completion.mark.error.unknownTarget',
  reasonRequired: 'completion.mark.error.reasonRequired',
  reasonTooLong: 'completion.mark.error.reasonTooLong',
  alreadyMarked: 'completion.mark.error.alreadyMarked',
  controlCharacter: 'formError.controlCharacter',
};
/** Refusals about the typed reason: said next to the form it was typed in, the form open. */
const REASON_ERRORS: readonly MarkResult[] = [
  'reasonRequired',
  'reasonTooLong',
  'controlCharacter',
];

/** The element a refused mark's page comes back at: the reason box of the answer or the paper. */
export function markFormAnchor(target: string): string {
  const parsed = parseTarget(target);
  // The reason box itself: a focusable target gets the focus when the page opens on it, so
  // its error is read out (a heading or row would only be scrolled to).
  return parsed?.kind === 'answer' ? `orsak-${slug(parsed.key)}` : 'mark-item-reason';
}

const NOTICES = {
  markerad: 'completion.mark.done',
  rensad: 'completion.mark.cleared',
  begard: 'completion.request.done',
  'begard-utan-sms': 'completion.request.doneNoSms',
  'begard-brev': 'completion.request.doneLetter',
  'svar-per-post': 'completion.post.done',
} as const;

/** An id that is never a request's: a malformed one reads as missing. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/** An id for an element from a path or item: letters, digits and dashes only. */
const slug = (text: string) => text.replace(/[^a-zA-Z0-9-]/g, '-');

const dueDay = (day: string, req: Request) => longDate(new Date(`${day}T12:00:00Z`), req.language);

/** "Kompletterad …", or for a letter, the day its answer came by post; or still waiting. */
function answeredText(
  round: CompletionRound,
  online: boolean,
  ended: boolean,
  req: Request,
): string {
  const t = (req.res as Response).locals.t;
  if (!round.answeredAt) {
    if (ended) return t('completion.round.ended');
    return t(online ? 'completion.round.waiting' : 'completion.round.waitingLetter');
  }
  // A late answer is taken (the applicant may still need the money) but said to be late.
  const late = swedishDay(round.answeredAt) > round.dueDate;
  if (!online) {
    return t(late ? 'completion.round.answeredByPostLate' : 'completion.round.answeredByPost', {
      day: longDate(round.answeredAt, req.language),
    });
  }
  return t(late ? 'completion.round.answeredLate' : 'completion.round.answered', {
    at: dateTime(round.answeredAt, req.language),
  });
}

/**
 * Said before a letter is asked for when it may not arrive: the answers give no whole address,
 * or an open mark says a part of it is wrong (the letter still goes to the address as it stands).
 */
function letterWarning(
  view: CaseCompletionView,
  open: CaseCompletionView['marks'],
  t: Translate,
): string | undefined {
  if (view.letterAddress.length < 2) return t('completion.request.noAddress');
  const marked = open.some((mark) => mark.kind === 'answer' && view.addressPaths.has(mark.key));
  if (!marked) return undefined;
  return t('completion.request.addressMarked', { address: view.letterAddress.join(', ') });
}

/** A registration of an answer by post that did not happen, as the address says. */
function postAnswerError(req: Request): string | undefined {
  const code = typeof req.query.postfel === 'string' ? req.query.postfel : '';
  if (!Object.hasOwn(POST_ANSWER_ERRORS, code)) return undefined;
  return (req.res as Response).locals.t(
    POST_ANSWER_ERRORS[code as keyof typeof POST_ANSWER_ERRORS],
  );
}

/**
 * Every open mark is on an answer a completion cannot change (personnummer, civilstånd …): a
 * request would ask the applicant nothing, so the caseworker gets in touch instead.
 */
function onlyFixedMarks(view: CaseCompletionView, open: CaseCompletionView['marks']): boolean {
  return (
    open.length > 0 && open.every((mark) => mark.kind === 'answer' && view.fixed.has(mark.key))
  );
}

/** Each answer's latest change by an answered completion, with the day it came. */
function latestChanges(view: CaseCompletionView): Map<string, AnswerChange & { at: Date }> {
  const latest = new Map<string, AnswerChange & { at: Date }>();
  for (const round of view.rounds) {
    if (!round.answeredAt) continue;
    for (const change of round.changes)
      latest.set(change.path, { ...change, at: round.answeredAt });
  }
  return latest;
}

/** "Besvarad …" for an answer mark whose answer came after it was made; else nothing. */
function answeredMarkText(
  change: (AnswerChange & { at: Date }) | undefined,
  mark: CaseCompletionView['marks'][number],
  language: Language,
  t: Translate,
): string | undefined {
  if (mark.kind !== 'answer' || !change || change.at <= mark.createdAt) return undefined;
  return t('completion.request.answeredMark', {
    day: longDate(change.at, language),
    after: change.after || t('completion.change.none'),
  });
}

/**
 * The case page's part about marks and completion: spread into the case view's render call as
 * `completion`. Undefined (nothing shown) for staff who may not read the case.
 */
export async function caseCompletionView(services: Services, req: Request, id: string) {
  const view = await services.completionRequests.forCase(staffOf(req), id);
  if (!view) return { completion: undefined };
  const t = (req.res as Response).locals.t;
  const latestChange = latestChanges(view);
  const open = view.marks.filter((mark) => !mark.clearedAt);
  const onlyFixed = onlyFixedMarks(view, open);
  const markView = (mark: CaseCompletionView['marks'][number]) => ({
    id: mark.id,
    anchor: `mark-${slug(mark.key)}`,
    kind: mark.kind,
    label: mark.label,
    reason: mark.reason,
    made: t('completion.mark.made', {
      who: mark.createdBy ?? '',
      at: dateTime(mark.createdAt, req.language),
    }),
    cleared: mark.clearedAt
      ? t('completion.mark.clearedBy', {
          who: mark.clearedBy ?? '',
          at: dateTime(mark.clearedAt, req.language),
        })
      : undefined,
    change: mark.kind === 'answer' ? latestChange.get(mark.key) : undefined,
    // Not sent to the applicant to correct: the caseworker is told to get in touch instead.
    fixed: mark.kind === 'answer' && view.fixed.has(mark.key),
    clearAction:
      view.mayChange && !mark.clearedAt ? COMPLETION_STAFF_PATHS.clear(id, mark.id) : undefined,
  });
  const rowMarks: Record<string, ReturnType<typeof markView>> = {};
  for (const mark of open) if (mark.kind === 'answer') rowMarks[mark.key] = markView(mark);
  const markedItems = new Set(open.filter((mark) => mark.kind === 'attachment').map((m) => m.key));
  const code = typeof req.query.markfel === 'string' ? req.query.markfel : '';
  // A reason refused for its characters comes back in the form it was typed in.
  const kept = view.mayChange ? takeTyped(req, id, (form) => form !== 'status') : undefined;
  const errorKey = Object.hasOwn(MARK_ERRORS, code) ? MARK_ERRORS[code as MarkResult] : undefined;
  const formError = errorKey ? reasonError(view, code as MarkResult, req.query.mal, t) : undefined;
  const notice =
    typeof req.query.markering === 'string' && Object.hasOwn(NOTICES, req.query.markering)
      ? t(NOTICES[req.query.markering as keyof typeof NOTICES])
      : undefined;
  return {
    completion: {
      mayChange: view.mayChange,
      markable: view.markable,
      markAction: COMPLETION_STAFF_PATHS.mark(id),
      reasonMax: MARK_REASON_MAX,
      slug,
      rowMarks,
      marks: [...open, ...view.marks.filter((mark) => mark.clearedAt)].map(markView),
      openCount: open.length,
      promised: view.promised.map((item) => ({
        target: `attachment:${item}`,
        label: view.checklist.get(item) ?? item,
        marked: markedItems.has(item),
      })),
      itemOptions: [...view.checklist]
        .filter(([item]) => !markedItems.has(item))
        .map(([value, text]) => ({ value: `attachment:${value}`, text })),
      requestHref:
        view.mayChange && view.canRequest && open.length > 0 && !onlyFixed
          ? COMPLETION_STAFF_PATHS.request(id)
          : undefined,
      // A paper case without an account is asked by a letter the caseworker prints and posts.
      byLetter: !view.hasAccount,
      // No button for a request that would be refused: said beside the marks instead.
      onlyFixed: view.mayChange && onlyFixed,
      // From "Inkommen" the case is first taken up; while a request waits, nothing is said.
      cannotRequestYet:
        view.mayChange && view.status === 'inkommen' && open.length > 0 && !onlyFixed,
      rounds: view.rounds.map((round, index) => ({
        requested: t('completion.round.requested', {
          at: dateTime(round.requestedAt, req.language),
          who: round.requestedBy ?? '',
          due: dueDay(round.dueDate, req),
        }),
        message: round.message,
        answered: answeredText(
          round,
          view.hasAccount,
          // Only the latest request can still be waiting: one before it ended unanswered.
          index < view.rounds.length - 1 || view.status !== 'komplettering-begard',
          req,
        ),
        letterHref: view.hasAccount ? undefined : COMPLETION_STAFF_PATHS.letter(id, round.id),
        postAnswerHref:
          view.mayChange &&
          !view.hasAccount &&
          !round.answeredAt &&
          index === view.rounds.length - 1 &&
          view.status === 'komplettering-begard'
            ? COMPLETION_STAFF_PATHS.answeredByPost(id, round.id)
            : undefined,
        changes: round.changes,
        papersByPost: round.papersByPost,
        files: round.files.map((file) => ({
          name: file.name,
          href: STAFF_PATHS.caseAttachment(id, file.id),
        })),
      })),
      kept,
      // A reason refused: its form open with the message beside it, not in the box below.
      formError,
      rowId: (path: string) => `svar-${slug(path)}`,
      error:
        errorKey && !formError
          ? t(errorKey, { max: MARK_REASON_MAX, label: t('completion.mark.reasonLabel') })
          : postAnswerError(req),
      notice,
    },
  };
}

/** Marks, clearing them, and "Begär komplettering", for caseworkers and admins of the case. */
export default function staffCaseCompletionRoutes(services: Services): Router {
  const router = Router();

  router.post('/handlaggare/arenden/:id/markeringar', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const target = bodyText(req, 'mal').slice(0, 200);
    const reason = bodyText(req, 'orsak');
    const result = await services.caseMarks.mark(whoOf(req), id, target, reason);
    if (result === 'notFound') renderNotFound(res);
    else if (result === 'forbidden') renderForbidden(res);
    else if (result === 'marked')
      res.redirect(303, `${STAFF_PATHS.case(id)}?markering=markerad#marks`);
    else if (REASON_ERRORS.includes(result)) {
      // Back at the answer's own form, open, with what was typed and what was wrong.
      keepTyped(req, id, target, reason.slice(0, MARK_REASON_MAX * 2));
      const query = new URLSearchParams({ markfel: result, mal: target });
      res.redirect(303, `${STAFF_PATHS.case(id)}?${query.toString()}#${markFormAnchor(target)}`);
    } else res.redirect(303, `${STAFF_PATHS.case(id)}?markfel=${result}#marks`);
  });

  router.post('/handlaggare/arenden/:id/markeringar/:markId/ta-bort', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const markId = accountIdOf(req.params.markId) ?? '00000000-0000-0000-0000-000000000000';
    const result = await services.caseMarks.clear(whoOf(req), id, markId);
    if (result === 'notFound') renderNotFound(res);
    else if (result === 'forbidden') renderForbidden(res);
    else res.redirect(303, `${STAFF_PATHS.case(id)}?markering=rensad#marks`);
  });

  /**
   * The request page. Shown by GET it is a view and logged as one; shown again after a refused
   * post it reads without a row of its own, as the refusal was logged (one row a request, SEC-29).
   */
  async function renderRequest(
    req: Request,
    res: Response,
    id: string,
    page: { errors: FieldError[]; dueDate: string; message: string; status?: number },
  ) {
    const view =
      page.errors.length === 0
        ? await services.completionRequests.openForRequest(whoOf(req), id)
        : ((await services.completionRequests.forCase(staffOf(req), id)) ?? 'notFound');
    if (renderedRefusal(res, view)) return;
    const t = res.locals.t;
    const marks = view.marks.filter((mark) => !mark.clearedAt);
    // A mark still open though an answer came: said, so a second request does not ask again
    // by mistake (the caseworker clears a mark once the answer is read).
    const answered = latestChanges(view);
    res.status(page.status ?? 200).render('staff/case/completion-request', {
      errors: page.errors,
      backHref: STAFF_PATHS.case(id),
      action: COMPLETION_STAFF_PATHS.request(id),
      marks: marks.map((mark) => ({
        ...mark,
        answered: answeredMarkText(answered.get(mark.key), mark, req.language, t),
      })),
      fixed: view.fixed,
      // Said before the caseworker writes a message the request would refuse anyway.
      onlyFixed: onlyFixedMarks(view, marks),
      canRequest: view.canRequest,
      hasAccount: view.hasAccount,
      letterWarning: view.hasAccount ? undefined : letterWarning(view, marks, t),
      status: view.status,
      dueDate: page.dueDate,
      message: page.message,
      messageMax: REQUEST_MESSAGE_MAX,
      messageMaxText: groupDigits(REQUEST_MESSAGE_MAX),
      dueError: page.errors.find((error) => error.field === 'sista-dag')?.text,
      messageError: page.errors.find((error) => error.field === 'meddelande')?.text,
      hintToday: t('completion.request.dueHint'),
      onceKey: onceKeyAgain(req),
    });
  }

  router.get('/handlaggare/arenden/:id/komplettering', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    await renderRequest(req, res, id, {
      errors: [],
      dueDate: services.completionRequests.defaultDueDate(),
      message: '',
    });
  });

  router.post('/handlaggare/arenden/:id/komplettering', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const t = res.locals.t;
    const typedDue = bodyText(req, 'sista-dag').slice(0, 100);
    const message = postedText(req, 'meddelande');
    const parsed = parseDate(typedDue);
    // Every post goes to the service, an unreadable date as none: it logs the one row, ok or
    // refused, whatever was wrong (SEC-29).
    const onceKey = postedOnceKey(req);
    const result = await services.completionRequests.request(whoOf(req), id, {
      dueDate: parsed.ok ? parsed.value : '',
      message,
      ...(onceKey ? { onceKey } : {}),
    });
    if (result.outcome === 'requested') {
      const done =
        result.sms === 'sent'
          ? 'begard'
          : result.sms === 'letter'
            ? 'begard-brev'
            : 'begard-utan-sms';
      res.redirect(303, `${STAFF_PATHS.case(id)}?markering=${done}#marks`);
      return;
    }
    if (result.outcome === 'notFound') return renderNotFound(res);
    if (result.outcome === 'forbidden') return renderForbidden(res);
    if (result.outcome === 'repeat') {
      // A second press of the button: the request stands, the page shows it.
      res.redirect(303, `${STAFF_PATHS.case(id)}#marks`);
      return;
    }
    const error =
      result.outcome === 'invalidDate' && typedDue.trim() === ''
        ? {
            field: 'sista-dag',
            text: t('completion.request.error.dueRequired'),
            href: '#sista-dag',
          }
        : requestError(result, parsed, t, req.language);
    await renderRequest(req, res, id, {
      errors: [error],
      dueDate: typedDue,
      // What was typed, without the invisible characters that were the problem.
      message: withoutRefusedCharacters(message, true).slice(0, REQUEST_MESSAGE_MAX * 2),
      status: 400,
    });
  });

  // Rendered anew each time, in the shared PDF workers: limited like every other PDF.
  router.get(
    '/handlaggare/arenden/:id/komplettering/:requestId/brev.pdf',
    limitPdfDownloads(services),
    async (req, res) => {
      const id = await caseIdOf(services, req, res, 'pdf');
      if (!id) return;
      const requestId = accountIdOf(req.params.requestId) ?? NO_ID;
      const letter = await services.completionRequests.letter(whoOf(req), id, requestId);
      if (letter === 'notFound') return renderNotFound(res);
      sendDownload(res, {
        name: `${res.locals.t('completionLetter.fileName')}.pdf`,
        mediaType: 'application/pdf',
        bytes: letter,
      });
    },
  );

  return router;
}

/**
 * The message for a refused reason, naming the answer or paper it was for ("Skriv varför svaret
 * på ”Medsökande – Medborgarskap” är fel."), and which form it belongs to; undefined for other
 * refusals or a target the case does not have.
 */
function reasonError(
  view: CaseCompletionView,
  code: MarkResult,
  target: unknown,
  t: Translate,
): { target: string; text: string } | undefined {
  if (!REASON_ERRORS.includes(code) || typeof target !== 'string') return undefined;
  const parsed = parseTarget(target);
  const question =
    parsed?.kind === 'answer'
      ? view.markable.get(parsed.key)
      : parsed && view.checklist.get(parsed.key);
  if (!parsed || question === undefined) return undefined;
  const answer = parsed.kind === 'answer';
  const text =
    code === 'controlCharacter'
      ? t('formError.controlCharacter', { label: t('completion.mark.reasonLabel') })
      : code === 'reasonTooLong'
        ? t(answer ? 'caseMarks.answerReasonTooLong' : 'caseMarks.fileReasonTooLong', {
            question,
            max: MARK_REASON_MAX,
          })
        : t(answer ? 'caseMarks.answerReasonRequired' : 'caseMarks.fileReasonRequired', {
            question,
          });
  return { target, text };
}

function requestError(
  result: Exclude<RequestResult, { outcome: 'requested' | 'notFound' | 'forbidden' }>,
  parsed: ReturnType<typeof parseDate>,
  t: Translate,
  language: Request['language'],
): FieldError {
  const due = (text: string): FieldError => ({ field: 'sista-dag', text, href: '#sista-dag' });
  switch (result.outcome) {
    case 'invalidDate':
      return due(
        parsed.ok
          ? t('formError.dateFormat')
          : t(`formError.${parsed.error}` as MessageKey, messageValues(parsed.values, t)),
      );
    case 'pastDate':
      return due(t('completion.request.error.past'));
    case 'tooSoonForLetter':
    case 'tooLate': {
      const date = longDate(new Date(`${result.limit}T12:00:00Z`), language);
      return due(
        t(
          result.outcome === 'tooLate'
            ? 'completion.request.error.tooLate'
            : 'completion.request.error.tooSoonForLetter',
          { date },
        ),
      );
    }
    case 'messageControlCharacter':
      return {
        field: 'meddelande',
        text: t('formError.controlCharacter', { label: t('completion.request.messageLabel') }),
        href: '#meddelande',
      };
    case 'messageTooLong':
      return {
        field: 'meddelande',
        text: t('completion.request.error.messageTooLong', {
          max: groupDigits(REQUEST_MESSAGE_MAX),
        }),
        href: '#meddelande',
      };
    case 'noMarks':
      return { field: '', text: t('completion.request.error.noMarks'), href: '#marks' };
    case 'onlyFixedMarks':
      return { field: '', text: t('completion.request.error.onlyFixed'), href: '#marks' };
    case 'illegal':
      // Asked for meanwhile, by a colleague or in another tab: this one's text did not go.
      return result.from === 'komplettering-begard'
        ? { field: '', text: t('completion.request.error.alreadyRequested'), href: '#marks' }
        : { field: '', text: t('completion.request.error.illegal'), href: '#marks' };
    default:
      return { field: '', text: t('case.error.stale'), href: '#marks' };
  }
}
