import type { Request, Response } from 'express';
import { formatMonth, groupDigits } from '../forms/format';
import type { Services } from '../services';
import { CLOSED, isCaseStatus } from '../services/case-statuses';
import { CASE_TEXT_MAX } from '../services/case-text';
import type { CaseDetails } from '../services/cases';
import type { CaseEstimate } from '../services/case-estimate';
import type { EarlierApplication } from '../services/earlier-applications';
import { dateTime, longDate } from '../services/date-texts';
import type { Translate } from '../locales';
import { CASEWORK_PATHS, caseworkDoneOf, NO_ASSIGNEE } from './casework-paths';
import { newOnceKey } from './once-key';
import { shortDate, statusBadge } from './staff-case-view';
import { staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

/**
 * What the case view shows beyond the case itself: the estimate the applicant saw, the person's
 * earlier applications, internal notes, the message thread and assignment to a colleague. All
 * of it is read under the case view's one 'view' audit row (the caller has opened the case,
 * naming the `earlier` applications in it).
 */
export async function caseworkView(
  services: Services,
  req: Request,
  res: Response,
  details: CaseDetails,
  earlier: readonly EarlierApplication[],
) {
  const staff = staffOf(req);
  const t = res.locals.t;
  const id = details.id;
  const estimated = await services.caseEstimates.of(staff, id);
  const notes = await services.caseNotes.list(staff, id);
  const thread = await services.caseMessages.threadForStaff(staff, id);
  const closed = isCaseStatus(details.status) && CLOSED.includes(details.status);
  const colleagues =
    details.mayChange && !closed ? await services.caseAssignment.colleagues(staff, id) : [];
  const done = caseworkDoneOf(req.query.klart);
  return {
    casework: {
      estimate: caseEstimateView(estimated, req, t),
      earlier: earlier.map((one) => ({
        href: STAFF_PATHS.case(one.id),
        period: one.period ? formatMonth(one.period, t) : t('casework.earlier.noPeriod'),
        received: t('casework.earlier.received', { date: shortDate(one.receivedAt) }),
        status: statusBadge(one.status, t),
      })),
      notes: {
        list: notes.map((note) => ({
          text: note.text,
          byline: t('casework.notes.byline', {
            name: note.authorName,
            time: dateTime(note.createdAt, req.language),
          }),
        })),
        action: details.mayChange ? CASEWORK_PATHS.notes(id) : undefined,
        onceKey: newOnceKey(),
        saved: done === 'anteckning',
      },
      messages: {
        list: thread.messages.map((message) => {
          const fromApplicant = message.authorKind === 'applicant';
          return {
            fromApplicant,
            byline: t('casework.messages.byline', {
              name: fromApplicant
                ? t('casework.messages.fromApplicant')
                : (message.staffName ?? t('case.actor.staff')),
              time: dateTime(message.createdAt, req.language),
            }),
            text: message.text,
            files: message.files.map((file) => ({
              name: file.name,
              href: STAFF_PATHS.caseAttachment(id, file.id),
            })),
            // New to this reader: the applicant's not read by a caseworker before.
            isNew: fromApplicant && !message.readAt,
            readText: fromApplicant
              ? ''
              : message.readAt
                ? t('casework.messages.readAt', { time: dateTime(message.readAt, req.language) })
                : t('casework.messages.unread'),
          };
        }),
        action:
          thread.mayWrite && thread.hasApplicantAccount ? CASEWORK_PATHS.messages(id) : undefined,
        onceKey: newOnceKey(),
        noAccount: !thread.hasApplicantAccount,
        sent: done?.startsWith('meddelande')
          ? t(
              done === 'meddelande'
                ? 'casework.messages.sent'
                : done === 'meddelande-utan-sms'
                  ? 'casework.messages.sentNoPhone'
                  : 'casework.messages.sentSmsFailed',
            )
          : undefined,
      },
      assign: {
        action: colleagues.length > 0 ? CASEWORK_PATHS.assignTo(id) : undefined,
        options: [
          // Only a case someone has can be given back to nobody.
          ...(details.assigneeId
            ? [{ value: NO_ASSIGNEE, label: t('casework.assign.nobody'), selected: false }]
            : []),
          ...colleagues.map((colleague) => ({
            value: colleague.id,
            label: colleague.name,
            selected: colleague.id === details.assigneeId,
          })),
        ],
        done:
          done === 'tilldelad'
            ? details.assigneeName
              ? t('casework.assign.doneTo', { name: details.assigneeName })
              : t('casework.assign.done')
            : done === 'tilldelad-mig'
              ? t('casework.assign.doneMe')
              : done === 'tagen'
                ? t('casework.assign.takenOver')
                : done === 'tilldelad-startad'
                  ? t('casework.assign.started')
                  : done === 'ingen-handlaggare'
                    ? t('casework.assign.released')
                    : undefined,
      },
      textMax: CASE_TEXT_MAX,
      textMaxText: groupDigits(CASE_TEXT_MAX),
    },
  };
}

/**
 * The case's preliminary estimate as the case view shows it (and the decision page beside the
 * amounts): its rows, notes and a sentence on which answers it is made from.
 */
export function caseEstimateView(estimated: CaseEstimate | undefined, req: Request, t: Translate) {
  return estimated && { ...estimated.estimate, intro: estimateIntro(estimated, req, t) };
}

/**
 * Says which answers the estimate is made from: as sent (what the applicant saw; from paper,
 * the answers registered, which no applicant saw as an estimate), or the
 * answers now after a completion, with the total the applicant saw when sending.
 */
function estimateIntro(estimated: CaseEstimate, req: Request, t: Translate): string {
  if (!estimated.recalculatedAt) {
    return t(estimated.online ? 'casework.estimate.intro' : 'casework.estimate.introPaper');
  }
  const total = estimated.sent?.rows.find((row) => row.total);
  const again = t('casework.estimate.recalculated', {
    date: longDate(estimated.recalculatedAt, req.language),
  });
  return total
    ? `${again} ${t(estimated.online ? 'casework.estimate.sentTotal' : 'casework.estimate.registeredTotal', { label: total.label, value: total.value })}`
    : again;
}
