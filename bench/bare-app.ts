import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

/**
 * The yardstick for page speed: Express 5 rendering one EJS view and nothing else, with the view
 * cache on as in production.
 */
export function createBareApp(): express.Application {
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', join(dirname(fileURLToPath(import.meta.url)), 'views'));
  app.set('view cache', true);
  app.get('/', (_req, res) => {
    res.render('bare', { title: 'Ekonomiskt bistånd', text: 'Ansök om ekonomiskt bistånd.' });
  });
  return app;
}
