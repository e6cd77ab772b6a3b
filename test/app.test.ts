import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { createApp } from '../app';
import { MunicipalityService } from '../services/municipalities';
import { productionLikeEnv } from './helpers/production-env';
import { agentFor, cookiesOf, csrfTokenOf, getPage, textOf } from './helpers/http';
import {
  createTestApp,
  createTestServices,
  useTestApp,
  type TestServices,
} from './helpers/test-services';

/** Chooses a municipality (the first thing a session is made for) and returns its session cookie. */
async function sessionCookieAfterChoosing(
  app: Parameters<typeof request>[0],
  headers: Record<string, string> = {},
): Promise<string> {
  // By hand, not with an agent: its cookie jar would hold Secure cookies back over plain http.
  const form = await request(app).get('/kommun').set(headers);
  const response = await request(app)
    .post('/kommun')
    .set(headers)
    .set('Cookie', cookiesOf(form).join('; '))
    .type('form')
    .send({ kommun: '9901', _csrf: csrfTokenOf(cheerio.load(form.text)) });
  const cookies = (response.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return cookies.find((cookie) => /^(__Host-)?portal\.sid=/.test(cookie)) ?? '';
}

describe('the app', () => {
  const testApp = useTestApp();

  it('shows the start page in Swedish with both ways to apply', async () => {
    const { response, $ } = await getPage(agentFor(testApp().app), '/');
    assert.equal(response.status, 200);
    assert.equal($('html').attr('lang'), 'sv');
    assert.equal(textOf($, 'h1'), 'Ansök om ekonomiskt bistånd');
    assert.equal($('a.button:contains("Logga in")').attr('href'), '/logga-in');
    assert.equal($('a:contains("Fyll i ansökan utan att logga in")').attr('href'), '/kommun');
    assert.equal($('a.skip-link').attr('href'), '#main');
    assert.equal($('main#main').length, 1);
    assert.equal(
      $('footer a:contains("Tillgänglighetsredogörelse")').attr('href'),
      '/tillganglighet',
    );
    assert.equal($('link[rel=stylesheet][href^="/assets/fkui/fkui.min."]').length, 1);
  });

  it('SEC-21 sends a strict Content-Security-Policy and refuses framing', async () => {
    const response = await request(testApp().app).get('/');
    const csp = response.headers['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      assert.ok(csp.includes(directive), `CSP lacks ${directive}: ${csp}`);
    }
    assert.ok(!csp.includes('unsafe-inline'));
    assert.ok(!csp.includes('unsafe-eval'));
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['x-powered-by'], undefined);
  });

  it('denies the page camera, microphone, location and payment (Permissions-Policy)', async () => {
    for (const path of ['/', '/kommun', '/finns-inte']) {
      const response = await request(testApp().app).get(path);
      const policy = response.headers['permissions-policy'] ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) {
        assert.ok(policy.includes(`${feature}=()`), `${path}: ${feature} in "${policy}"`);
      }
    }
  });

  it('SEC-11 pages are never cached', async () => {
    for (const path of ['/', '/kommun', '/finns-inte']) {
      const response = await request(testApp().app).get(path);
      assert.equal(response.headers['cache-control'], 'no-store', path);
    }
  });

  it('SEC-19 a POST without a CSRF token gets 403 and a friendly page, and changes nothing', async () => {
    const agent = agentFor(testApp().app);
    await getPage(agent, '/kommun');
    const response = await agent.post('/kommun').type('form').send({ kommun: '9901' });
    assert.equal(response.status, 403);
    const $ = cheerio.load(response.text);
    assert.equal(textOf($, 'h1'), 'Sidan har varit öppen för länge');
    const { $: start } = await getPage(agent, '/');
    assert.equal(start('header').text().includes('Exempelby'), false);
  });

  it('SEC-19 a POST with another session’s token gets 403', async () => {
    const { $ } = await getPage(agentFor(testApp().app), '/kommun');
    const stranger = agentFor(testApp().app);
    await getPage(stranger, '/kommun');
    const response = await stranger
      .post('/kommun')
      .type('form')
      .send({ kommun: '9901', _csrf: csrfTokenOf($) });
    assert.equal(response.status, 403);
  });

  it('shows a Swedish 404 page', async () => {
    const response = await request(testApp().app).get('/finns-inte');
    assert.equal(response.status, 404);
    const $ = cheerio.load(response.text);
    assert.equal(textOf($, 'h1'), 'Sidan hittades inte');
    assert.equal($('a:contains("Gå till startsidan")').attr('href'), '/');
  });

  it('SEC-23 a body over the limit gets 413 and a clear page, not a crash', async () => {
    const agent = agentFor(testApp().app);
    const { $ } = await getPage(agent, '/kommun');
    const response = await agent
      .post('/kommun')
      .type('form')
      .send({ kommun: 'x'.repeat(600_000), _csrf: csrfTokenOf($) });
    assert.equal(response.status, 413);
    const page = cheerio.load(response.text);
    assert.equal(textOf(page, 'h1'), 'Det du skickade är för stort');
    assert.match(textOf(page, 'main'), /Inget av det du skickade är sparat\. Gå tillbaka/);
  });
});

describe('the error page', () => {
  let opened: TestServices;
  before(async () => {
    opened = await createTestServices();
  });
  after(async () => {
    await opened.cleanup();
  });

  it('a thrown error shows a friendly page with a reference id and no stack trace', async () => {
    class BrokenMunicipalities extends MunicipalityService {
      override list(): Promise<never> {
        return Promise.reject(new Error('database exploded at /secret/path.ts:12'));
      }
    }
    const failing = {
      ...opened.services,
      municipalities: new BrokenMunicipalities(opened.services.database.db),
    };
    const response = await request(createApp(failing)).get('/kommun');
    assert.equal(response.status, 500);
    const $ = cheerio.load(response.text);
    assert.equal(textOf($, 'h1'), 'Något gick fel');
    const requestId = response.headers['x-request-id'] ?? '';
    assert.match(requestId, /^[0-9a-f-]{36}$/);
    assert.ok(textOf($, 'main').includes(`säg referensnumret: ${requestId}.`));
    assert.ok(!response.text.includes('exploded'));
    assert.ok(!response.text.includes('.ts:'));
    assert.ok(!/at \w+ \(/.test(response.text));
  });
});

describe('session cookie', () => {
  it('SEC-9 is HttpOnly, SameSite=Lax, without Domain, and not Secure over plain http', async () => {
    const opened = await createTestApp();
    try {
      const cookie = await sessionCookieAfterChoosing(opened.app);
      assert.match(cookie, /^portal\.sid=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Domain=/i);
      assert.doesNotMatch(cookie, /Secure/);
    } finally {
      await opened.cleanup();
    }
  });

  it('SEC-9 is Secure behind a trusted https proxy', async () => {
    const opened = await createTestApp({
      env: productionLikeEnv,
    });
    try {
      const response = await request(opened.app).get('/kommun').set('X-Forwarded-Proto', 'https');
      assert.match(response.headers['strict-transport-security'] ?? '', /max-age=/);
      const cookie = await sessionCookieAfterChoosing(opened.app, { 'X-Forwarded-Proto': 'https' });
      // __Host-: the browser takes it only over https, for this host alone, on every path.
      assert.match(cookie, /^__Host-portal\.sid=/);
      assert.match(cookie, /; Secure/);
      assert.match(cookie, /Path=\//);
    } finally {
      await opened.cleanup();
    }
  });

  it('the start page alone creates no session', async () => {
    const opened = await createTestApp();
    try {
      const response = await request(opened.app).get('/');
      assert.equal(response.headers['set-cookie'], undefined);
    } finally {
      await opened.cleanup();
    }
  });
});
