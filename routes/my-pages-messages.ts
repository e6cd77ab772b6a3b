import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { groupDigits } from '../forms/format';
import { withoutRefusedCharacters } from '../forms/read-input';
import type { Translate } from '../locales';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import { sanitiseFileName } from '../services/attachment-names';
import { CASE_TEXT_MAX, type CaseTextProblem } from '../services/case-text';
import { CASEWORK_PATHS } from './casework-paths';
import { checkedUploadReader } from './attachment-upload';
import { limitTexts, refusalStatus, UPLOAD_FIELD } from './attachment-view';
import { requireUser } from './login-session';
import { newOnceKey, onceKeyAgain, postedOnceKey } from './once-key';
import { postedText, postedTextError } from './posted-text';
import { sendDownload } from './file-download';

const MESSAGE = 'meddelande';
const FILES_INPUT_ID = 'meddelande-filer';
const MESSAGE_PATH = /^\/mina-sidor\/ansokningar\/[^/]+\/meddelanden$/;

export const MESSAGE_PATHS = {
  file: (applicationId: string, fileId: string) =>
    `/mina-sidor/ansokningar/${applicationId}/meddelanden/filer/${fileId}`,
};

/** A message with files: its route reads the multipart body and then checks the token. */
export function isMessageUpload(req: Request): boolean {
  return (
    req.method === 'POST' && Boolean(req.is('multipart/form-data')) && MESSAGE_PATH.test(req.path)
  );
}

/** The file input under the message box: its hint, and why the files chosen did not go. */
function messageFilesField(services: Services, req: Request, t: Translate, errors: string[]) {
  const texts = limitTexts(services.attachments.limits, req.language);
  return {
    inputId: FILES_INPUT_ID,
    inputName: UPLOAD_FIELD,
    hint: t('casework.myMessages.filesHint', texts),
    errors,
  };
}

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
            time: dateTime(message.createdAt, req.language),
          }),
          text: message.text,
          files: message.files.map((file) => ({
            name: file.name,
            href: MESSAGE_PATHS.file(applicationId, file.id),
          })),
          isNew: fromStaff && !message.readAt,
          readText:
            !fromStaff && message.readAt
              ? t('casework.myMessages.readByStaff', {
                  time: dateTime(message.readAt, req.language),
                })
              : '',
        };
      }),
      action: CASEWORK_PATHS.myMessages(applicationId),
      onceKey: newOnceKey(),
      files: messageFilesField(services, req, t, []),
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

/** The message page again, with what was typed and why it did not go. */
async function renderNotSent(
  services: Services,
  req: Request,
  res: Response,
  page: {
    status: number;
    typed: string;
    textError?: FieldError;
    fileErrors?: string[];
    /** Files were chosen: they must be chosen again (a browser never fills a file input). */
    withFiles: boolean;
  },
) {
  const t = res.locals.t;
  const id = String(req.params.id);
  // Named in the page's title, as on the application's own page: there may be several.
  const record = await services.applications.find(
    { kind: 'applicant', userId: accountIdOf(req) },
    id,
  );
  const fileErrors = page.fileErrors ?? [];
  const errors: FieldError[] = [
    ...(page.textError ? [page.textError] : []),
    ...fileErrors.map((text) => ({ field: UPLOAD_FIELD, text, href: `#${FILES_INPUT_ID}` })),
  ];
  res.status(page.status).render('my-pages/message-page', {
    applicationTitle: record?.form.hooks.title(record.draft.values, t),
    errors,
    textError: page.textError?.text,
    label: t('casework.myMessages.label'),
    value: withoutRefusedCharacters(page.typed, true),
    max: CASE_TEXT_MAX,
    maxText: groupDigits(CASE_TEXT_MAX),
    files: messageFilesField(services, req, t, fileErrors),
    filesNotSent: page.withFiles,
    action: CASEWORK_PATHS.myMessages(id),
    backHref: `${receiptOf(id)}#meddelanden`,
    onceKey: onceKeyAgain(req),
  });
}

/** The applicant writes to the caseworkers about their own sent application. */
export default function myPagesMessageRoutes(services: Services): Router {
  const router = Router();
  router.use('/mina-sidor', requireUser('applicant'));
  const { attachments, logger } = services;
  const readCheckedUpload = checkedUploadReader(services, attachments.limits);

  /** Someone else's application, or none: the same 404 either way, and a line in the log. */
  function refuse(req: Request, res: Response) {
    logger.warn(
      { reqId: req.id, accountId: accountIdOf(req), path: req.path },
      "message refused: not the visitor's own application",
    );
    res.status(404).render('pages/not-found');
  }

  async function send(req: Request, res: Response, typed: string) {
    const accountId = accountIdOf(req);
    const id = String(req.params.id);
    const result = await services.caseMessages.writeAsApplicant(
      accountId,
      id,
      typed,
      postedOnceKey(req),
    );
    if (result.outcome === 'sent') {
      logger.info({ reqId: req.id, accountId, applicationId: id }, 'message written');
      res.redirect(303, `${receiptOf(id)}?meddelande=skickat#meddelanden`);
      return;
    }
    if (result.outcome === 'notFound') {
      refuse(req, res);
      return;
    }
    await renderNotSent(services, req, res, {
      status: 400,
      typed,
      textError: textErrorOf(result.problem, typed, res.locals.t),
      withFiles: false,
    });
  }

  router.post('/mina-sidor/ansokningar/:id/meddelanden', async (req, res, next) => {
    if (!isMessageUpload(req)) {
      await send(req, res, postedText(req, MESSAGE));
      return;
    }
    const accountId = accountIdOf(req);
    const id = req.params.id;
    // Nothing is read of a body nobody may send here.
    if (!(await services.caseMessages.mayWriteAsApplicant(accountId, id))) {
      refuse(req, res);
      return;
    }
    const parsed = await readCheckedUpload(req, res, next);
    if (!parsed) return;
    const t = res.locals.t;
    const typed = postedText(req, MESSAGE);
    const texts = limitTexts(attachments.limits, req.language);
    const notSent = (status: number, fileErrors: string[]) =>
      renderNotSent(services, req, res, { status, typed, fileErrors, withFiles: true });
    if (parsed.outcome === 'tooLarge') {
      const name = sanitiseFileName(parsed.originalName);
      await notSent(413, [t('attachments.tooLargeNoneUploaded', { ...texts, name })]);
      return;
    }
    if (parsed.outcome === 'tooMany') {
      await notSent(413, [t('attachments.tooManyAtOnce', texts)]);
      return;
    }
    if (parsed.outcome === 'unreadable') {
      await notSent(400, [t('attachments.unreadable')]);
      return;
    }
    if (parsed.files.length === 0) {
      await send(req, res, typed);
      return;
    }
    // The text first: files are stored only for a message that can go.
    const problem = services.caseMessages.applicantTextProblem(typed, true);
    if (problem) {
      await renderNotSent(services, req, res, {
        status: 400,
        typed,
        textError: textErrorOf(problem, typed, t),
        withFiles: true,
      });
      return;
    }
    const outcomes = await services.caseMessages.writeWithFiles(
      accountId,
      id,
      typed,
      parsed.files,
      postedOnceKey(req),
    );
    if (!outcomes) {
      refuse(req, res);
      return;
    }
    const refused = outcomes.flatMap((outcome) => (outcome.outcome === 'refused' ? [outcome] : []));
    if (refused.length > 0) {
      await notSent(
        refusalStatus(refused.map((outcome) => outcome.reason)),
        refused.map((outcome) =>
          t(`attachments.refused.${outcome.reason}`, { ...texts, name: outcome.name }),
        ),
      );
      return;
    }
    logger.info(
      { reqId: req.id, accountId, applicationId: id, files: outcomes.length },
      'message written',
    );
    res.redirect(303, `${receiptOf(id)}?meddelande=skickat#meddelanden`);
  });

  router.get('/mina-sidor/ansokningar/:id/meddelanden/filer/:fileId', async (req, res) => {
    const file = await attachments.open(
      { kind: 'applicant', userId: accountIdOf(req) },
      req.params.id,
      req.params.fileId,
    );
    if (!file) {
      refuse(req, res);
      return;
    }
    logger.info(
      {
        reqId: req.id,
        accountId: accountIdOf(req),
        applicationId: req.params.id,
        attachmentId: req.params.fileId,
      },
      'attachment downloaded',
    );
    sendDownload(res, file);
  });

  return router;
}

function textErrorOf(problem: CaseTextProblem, typed: string, t: Translate): FieldError {
  const label = t('casework.myMessages.label');
  return postedTextError(
    problem,
    typed,
    { name: MESSAGE, label, required: 'casework.myMessages.required' },
    t,
  ).error;
}
