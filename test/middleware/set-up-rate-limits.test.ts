import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type session from 'express-session';
import type { Response } from 'supertest';
import { createApp } from '../../app';
import { sessionCookieName } from '../../middleware/set-up-session';

const SESSION_COOKIE = sessionCookieName(false);
import { createServices, type Services } from '../../services';
import { fillApplication } from '../helpers/application';
import { agentFor, csrfTokenOf, textOf, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

/**
 * Chooses a municipality at /kommun as a visitor at `address` (behind the trusted proxy):
 * `kommun: ''` is the realistic mistake of pressing Fortsätt without choosing.
 */
async function chooseMunicipality(agent: Agent, address: string, kommun = '9901') {
  const form = await agent.get('/kommun').set('X-Forwarded-For', address);
  return agent
    .post('/kommun')
    .set('X-Forwarded-For', address)
    .type('form')
    .send({ kommun, _csrf: csrfTokenOf(cheerio.load(form.text)) });
}

/** Gives the agent a session as the app stores it once started, and its signed cookie. */
async function startSession(services: Services, agent: Agent) {
  const sid = randomBytes(24).toString('base64url');
  const now = services.clock.now();
  const lifetime = services.config.session.idleMinutes * 60_000;
  const stored: unknown = {
    cookie: {
      originalMaxAge: lifetime,
      expires: new Date(now.getTime() + lifetime).toISOString(),
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      secure: false,
    },
    startedAt: now.getTime(),
    municipalityCode: '9901',
  };
  await services.sessionStore.insert(sid, stored as session.SessionData);
  const signature = createHmac('sha256', services.config.session.secret)
    .update(sid)
    .digest('base64')
    .replace(/=+$/, '');
  agent.jar.setCookie(
    `${SESSION_COOKIE}=${encodeURIComponent(`s:${sid}.${signature}`)}; Path=/`,
    '127.0.0.1',
    '/',
  );
}

/**
 * Per-session limits apply to a started session (`startedAt`, set when the session is first
 * stored); makes sure the agent's own session is one, whichever code path stored it.
 */
async function ensureStarted(services: Services, agent: Agent) {
  // The session cookie rolls, so every response sets it again.
  const response = await agent.get('/');
  const cookies = (response.headers['set-cookie'] ?? []) as string[];
  const cookie = cookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  assert.ok(cookie, 'the agent has a session');
  const signed = decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '');
  const sid = signed.slice('s:'.length, signed.lastIndexOf('.'));
  const stored = await services.sessionStore.read(sid);
  assert.ok(stored, 'the session is stored');
  stored.startedAt ??= services.clock.now().getTime();
  await services.sessionStore.update(sid, stored);
}

function assertTooManyRequests(response: Response, minutes: number) {
  assert.equal(response.status, 429);
  assert.equal(response.headers['retry-after'], String(minutes * 60));
  assert.equal(response.headers['cache-control'], 'no-store');
  const $ = cheerio.load(response.text);
  assert.equal(textOf($, 'h1'), 'För många försök');
  assert.ok(
    textOf($, 'main').includes(
      `Du har gjort för många försök på kort tid. Försök igen om ${minutes} minuter.`,
    ),
    textOf($, 'main'),
  );
  assert.equal($('main a:contains("Gå till startsidan")').attr('href'), '/');
}

describe('rate limits on form posts', () => {
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  const testApp = useTestApp({
    clock,
    env: {
      TRUST_PROXY: 'true',
      RATE_LIMIT_NEW_SESSIONS_PER_IP: '3/3m',
      RATE_LIMIT_POSTS_PER_IP: '8/10m',
      RATE_LIMIT_POSTS_PER_SESSION: '3/5m',
    },
  });

  it('a fourth new visitor from one address within the window gets the Swedish 429 page', async () => {
    const { app } = testApp();
    for (let visitor = 1; visitor <= 3; visitor++) {
      const chosen = await chooseMunicipality(agentFor(app), '203.0.113.1');
      assert.equal(chosen.status, 303, `visitor ${visitor}`);
    }
    assertTooManyRequests(await chooseMunicipality(agentFor(app), '203.0.113.1'), 3);

    const elsewhere = await chooseMunicipality(agentFor(app), '203.0.113.2');
    assert.equal(elsewhere.status, 303, 'a visitor from another address is not affected');
  });

  it('counts IPv6 visitors by their /64: new addresses in the same network share its limit', async () => {
    const { app } = testApp();
    for (let visitor = 1; visitor <= 3; visitor++) {
      const chosen = await chooseMunicipality(agentFor(app), `2001:db8:1:2::${visitor}`);
      assert.equal(chosen.status, 303, `visitor ${visitor}`);
    }
    assertTooManyRequests(await chooseMunicipality(agentFor(app), '2001:db8:1:2:a:b:c:d'), 3);
    const otherNetwork = await chooseMunicipality(agentFor(app), '2001:db8:1:3::1');
    assert.equal(otherNetwork.status, 303, 'the next /64 is another network');
  });

  it('says "1 minut" when less than a minute is left, and speaks English to English readers', async () => {
    const { app } = testApp();
    for (let visitor = 1; visitor <= 3; visitor++) {
      await chooseMunicipality(agentFor(app), '203.0.113.9');
    }
    clock.advanceMinutes(2.5);
    const late = await chooseMunicipality(agentFor(app), '203.0.113.9');
    assert.equal(late.status, 429);
    assert.equal(late.headers['retry-after'], '30');
    assert.ok(
      textOf(cheerio.load(late.text), 'main').includes('Försök igen om 1 minut.'),
      late.text,
    );

    const english = agentFor(app);
    await english.get('/sprak/en');
    const refused = await chooseMunicipality(english, '203.0.113.9');
    assert.equal(refused.status, 429);
    const $ = cheerio.load(refused.text);
    assert.equal(textOf($, 'h1'), 'Too many attempts');
    assert.ok(textOf($, 'main').includes('Try again in 1 minute.'));
  });

  it('counts a started session on its own: one that posts too often is refused, not its neighbour', async () => {
    const { app, services } = testApp();
    const busy = agentFor(app);
    const neighbour = agentFor(app);
    await startSession(services, busy);
    await startSession(services, neighbour);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const response = await chooseMunicipality(busy, '203.0.113.3', '');
      assert.equal(response.status, 400, `attempt ${attempt}`);
      assert.ok(response.text.includes('Välj den kommun där du bor'));
    }
    assertTooManyRequests(await chooseMunicipality(busy, '203.0.113.3', ''), 5);

    const next = await chooseMunicipality(neighbour, '203.0.113.3', '');
    assert.equal(next.status, 400, 'the other session on the same address goes on');
    const newSessions = await services.rateLimits.attempts({
      limit: 'newSessionsPerIp',
      key: '203.0.113.3',
    });
    assert.equal(newSessions, 0, 'posts in a started session are not new sessions');
  });

  it('counts an address over all its sessions, with a higher limit, and never counts GETs', async () => {
    const { app, services } = testApp();
    const households = [agentFor(app), agentFor(app), agentFor(app)];
    for (const household of households) await startSession(services, household);
    const [first, second, third] = households as [Agent, Agent, Agent];
    for (const household of [first, first, first, second, second, second, third, third]) {
      const response = await chooseMunicipality(household, '203.0.113.4', '');
      assert.equal(response.status, 400);
    }
    assertTooManyRequests(await chooseMunicipality(third, '203.0.113.4', ''), 10);

    const other = agentFor(app);
    await startSession(services, other);
    assert.equal((await chooseMunicipality(other, '203.0.113.5', '')).status, 400);
  });

  it('two app instances on the same database share the counters', async () => {
    const { app, services } = testApp();
    const secondServices = createServices(services.config, { clock });
    try {
      const secondApp = createApp(secondServices);
      assert.equal((await chooseMunicipality(agentFor(app), '203.0.113.6')).status, 303);
      assert.equal((await chooseMunicipality(agentFor(secondApp), '203.0.113.6')).status, 303);
      assert.equal((await chooseMunicipality(agentFor(app), '203.0.113.6')).status, 303);
      assertTooManyRequests(await chooseMunicipality(agentFor(secondApp), '203.0.113.6'), 3);
    } finally {
      await secondServices.close();
    }
  });
});

describe('rate limits on PDFs', () => {
  const testApp = useTestApp({
    clock: new ManualClock('2026-11-24T09:30:00+01:00'),
    env: {
      RATE_LIMIT_PDFS_PER_SESSION: '2/10m',
      RATE_LIMIT_PDFS_PER_IP: '4/10m',
    },
  });

  /** Fills the application and follows the links to the PDF, as a family would. */
  async function pdfLinkAfterFilling(agent: Agent): Promise<string> {
    await fillApplication(agent);
    await ensureStarted(testApp().services, agent);
    const review = cheerio.load((await agent.get('/ansokan').redirects(5)).text);
    const donePath = review('a:contains("Gå vidare till utskrift")').attr('href');
    assert.ok(donePath, 'the review page links on to printing');
    const done = cheerio.load((await agent.get(donePath)).text);
    const pdfPath = done('a:contains("Ladda ner ansökan (PDF)")').attr('href');
    assert.ok(pdfPath, 'the print page links to the PDF');
    return pdfPath;
  }

  it('a session may print a few times, then waits; the address has a limit of its own', async () => {
    const { app } = testApp();
    const family = agentFor(app);
    const neighbours = agentFor(app);
    const familyPdf = await pdfLinkAfterFilling(family);
    const neighboursPdf = await pdfLinkAfterFilling(neighbours);

    for (let print = 1; print <= 2; print++) {
      const pdf = await family.get(familyPdf);
      assert.equal(pdf.status, 200, `print ${print}`);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
    }
    assertTooManyRequests(await family.get(familyPdf), 10);

    // The address has had 3 of its 4; the neighbours' first is the 4th, their second the 5th.
    assert.equal((await neighbours.get(neighboursPdf)).status, 200);
    assertTooManyRequests(await neighbours.get(neighboursPdf), 10);
  });
});

describe('rate limits when the database cannot count', () => {
  const logLines: string[] = [];
  const testApp = useTestApp({
    env: { LOG_LEVEL: 'warn' },
    logDestination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  });

  it('lets the visitor through and logs the failure', async () => {
    const { app, services } = testApp();
    await services.database.db.schema.dropTable('rate_limit').execute();
    const chosen = await chooseMunicipality(agentFor(app), '127.0.0.1');
    assert.equal(chosen.status, 303);
    assert.equal(chosen.headers.location, '/ansokan');
    assert.ok(
      logLines.some((line) => line.includes('rate limits could not be checked')),
      logLines.join(''),
    );
  });
});
