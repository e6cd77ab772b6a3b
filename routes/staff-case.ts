import { Router, type Request, type Response } from 'express';
import type { MessageKey } from '../locales';
import type { Services } from '../services';
import { caseworkerMoves, CLOSED, isCaseStatus, REASON_REQUIRED } from '../services/case-statuses';
import type { CaseDetails, StaffRequest } from '../services/cases';
import { changeLines } from '../services/answer-changes';
import { dateTime, longDate } from '../services/date-texts';
import { caseFileGroups } from './staff-case-files';
import { bodyText } from './form-body';
import { caseDecisionView } from './staff-case-decision';
import { caseworkView } from './staff-case-casework';
import { duplicateLinks } from './staff-case-duplicates';
import { shortDate, statusBadge } from './staff-case-view';
import { caseCompletionView, markFormAnchor } from './staff-case-completion';
import { caseHistoryView } from './staff-case-history';
import { promisedMissingView } from './staff-case-promised';
import { renderedRefusal, renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { roleIn } from '../services/staff-access';
import { caseLogPath } from './staff-case-log';
import { caseIdOf } from './staff-case-id';
import { CASEWORK_PATHS } from './casework-paths';
import { accountIdOf, STAFF_PATHS } from './staff-paths';
import { keepTyped, takeTyped } from './staff-case-typed';
import { formatMonth, formatPersonnummer } from '../forms/format';
import { dayText, SIGNATURE_PATH } from './staff-case-signature';
import { sendDownload } from './file-download';
import { previousComparison } from './staff-case-previous';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';

const REASON_MAX = 500;

/** What went wrong with a status change, said on the case page it returns to. */
const ERRORS = {
  olaglig: 'case.error.illegal',
  orsak: 'case.error.reasonRequired',
  andrad: 'case.error.stale',
  ingen: 'case.error.noStatus',
  avslutat: 'case.error.closed',
  tilldelat: 'case.error.assignedMeanwhile',
  tecken: 'formError.controlCharacter',
} as const;
type ErrorCode = keyof typeof ERRORS;

/** Who had the case when the page was shown: "Tilldela mig" takes it only from them. */
const SEEN_ASSIGNEE = 'hade';

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/** The case view and what a caseworker does on it. */
export default function staffCaseRoutes(services: Services): Router {
  const router = Router();

  function errorOf(req: Request, details: CaseDetails) {
    const code =
      typeof req.query.fel === 'string' && Object.hasOwn(ERRORS, req.query.fel)
        ? (req.query.fel as ErrorCode)
        : undefined;
    if (!code) return undefined;
    const t = (req.res as Response).locals.t;
    const to =
      typeof req.query.till === 'string' && isCaseStatus(req.query.till)
        ? req.query.till
        : undefined;
    const text = t(ERRORS[code], {
      from: t(`case.status.${details.status}` as MessageKey),
      to: to ? t(`case.status.${to}` as MessageKey) : '',
      label: t('case.reason'),
    });
    // A closed case has no status form: its message leads to the case's status line.
    if (code === 'avslutat' || code === 'tilldelat') return { field: '', text, href: '#main', to };
    const field = code === 'orsak' || code === 'tecken' ? 'orsak' : 'till';
    // The status question's first choice, which takes the focus (its fieldset does not).
    return { field, text, href: field === 'till' ? '#till-0' : '#orsak', to };
  }

  router.get('/handlaggare/arenden/:id', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    // Read first, so the view's one audit row names every other application the page shows:
    // last month's answers, the person's earlier applications and the duplicates.
    const staff = staffOf(req);
    const previous = await services.earlierApplications.previousAnswers(staff, id);
    const earlier = await services.earlierApplications.of(staff, id);
    const duplicates = await services.caseDuplicates.ofCase(staff, id);
    const alsoShown = [previous?.id, ...earlier.map((one) => one.id)]
      .concat(duplicates.map((one) => one.id))
      .filter((other): other is string => other !== undefined);
    const details = await services.cases.open(whoOf(req), id, [...new Set(alsoShown)]);
    if (!details) {
      renderNotFound(res);
      return;
    }
    const t = res.locals.t;
    const comparison = previous && previousComparison(previous, details.sections, t);
    const error = errorOf(req, details);
    const typed = takeTyped(req, id, (form) => form === 'status');
    const moves = details.mayChange ? caseworkerMoves(details.status) : [];
    const co = details.coApplicant;
    const completion = await caseCompletionView(services, req, id);
    const markError = completion.completion?.formError;
    const open = !(isCaseStatus(details.status) && CLOSED.includes(details.status));
    // Neither confirmed online nor signed on paper: the case waits for the medsökande.
    const signatureOutstanding = open && (co?.state === 'paper' || co?.state === 'waiting');
    res.render('staff/case', {
      details: {
        name: details.applicantName,
        // In full, as the answers show it: opening the case is logged (lists keep it masked).
        personnummer: details.personnummer ? formatPersonnummer(details.personnummer) : '',
        period: details.period ? formatMonth(details.period, t) : '',
        // A paper application has the day it came by post, not a time.
        received:
          details.channel === 'post'
            ? longDate(details.receivedAt, req.language)
            : dateTime(details.receivedAt, req.language),
        receiptNumber: details.receiptNumber,
        channel: t(`inbox.channel.${details.channel === 'post' ? 'post' : 'e-tjanst'}`),
        status: statusBadge(details.status, t),
        assignee: details.assigneeName ?? t('case.noAssignee'),
        sections: details.sections.map((section) => ({
          ...section,
          rows: section.rows.map((row) => ({
            ...row,
            changes: [
              ...changeLines(details.changes, row.path, req.language),
              ...(comparison?.lineFor(row) ?? []),
            ],
          })),
        })),
      },
      comparison: comparison && {
        text: comparison.summary,
        href: STAFF_PATHS.case(comparison.id),
        linkText: comparison.linkText,
      },
      // The caseworker may know what the applicant is not told: an account, or paper.
      coApplicant: co && {
        name: co.name,
        text: t(`case.coApplicant.${co.state}`, {
          time: co.decidedAt ? dateTime(co.decidedAt, req.language) : '',
          message: co.message ?? '',
          date: co.signatureReceivedOn ? dayText(co.signatureReceivedOn) : '',
        }),
        signatureHref: signatureOutstanding && details.mayChange ? SIGNATURE_PATH(id) : undefined,
      },
      // "Väntar på medsökande" says it already; any other status gets the reminder beside it.
      signatureBadge:
        signatureOutstanding && details.status !== 'vantar-medsokande'
          ? t('case.signatureBadge')
          : undefined,
      signatureRegistered: req.query.underskrift === '1',
      paperRegistered:
        req.query.registrerad === '1' && details.channel === 'post'
          ? t('case.paperRegistered', { receipt: details.receiptNumber })
          : undefined,
      attachmentGroups: caseFileGroups(
        id,
        details.attachments,
        details.channel === 'post',
        t,
        req.language,
      ),
      mayChange: details.mayChange,
      promisedMissing: promisedMissingView(
        {
          channel: details.channel,
          fileCount: details.attachments.length,
          promised: completion.completion?.promised,
          markAction: completion.completion?.mayChange
            ? completion.completion.markAction
            : undefined,
        },
        t,
      ),
      seenAssignee: details.assigneeId ?? '',
      takeOverFrom: details.assigneeId ? details.assigneeName : undefined,
      assignAction:
        details.mayChange &&
        details.assigneeId !== staff.account.id &&
        !(isCaseStatus(details.status) && CLOSED.includes(details.status))
          ? STAFF_PATHS.assign(id)
          : undefined,
      statusAction: moves.length > 0 ? STAFF_PATHS.status(id) : undefined,
      moves: moves.map((value) => ({
        value,
        text: t(`case.status.${value}` as MessageKey),
        needsReason: REASON_REQUIRED.includes(value),
      })),
      reasonMax: REASON_MAX,
      reasonText: typed?.text ?? '',
      chosenMove: error?.field === 'orsak' ? error.to : undefined,
      errors: [
        ...(error ? [error] : []),
        // A mark's reason refused: named in the summary too, linked to its box.
        ...(markError
          ? [{ text: markError.text, href: `#${markFormAnchor(markError.target)}` }]
          : []),
      ],
      changed: req.query.andrad === '1',
      backHref: req.session.caseList ?? STAFF_PATHS.home,
      pdfHref: STAFF_PATHS.casePdf(id),
      // Following up who looked is an administrator's task (logguppföljning).
      logHref: roleIn(staff, details.municipalityCode) === 'admin' ? caseLogPath(id) : undefined,
      shortReceived: shortDate(details.receivedAt),
      ...(await caseDecisionView(services, req, id)),
      ...(await caseworkView(services, req, res, details, earlier)),
      ...duplicateLinks(duplicates, t),
      ...completion,
      ...(await caseHistoryView(services, staff, id, t, req.language)),
    });
  });

  router.get(
    '/handlaggare/arenden/:id/ansokan.pdf',
    limitPdfDownloads(services),
    async (req, res) => {
      const id = await caseIdOf(services, req, res, 'pdf');
      if (!id) return;
      const copy = await services.caseCopies.forStaff(whoOf(req), id);
      if (!copy) {
        renderNotFound(res);
        return;
      }
      sendDownload(res, {
        name: `ansokan-${copy.receiptNumber}.pdf`,
        mediaType: 'application/pdf',
        bytes: copy.pdf,
      });
    },
  );

  router.post('/handlaggare/arenden/:id/tilldela', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'assign');
    if (!id) return;
    // Who the page showed: '' for nobody (or anything that is no account id); a post without it
    // (an older page) takes the case as before.
    const posted = (req.body as Record<string, unknown> | undefined)?.[SEEN_ASSIGNEE];
    const seen = typeof posted === 'string' ? (accountIdOf(posted) ?? '') : undefined;
    const result = await services.cases.assignToMe(whoOf(req), id, seen);
    if (result === 'notFound') renderNotFound(res);
    else if (result === 'forbidden') renderForbidden(res);
    else if (result === 'closed') res.redirect(303, `${STAFF_PATHS.case(id)}?fel=avslutat`);
    else if (result === 'changedMeanwhile') {
      res.redirect(303, `${STAFF_PATHS.case(id)}?fel=tilldelat`);
    } else if (result === 'assigned' && seen && seen !== staffOf(req).account.id) {
      res.redirect(303, CASEWORK_PATHS.done(id, 'tagen', 'tilldelning'));
    } else if (result === 'started') {
      res.redirect(303, CASEWORK_PATHS.done(id, 'tilldelad-startad', 'tilldelning'));
    } else res.redirect(303, CASEWORK_PATHS.done(id, 'tilldelad-mig', 'tilldelning'));
  });

  router.post('/handlaggare/arenden/:id/status', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const to = bodyText(req, 'till').slice(0, 40);
    const reason = bodyText(req, 'orsak').slice(0, REASON_MAX);
    // Ending a case cannot be undone: asked once more, with the reason, before it is done.
    const ending = isCaseStatus(to) && REASON_REQUIRED.includes(to);
    if (ending && reason.trim() !== '' && bodyText(req, 'bekrafta') !== 'ja') {
      // Only staff who may change this case are asked; anyone else is refused here, and logged.
      if (renderedRefusal(res, await services.cases.mayChange(whoOf(req), id))) return;
      const { t } = res.locals;
      const status = t(`case.status.${to}`);
      res.render('staff/case/status-confirm', {
        heading: t('case.statusConfirm.heading', { status }),
        lead: t('case.statusConfirm.lead', { status }),
        button: t('case.statusConfirm.yes', { status }),
        action: `${STAFF_PATHS.case(id)}/status`,
        to,
        reason,
        backHref: `${STAFF_PATHS.case(id)}#status`,
      });
      return;
    }
    const result = await services.cases.changeStatus(whoOf(req), id, to, reason);
    const back = (query: string) => {
      // Refused, the reason typed comes back in its box, as the error page's form shows it.
      if (result.outcome !== 'changed' && reason.trim() !== '') {
        keepTyped(req, id, 'status', reason);
      }
      res.redirect(303, `${STAFF_PATHS.case(id)}?${query}`);
    };
    switch (result.outcome) {
      case 'changed':
        back('andrad=1');
        return;
      case 'notFound':
        renderNotFound(res);
        return;
      case 'forbidden':
        renderForbidden(res);
        return;
      case 'illegal':
        back(to === '' ? 'fel=ingen' : `fel=olaglig&till=${isCaseStatus(to) ? to : ''}`);
        return;
      case 'reasonRequired':
        back(`fel=orsak&till=${to}`);
        return;
      case 'controlCharacter':
        back(`fel=tecken&till=${to}`);
        return;
      case 'stale':
        back('fel=andrad');
    }
  });

  router.get('/handlaggare/arenden/:id/bilagor/:attachmentId', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'download');
    if (!id) return;
    const attachmentId = accountIdOf(req.params.attachmentId);
    const file = attachmentId
      ? await services.cases.download(whoOf(req), id, attachmentId)
      : undefined;
    if (!file) {
      renderNotFound(res);
      return;
    }
    sendDownload(res, file);
  });

  return router;
}
