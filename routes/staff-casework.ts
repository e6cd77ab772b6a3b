import { Router, type Request, type Response } from 'express';
import { groupDigits } from '../forms/format';
import type { Services } from '../services';
import type { StaffRequest } from '../services/cases';
import { CASE_TEXT_MAX, type CaseTextProblem } from '../services/case-text';
import { CASEWORK_PATHS, NO_ASSIGNEE } from './casework-paths';
import { bodyText } from './form-body';
import { onceKeyAgain, postedOnceKey } from './once-key';
import { postedText, postedTextError } from './posted-text';
import { renderedRefusal, renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { caseIdOf } from './staff-case-id';
import { accountIdOf, STAFF_PATHS } from './staff-paths';

const ASSIGNEE = 'handlaggare';

/** A note and a message to the applicant: the field, its texts and where it is posted. */
const TEXTS = {
  note: {
    field: 'anteckning',
    label: 'casework.notes.label',
    hint: 'casework.notes.hint',
    required: 'casework.notes.required',
    title: 'casework.notes.pageTitle',
    lead: 'casework.notes.reminder',
    button: 'casework.notes.save',
    action: CASEWORK_PATHS.notes,
  },
  message: {
    field: 'meddelande',
    label: 'casework.messages.label',
    hint: 'casework.messages.hint',
    required: 'casework.messages.required',
    title: 'casework.messages.pageTitle',
    lead: 'casework.messages.intro',
    button: 'casework.messages.send',
    action: CASEWORK_PATHS.messages,
  },
} as const;

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/**
 * Notes, messages to the applicant and assignment to a colleague, posted from the case view.
 * Text that cannot be stored comes back on a page of its own with the message and the text as
 * typed; it shows nothing of the case, so it reads no personal data.
 */
export default function staffCaseworkRoutes(services: Services): Router {
  const router = Router();

  /** The text back on its own page, 400, with what was wrong above it. */
  function renderRefusedText(
    req: Request,
    res: Response,
    id: string,
    kind: keyof typeof TEXTS,
    problem: CaseTextProblem,
    typed: string,
  ) {
    const t = res.locals.t;
    const texts = TEXTS[kind];
    const label = t(texts.label);
    const { error, shown } = postedTextError(
      problem,
      typed,
      { name: texts.field, label, required: texts.required },
      t,
    );
    res.status(400).render('staff/case/text-page', {
      title: texts.title,
      lead: t(texts.lead),
      field: { name: texts.field, label, hint: t(texts.hint, { max: groupDigits(CASE_TEXT_MAX) }) },
      button: t(texts.button),
      action: texts.action(id),
      value: shown,
      errors: [error],
      max: CASE_TEXT_MAX,
      backHref: STAFF_PATHS.case(id),
      onceKey: onceKeyAgain(req),
    });
  }

  router.post('/handlaggare/arenden/:id/anteckningar', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const typed = postedText(req, TEXTS.note.field);
    const result = await services.caseNotes.add(whoOf(req), id, typed, postedOnceKey(req));
    switch (result.outcome) {
      case 'added':
        res.redirect(303, CASEWORK_PATHS.done(id, 'anteckning', 'anteckningar'));
        return;
      case 'notFound':
        renderNotFound(res);
        return;
      case 'forbidden':
        renderForbidden(res);
        return;
      case 'invalid':
        renderRefusedText(req, res, id, 'note', result.problem, typed);
    }
  });

  router.post('/handlaggare/arenden/:id/meddelanden', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'change');
    if (!id) return;
    const typed = postedText(req, TEXTS.message.field);
    const result = await services.caseMessages.writeAsStaff(
      whoOf(req),
      id,
      typed,
      postedOnceKey(req),
    );
    switch (result.outcome) {
      case 'sent': {
        const done =
          result.notice === 'sent'
            ? 'meddelande'
            : result.notice === 'noPhone'
              ? 'meddelande-utan-sms'
              : 'meddelande-sms-fel';
        res.redirect(303, CASEWORK_PATHS.done(id, done, 'meddelanden'));
        return;
      }
      case 'notFound':
        renderNotFound(res);
        return;
      case 'forbidden':
        renderForbidden(res);
        return;
      case 'noApplicantAccount':
        // The page offers no form then: back to it, where the reason is said.
        res.redirect(303, `${STAFF_PATHS.case(id)}#meddelanden`);
        return;
      case 'invalid':
        renderRefusedText(req, res, id, 'message', result.problem, typed);
    }
  });

  router.post('/handlaggare/arenden/:id/tilldela-kollega', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'assign');
    if (!id) return;
    const chosen = bodyText(req, ASSIGNEE);
    // Not a staff account id: refused by the service like any other non-colleague.
    const assignee = accountIdOf(chosen) ?? '';
    const result =
      chosen === NO_ASSIGNEE
        ? await services.caseAssignment.release(whoOf(req), id)
        : await services.caseAssignment.assignTo(whoOf(req), id, assignee);
    if (result === 'assigned' || result === 'started' || result === 'released') {
      const done =
        result === 'started'
          ? 'tilldelad-startad'
          : result === 'released'
            ? 'ingen-handlaggare'
            : 'tilldelad';
      res.redirect(303, CASEWORK_PATHS.done(id, done, 'tilldelning'));
      return;
    }
    if (renderedRefusal(res, result)) return;
    const t = res.locals.t;
    const text =
      result === 'closed'
        ? t('casework.assign.closed')
        : assignee === ''
          ? t('casework.assign.required')
          : t('casework.assign.notColleague');
    const colleagues = await services.caseAssignment.colleagues(staffOf(req), id);
    res.status(400).render('staff/case/assign-page', {
      errors: [{ field: ASSIGNEE, text, href: `#${ASSIGNEE}` }],
      action: result === 'closed' ? undefined : CASEWORK_PATHS.assignTo(id),
      options: [
        // Offered here too: giving an unassigned case to nobody changes nothing.
        { value: NO_ASSIGNEE, label: t('casework.assign.nobody'), selected: false },
        ...colleagues.map((colleague) => ({
          value: colleague.id,
          label: colleague.name,
          selected: false,
        })),
      ],
      backHref: STAFF_PATHS.case(id),
    });
  });

  return router;
}
