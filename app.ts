import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { errorHandler, notFound } from './middleware/error-handlers';
import { noStore } from './middleware/no-store';
import { setUpCsrf } from './middleware/set-up-csrf';
import { setUpI18n } from './middleware/set-up-i18n';
import { setUpRequestLogging } from './middleware/set-up-request-logging';
import { setUpSecurityHeaders } from './middleware/set-up-security-headers';
import { setUpSession } from './middleware/set-up-session';
import { setUpStatic } from './middleware/set-up-static';
import { setUpViewLocals } from './middleware/set-up-view-locals';
import accessibilityRoutes from './routes/accessibility';
import applicationRoutes from './routes/application';
import applicationPrintRoutes from './routes/application-print';
import healthRoutes from './routes/health';
import languageRoutes from './routes/language';
import loginRoutes from './routes/login';
import municipalityRoutes from './routes/municipality';
import startRoutes from './routes/start';
import type { Services } from './services';

const rootDir = dirname(fileURLToPath(import.meta.url));

export function createApp(services: Services): express.Application {
  const app = express();
  app.set('trust proxy', services.config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', join(rootDir, 'views'));
  app.set('query parser', 'simple');
  app.disable('x-powered-by');

  app.use(setUpRequestLogging(services.logger));
  app.use(setUpSecurityHeaders(services.config.secureCookies));
  app.use(healthRoutes(services));
  app.use(setUpStatic(rootDir));
  app.use(noStore);
  app.use(setUpI18n());
  app.use(express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 1000 }));
  app.use(setUpSession(services));
  app.use(setUpCsrf());
  app.use(setUpViewLocals(services));

  app.use(startRoutes());
  app.use(languageRoutes(services.config.secureCookies));
  app.use(municipalityRoutes(services));
  app.use(applicationRoutes(services));
  app.use(applicationPrintRoutes(services));
  app.use(loginRoutes());
  app.use(accessibilityRoutes());

  app.use(notFound);
  app.use(errorHandler(services.logger));
  return app;
}
