import { Router } from 'express';
import type { Services } from '../services';

const SHOWN = 50;

/** "2026-11-24 09:01:02", Swedish time. */
const swedishTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * /dev/sms: the SMS the portal would have sent (login codes among them), for a developer or a
 * tester. It exists only in development and test, and only while messages go to the outbox;
 * anywhere else the path is an ordinary 404.
 */
export default function devSmsRoutes({ config, smsOutbox }: Services): Router {
  const router = Router();
  const forDevelopment = config.environment === 'development' || config.environment === 'test';
  if (!forDevelopment || !smsOutbox) return router;

  router.get('/dev/sms', async (_req, res) => {
    const messages = await smsOutbox.list(SHOWN);
    res.render('pages/dev-sms', {
      shown: SHOWN,
      messages: messages.map((message) => ({
        to: message.to,
        time: swedishTime.format(message.createdAt),
        isoTime: message.createdAt.toISOString(),
        text: message.text,
      })),
    });
  });
  return router;
}
