import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { setUpSharedPages } from '../../middleware/set-up-shared-pages';
import { chooseMunicipality } from '../helpers/application';
import { agentFor, getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('pages shared by visitors without a session', () => {
  const testApp = useTestApp();
  // As in production, where the shared copies are kept.
  const app = () => {
    testApp().app.enable('view cache');
    return testApp().app;
  };

  for (const path of ['/', '/tillganglighet']) {
    it(`${path} is served the same as the route renders it, in the visitor's language`, async () => {
      for (const cookie of [undefined, 'lang=sv', 'lang=en']) {
        const get = (url: string) => {
          const pending = request(app()).get(url);
          return cookie ? pending.set('Cookie', cookie) : pending;
        };
        // Twice from memory, once through the route (a query string always takes the route).
        const first = await get(path);
        const again = await get(path);
        const routed = await get(`${path}?fran=test`);
        assert.equal(first.status, 200);
        // The routed page's language switch keeps its query: the one difference there may be.
        const routedText = routed.text.replaceAll('%3Ffran%3Dtest', '');
        assert.equal(first.text, routedText, `${path} with ${cookie ?? 'no cookie'}`);
        assert.equal(again.text, first.text);
        assert.match(first.text, cookie === 'lang=en' ? /<html lang="en">/ : /<html lang="sv">/);
      }
    });
  }

  it('a shared page keeps the headers of every page and sets no cookie', async () => {
    await request(app()).get('/');
    const response = await request(app()).get('/');
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.match(response.headers['content-type'] ?? '', /^text\/html; charset=utf-8/);
    assert.match(response.headers['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.match(response.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('a visitor with a session gets the page rendered for them, with their municipality', async () => {
    const agent = agentFor(app());
    await getPage(agent, '/');
    await chooseMunicipality(agent);
    const { $ } = await getPage(agent, '/');
    assert.match(textOf($, 'main'), /Du söker hos Exempelby kommun/);
    const { $: statement } = await getPage(agent, '/tillganglighet');
    assert.equal(
      statement('a:contains("Skicka e-post till Exempelby kommun")').attr('href'),
      'mailto:ekonomisktbistand@exempelby.example',
    );
    const { $: anonymous } = await getPage(agentFor(app()), '/');
    assert.doesNotMatch(textOf(anonymous, 'main'), /Exempelby/);
  });

  it('a shared page cannot hold a CSRF token: asking for one fails instead of sharing it', async () => {
    const views = mkdtempSync(join(tmpdir(), 'shared-views-'));
    try {
      writeFileSync(join(views, 'form.ejs'), '<input name="_csrf" value="<%= csrfToken() %>">');
      const bare = express();
      bare.set('views', views);
      bare.set('view engine', 'ejs');
      bare.use(setUpSharedPages(bare, 'sid', [{ path: '/form', view: 'form', locals: {} }]));
      const showMessage: express.ErrorRequestHandler = (error: unknown, _req, res, next) => {
        if (error instanceof Error) res.status(500).send(error.message);
        else next(error);
      };
      bare.use(showMessage);
      const response = await request(bare).get('/form');
      assert.equal(response.status, 500);
      assert.match(response.text, /cannot hold a CSRF token/);
    } finally {
      rmSync(views, { recursive: true, force: true });
    }
  });
});
