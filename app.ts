import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request } from 'express';
import { errorHandler, notFound } from './middleware/error-handlers';
import './middleware/locals';
import { noStore } from './middleware/no-store';
import { requireFormBody } from './middleware/require-form-body';
import { setUpCookies } from './middleware/set-up-cookies';
import { setUpCompression } from './middleware/set-up-compression';
import { setUpCsrf } from './middleware/set-up-csrf';
import { setUpI18n } from './middleware/set-up-i18n';
import { setUpRateLimits } from './middleware/set-up-rate-limits';
import { setUpRequestLogging } from './middleware/set-up-request-logging';
import { setUpSecurityHeaders } from './middleware/set-up-security-headers';
import { setUpSessionMarker } from './middleware/session-marker';
import { sessionCookieName, setUpSession } from './middleware/set-up-session';
import { setUpSharedPages } from './middleware/set-up-shared-pages';
import { setUpStatic } from './middleware/set-up-static';
import { warnPlainHttp } from './middleware/warn-plain-http';
import { setUpViewLocals } from './middleware/set-up-view-locals';
import { viewEngine } from './middleware/view-engine';
import accessibilityRoutes, { sharedAccessibilityPage } from './routes/accessibility';
import activationRoutes from './routes/activation';
import accountRoutes from './routes/account';
import applicationRoutes from './routes/application';
import { isAttachmentUpload } from './routes/application-attachments';
import { isPaperUpload } from './routes/staff-paper-paths';
import { isPostAnswerUpload } from './routes/staff-case-post-answer';
import coApplicantRoutes from './routes/co-applicant';
import devSmsRoutes from './routes/dev-sms';
import healthRoutes from './routes/health';
import languageRoutes from './routes/language';
import loginRoutes from './routes/login';
import secondFactorRoutes from './routes/login-second-factor';
import myPagesRoutes from './routes/my-pages';
import myPagesDecisionRoutes from './routes/my-pages-decision';
import myPagesMessageRoutes, { isMessageUpload } from './routes/my-pages-messages';
import { isCompletionUpload } from './routes/my-pages-completion';
import municipalityRoutes from './routes/municipality';
import staffRoutes from './routes/staff';
import sessionEndedRoutes from './routes/session-ended';
import startRoutes, { sharedStartPage } from './routes/start';
import type { Services } from './services';

const rootDir = dirname(fileURLToPath(import.meta.url));

export function createApp(services: Services): express.Application {
  const app = express();
  app.set('trust proxy', services.config.trustProxy);
  app.engine('ejs', viewEngine(join(rootDir, 'views')));
  app.set('view engine', 'ejs');
  app.set('views', join(rootDir, 'views'));
  // Pages are never cached (no-store) and assets carry their own validators: no ETag hashing.
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.disable('x-powered-by');

  app.use(setUpRequestLogging(services.logger));
  app.use(warnPlainHttp(services.config.secureCookies, services.logger));
  app.use(setUpSecurityHeaders(services.config.secureCookies));
  app.use(setUpCompression());
  app.use(healthRoutes(services));
  setUpStatic(app, rootDir);
  app.use(noStore);
  app.use(
    setUpSharedPages(app, sessionCookieName(services.config.secureCookies), [
      sharedStartPage(services.config.session.idleMinutes),
      sharedAccessibilityPage,
    ]),
  );
  app.use(setUpCookies);
  app.use(setUpI18n());
  app.use(setUpSession(services));
  app.use(setUpSessionMarker(services.config));
  app.use(setUpViewLocals(services));
  // A file upload is the one multipart body: its route parses it and then checks the token.
  const attachmentUpload = isAttachmentUpload(services.forms);
  const upload = (req: Request) =>
    attachmentUpload(req) ||
    isPaperUpload(req) ||
    isCompletionUpload(req) ||
    isMessageUpload(req) ||
    isPostAnswerUpload(req);
  const csrf = setUpCsrf(services.config, { checkedByRoute: upload });
  // Before anything that may refuse the request: its error page's header has a logout form.
  app.use(csrf.exposeToken);
  // Counted before the CSRF check, so forged posts count too.
  app.use(setUpRateLimits(services));
  app.use(requireFormBody(upload));
  app.use(express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 1000 }));
  app.use(csrf.protect);

  app.use(startRoutes(services.config.session.idleMinutes));
  app.use(languageRoutes(services.config.secureCookies));
  app.use(sessionEndedRoutes(services));
  app.use(municipalityRoutes(services));
  app.use(applicationRoutes(services));
  app.use(loginRoutes(services));
  app.use(secondFactorRoutes(services));
  app.use(activationRoutes(services));
  app.use(myPagesRoutes(services));
  app.use(myPagesDecisionRoutes(services));
  app.use(myPagesMessageRoutes(services));
  app.use(staffRoutes(services));
  app.use(coApplicantRoutes(services));
  app.use(accountRoutes(services, 'applicant'));
  app.use(accountRoutes(services, 'staff'));
  app.use(accessibilityRoutes());
  app.use(devSmsRoutes(services));

  app.use(notFound);
  app.use(errorHandler(services.logger));
  return app;
}
