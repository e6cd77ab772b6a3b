import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createApp } from '../app';
import { createServices } from '../services';
import { databaseTargets } from './helpers/database-targets';
import { cookiesOf, csrfTokenOf, textOf } from './helpers/http';
import * as cheerio from 'cheerio';

/**
 * Two app instances on one database, as behind a load balancer: a session written through one
 * is read through the other.
 */
for (const target of databaseTargets()) {
  describe(`two app instances on ${target.name}`, { skip: target.skip }, () => {
    it('SEC-13 share sessions (never MemoryStore, in any mode): a value set through one is read through the other', async () => {
      const first = await target.open();
      const second = createServices(first.services.config);
      try {
        const appOne = createApp(first.services);
        const appTwo = createApp(second);

        const form = await request(appOne).get('/kommun');
        const csrfCookie = cookiesOf(form)[0] ?? '';
        const token = csrfTokenOf(cheerio.load(form.text));
        const chosen = await request(appOne)
          .post('/kommun')
          .set('Cookie', csrfCookie)
          .type('form')
          .send({ kommun: '9901', _csrf: token });
        assert.equal(chosen.status, 303);
        const cookie = [csrfCookie, ...cookiesOf(chosen)].join('; ');

        const elsewhere = await request(appTwo).get('/').set('Cookie', cookie);
        const $ = cheerio.load(elsewhere.text);
        assert.equal(textOf($, 'header').includes('Exempelby kommun'), true);

        // The CSRF token is signed with the shared secret, so a form opened on one instance
        // can be posted to the other.
        const onTwo = await request(appTwo)
          .post('/kommun')
          .set('Cookie', cookie)
          .type('form')
          .send({ kommun: '9902', _csrf: token });
        assert.equal(onTwo.status, 303);
        // Choosing again renews the session id: the new one is read through the first instance.
        const renewed = [csrfCookie, ...cookiesOf(onTwo)].join('; ');
        const back = await request(appOne).get('/').set('Cookie', renewed);
        assert.ok(back.text.includes('Provsala kommun'));
      } finally {
        await second.close();
        await first.cleanup();
      }
    });
  });
}
