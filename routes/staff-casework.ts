import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { groupDigits } from '../forms/format';
import type { Services } from '../services';
import type { StaffRequest } from '../services/cases';
import { CASE_TEXT_MAX, type CaseTextProblem } from '../services/case-text';
import { CASEWORK_PATHS } from './casework-paths';
import { bodyText } from './form-body';
import { postedText, postedTextError } from './posted-text';
import { renderForbidden, renderNotFound, staffOf } from './staff-guard';
import { accountIdOf, STAFF_PATHS } from './staff-paths';

const NOTE = 'anteckning';
const MESSAGE = 'meddelande';
const ASSIGNEE = 'handlaggare';

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/**
 * Notes, messages to the applicant and assignment to a colleague, posted from the case view.
 * Text that cannot be stored comes back on a page of its own with the message and the text as
 * typed; it shows nothing of the case, so it reads no personal data.
 */
export default function staffCaseworkRoutes(services: Services): Router {
  const router = Router();

  /** The case id from the address; anything else is a 404 with a refusal in the audit log. */
  async function caseIdOf(req: Request, res: Response, action: 'change' | 'assign') {
    const id = accountIdOf(req.params.id);
    if (id) return id;
    await services.auditLog.record({
      actorId: staffOf(req).account.id,
      role: null,
      municipality: null,
      subject: null,
      action,
      outcome: 'denied',
      requestId: req.id,
    });
    renderNotFound(res);
    return undefined;
  }

  function renderTextPage(
    res: Response,
    id: string,
    page: {
      title: 'casework.notes.pageTitle' | 'casework.messages.pageTitle';
      lead: string;
      field: { name: string; label: string; hint: string };
      button: string;
      action: string;
      value: string;
      error: FieldError;
    },
  ) {
    res.status(400).render('staff/case/text-page', {
      ...page,
      errors: [page.error],
      max: CASE_TEXT_MAX,
      backHref: STAFF_PATHS.case(id),
    });
  }

  router.post('/handlaggare/arenden/:id/anteckningar', async (req, res) => {
    const id = await caseIdOf(req, res, 'change');
    if (!id) return;
    const typed = postedText(req, NOTE);
    const result = await services.caseNotes.add(whoOf(req), id, typed);
    const t = res.locals.t;
    if (result.outcome === 'added')
      res.redirect(303, CASEWORK_PATHS.done(id, 'anteckning', 'anteckningar'));
    else if (result.outcome === 'notFound') renderNotFound(res);
    else if (result.outcome === 'forbidden') renderForbidden(res);
    else {
      const label = t('casework.notes.label');
      const { error, shown } = textError(
        result.problem,
        typed,
        NOTE,
        label,
        'casework.notes.required',
        t,
      );
      renderTextPage(res, id, {
        title: 'casework.notes.pageTitle',
        lead: t('casework.notes.reminder'),
        field: {
          name: NOTE,
          label,
          hint: t('casework.notes.hint', { max: groupDigits(CASE_TEXT_MAX) }),
        },
        button: t('casework.notes.save'),
        action: CASEWORK_PATHS.notes(id),
        value: shown,
        error,
      });
    }
  });

  router.post('/handlaggare/arenden/:id/meddelanden', async (req, res) => {
    const id = await caseIdOf(req, res, 'change');
    if (!id) return;
    const typed = postedText(req, MESSAGE);
    const result = await services.caseMessages.writeAsStaff(whoOf(req), id, typed);
    const t = res.locals.t;
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
      case 'invalid': {
        const label = t('casework.messages.label');
        const { error, shown } = textError(
          result.problem,
          typed,
          MESSAGE,
          label,
          'casework.messages.required',
          t,
        );
        renderTextPage(res, id, {
          title: 'casework.messages.pageTitle',
          lead: t('casework.messages.intro'),
          field: {
            name: MESSAGE,
            label,
            hint: t('casework.messages.hint', { max: groupDigits(CASE_TEXT_MAX) }),
          },
          button: t('casework.messages.send'),
          action: CASEWORK_PATHS.messages(id),
          value: shown,
          error,
        });
      }
    }
  });

  router.post('/handlaggare/arenden/:id/tilldela-kollega', async (req, res) => {
    const id = await caseIdOf(req, res, 'assign');
    if (!id) return;
    // Not a staff account id: refused by the service like any other non-colleague.
    const assignee = accountIdOf(bodyText(req, ASSIGNEE)) ?? '';
    const result = await services.caseAssignment.assignTo(whoOf(req), id, assignee);
    if (result === 'assigned') {
      res.redirect(303, CASEWORK_PATHS.done(id, 'tilldelad', 'tilldela'));
      return;
    }
    if (result === 'notFound') {
      renderNotFound(res);
      return;
    }
    if (result === 'forbidden') {
      renderForbidden(res);
      return;
    }
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
      options: colleagues.map((colleague) => ({
        value: colleague.id,
        label: colleague.name,
        selected: false,
      })),
      backHref: STAFF_PATHS.case(id),
    });
  });

  return router;
}

function textError(
  problem: CaseTextProblem,
  typed: string,
  name: string,
  label: string,
  required: 'casework.notes.required' | 'casework.messages.required',
  t: Response['locals']['t'],
) {
  return postedTextError(problem, typed, { name, label, required }, t);
}
