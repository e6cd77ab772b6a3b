import { Router, type Request, type Response } from 'express';
import { groupDigits } from '../forms/format';
import type { Services } from '../services';
import { CASE_TEXT_MAX } from '../services/case-text';
import { swedishDateTime } from '../services/submissions';
import { CASEWORK_PATHS } from './casework-paths';
import { requireUser } from './login-session';
import { postedText, postedTextError } from './posted-text';

const MESSAGE = 'meddelande';

function accountIdOf(req: Request): string {
  const user = req.session.user;
  if (user?.kind !== 'applicant') throw new Error('Messages ran without a logged-in applicant');
  return user.accountId;
}

const receiptOf = (id: string) => `/mina-sidor/ansokningar/${id}`;

/**
 * The thread on the applicant's own sent application (the receipt page), read as it was before
 * this look: reading it marks the caseworkers' messages read. The caller has checked that the
 * application is the visitor's own; for anyone else's the service gives nothing.
 */
export async function myMessagesView(
  services: Services,
  req: Request,
  res: Response,
  applicationId: string,
) {
  const t = res.locals.t;
  const messages =
    (await services.caseMessages.threadForApplicant(accountIdOf(req), applicationId)) ?? [];
  return {
    myMessages: {
      list: messages.map((message) => {
        const fromStaff = message.authorKind === 'staff';
        return {
          fromStaff,
          byline: t('casework.myMessages.byline', {
            name: t(fromStaff ? 'casework.myMessages.fromStaff' : 'casework.myMessages.fromYou'),
            time: swedishDateTime(message.createdAt),
          }),
          text: message.text,
          isNew: fromStaff && !message.readAt,
          readText:
            !fromStaff && message.readAt
              ? t('casework.myMessages.readByStaff', { time: swedishDateTime(message.readAt) })
              : '',
        };
      }),
      action: CASEWORK_PATHS.myMessages(applicationId),
      sent: req.query.meddelande === 'skickat',
      textMax: CASE_TEXT_MAX,
      textMaxText: groupDigits(CASE_TEXT_MAX),
    },
  };
}

/** "Nytt meddelande" on a sent application's card on Mina sidor. */
export async function unreadMessagesOf(services: Services, req: Request, applicationId: string) {
  const unread = await services.caseMessages.unreadForApplicant(accountIdOf(req), applicationId);
  return { unreadMessages: unread, messagesHref: `${receiptOf(applicationId)}#meddelanden` };
}

/** The applicant writes to the caseworkers about their own sent application. */
export default function myPagesMessageRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor', requireUser('applicant'));

  router.post('/mina-sidor/ansokningar/:id/meddelanden', async (req, res) => {
    const accountId = accountIdOf(req);
    const id = req.params.id;
    const typed = postedText(req, MESSAGE);
    const result = await services.caseMessages.writeAsApplicant(accountId, id, typed);
    if (result.outcome === 'sent') {
      services.logger.info({ reqId: req.id, accountId, applicationId: id }, 'message written');
      res.redirect(303, `${receiptOf(id)}?meddelande=skickat#meddelanden`);
      return;
    }
    if (result.outcome === 'notFound') {
      // Someone else's application, or none: the same 404 either way, and a line in the log.
      services.logger.warn(
        { reqId: req.id, accountId, path: req.path },
        "message refused: not the visitor's own application",
      );
      res.status(404).render('pages/not-found');
      return;
    }
    const t = res.locals.t;
    const label = t('casework.myMessages.label');
    const { error, shown } = postedTextError(
      result.problem,
      typed,
      { name: MESSAGE, label, required: 'casework.myMessages.required' },
      t,
    );
    res.status(400).render('my-pages/message-page', {
      errors: [error],
      label,
      value: shown,
      max: CASE_TEXT_MAX,
      maxText: groupDigits(CASE_TEXT_MAX),
      action: CASEWORK_PATHS.myMessages(id),
      backHref: `${receiptOf(id)}#meddelanden`,
    });
  });

  return router;
}
