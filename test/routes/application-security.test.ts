import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { ManualClock } from '../helpers/manual-clock';
import {
  answersFor,
  chooseMunicipality,
  downloadPdf,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  rowVersionOf,
  sessionCookieOf,
  sessionIdIn,
  storedApplication,
} from '../helpers/application';
import { buttonNamed } from '../helpers/fields';
import { agentFor, cookiesOf, csrfTokenOf, getPage, textOf } from '../helpers/http';
import { answersIn, reviewAnswers } from '../helpers/review';
import { createTestApp, useTestApp } from '../helpers/test-services';

const BASE = '/ansokan/ekonomiskt-bistand';

/** Every page of the journey that reads the draft. */
const journeyPages = [
  ...familyAnswers.map(([stepId]) => `${BASE}/${stepId}`),
  `${BASE}/granska`,
  `${BASE}/klar`,
  `${BASE}/ansokan.pdf`,
  `${BASE}/avbryt`,
];

/** Cookies by name, later ones replacing earlier ones, as a browser keeps them. */
function merged(...lists: string[][]): string[] {
  const byName = new Map<string, string>();
  for (const cookie of lists.flat()) byName.set(cookie.slice(0, cookie.indexOf('=')), cookie);
  return [...byName.values()];
}

/**
 * Opens a form and posts it as a browser holding exactly these cookies would (no cookie jar, so a
 * cookie can be planted). Returns the answer and the cookies the browser holds afterwards.
 */
async function postWithCookies(
  app: Parameters<typeof request>[0],
  cookies: string[],
  path: string,
  fields: Record<string, string>,
) {
  const page = await request(app).get(path).set('Cookie', cookies.join('; '));
  const $ = cheerio.load(page.text);
  const held = merged(cookies, cookiesOf(page));
  const version = $('input[name="_version"]').val();
  const response = await request(app)
    .post(path)
    .set('Cookie', held.join('; '))
    .type('form')
    .send({
      ...fields,
      _csrf: csrfTokenOf($),
      ...(typeof version === 'string' ? { _version: version } : {}),
    });
  return { response, cookies: merged(held, cookiesOf(response)) };
}

const sessionCookieIn = (cookies: string[]) =>
  cookies.find((cookie) => cookie.startsWith('portal.sid=')) ?? '';

describe('security of the application journey', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('SEC-11 every page with personal data, the PDF and a page sent back with errors say Cache-Control: no-store', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    for (const path of journeyPages) {
      const response = path.endsWith('.pdf') ? await downloadPdf(agent) : await agent.get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['cache-control'], 'no-store', path);
    }
    const rejected = await postStep(agent, 'om-dig', { ...answersFor('om-dig'), phone: 'x' });
    assert.equal(rejected.status, 400);
    assert.equal(rejected.headers['cache-control'], 'no-store');
  });

  it('SEC-11 "Avbryt och radera" ends the visit only by a POST; afterwards the old cookie opens nothing', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const record = await storedApplication(testApp().services, agent);
    assert.ok(record);
    const oldCookie = sessionCookieOf(agent);
    const sessionId = sessionIdIn(oldCookie);

    // Opening the page only asks.
    const { $ } = await getPage(agent, `${BASE}/avbryt`);
    assert.ok(await storedApplication(testApp().services, agent), 'a GET deletes nothing');
    const confirm = buttonNamed($, 'Ja, radera mina uppgifter');
    assert.equal(confirm.closest('form').attr('method'), 'post');

    const deleted = await agent
      .post(confirm.closest('form').attr('action') ?? '')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(deleted.status, 303);
    assert.equal(await testApp().services.sessionStore.read(sessionId), null, 'session row gone');
    assert.equal(
      await testApp().services.applications.find({ kind: 'anonymous' }, record.id),
      undefined,
      'application row gone',
    );
    // The signed cookie as it was, replayed: it opens nothing.
    for (const path of [`${BASE}/granska`, `${BASE}/om-dig`, `${BASE}/ansokan.pdf`]) {
      const replay = await request(testApp().app).get(path).set('Cookie', oldCookie);
      assert.equal(replay.status, 303, path);
      assert.equal(replay.headers.location, '/kommun', path);
    }
  });

  it('SEC-28 the PDF is a checked download: attachment, nosniff, no-store, and only for its own visitor', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const pdf = await downloadPdf(agent);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(
      pdf.headers['content-disposition'],
      'attachment; filename="ansokan-ekonomiskt-bistand-2026-12.pdf"',
    );
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    assert.equal(pdf.headers['cache-control'], 'no-store');
    const stranger = await request(testApp().app).get(`${BASE}/ansokan.pdf`);
    assert.equal(stranger.status, 303);
    assert.equal(stranger.headers.location, '/kommun');
    const other = agentFor(testApp().app);
    await chooseMunicipality(other);
    const unfinished = await other.get(`${BASE}/ansokan.pdf`);
    assert.equal(unfinished.headers.location, `${BASE}/period`);
    assert.notEqual(unfinished.headers['content-type'], 'application/pdf');
  });

  it('SEC-19 every state-changing request of the journey without a valid token gets 403 and changes nothing', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const before = await storedApplication(testApp().services, agent);
    assert.ok(before);
    const stranger = agentFor(testApp().app);
    const { $: strangerPage } = await getPage(stranger, '/kommun');
    const tokens = [undefined, 'forged-token', csrfTokenOf(strangerPage)];

    for (const [stepId, answers] of familyAnswers) {
      for (const token of tokens) {
        const { $ } = await getPage(agent, `${BASE}/${stepId}`);
        const response = await agent
          .post(`${BASE}/${stepId}`)
          .type('form')
          .send({
            ...answers,
            _action: 'next',
            _version: rowVersionOf($),
            ...(token ? { _csrf: token } : {}),
          });
        assert.equal(response.status, 403, `${stepId} with token ${String(token)}`);
        assert.equal(textOf(cheerio.load(response.text), 'h1'), 'Sidan har varit öppen för länge');
      }
    }
    for (const token of tokens) {
      const cancel = await agent
        .post(`${BASE}/avbryt`)
        .type('form')
        .send(token ? { _csrf: token } : {});
      assert.equal(cancel.status, 403, `avbryt with token ${String(token)}`);
      const choose = await agent
        .post('/kommun')
        .type('form')
        .send({ kommun: '9902', ...(token ? { _csrf: token } : {}) });
      assert.equal(choose.status, 403, `kommun with token ${String(token)}`);
    }
    // And no GET changes anything either.
    for (const path of journeyPages) await agent.get(path);
    await agent.get('/ansokan/forlang');

    const after = await storedApplication(testApp().services, agent);
    assert.ok(after, 'the draft is still there');
    assert.equal(after.rowVersion, before.rowVersion);
    assert.deepEqual(after.draft, before.draft);
    const { $: start } = await getPage(agent, '/');
    assert.ok(textOf(start, 'header').includes('Exempelby kommun'));
  });

  it('SEC-14 one applicant never reaches another’s draft, not even by posting its id', async () => {
    const first = agentFor(testApp().app);
    await fillApplication(first);
    const theirs = await storedApplication(testApp().services, first);
    assert.ok(theirs);
    const { response: theirReview } = await getPage(first, `${BASE}/granska`);
    assert.ok(!theirReview.text.includes(theirs.id), 'the draft id is on no page');

    const second = agentFor(testApp().app);
    await fillApplication(second, familyAnswers.slice(0, 1));
    for (const field of ['id', 'draftId', 'applicationId', '_draft']) {
      const response = await postStep(second, 'om-dig', {
        ...answersFor('om-dig'),
        [field]: theirs.id,
      });
      assert.equal(response.status, 400, field);
    }
    for (const path of [`${BASE}/granska`, `${BASE}/klar`, `${BASE}/ansokan.pdf`]) {
      const response = await second.get(path);
      assert.equal(response.headers.location, `${BASE}/om-dig`, path);
    }
    const { $ } = await getPage(second, `${BASE}/om-dig`);
    assert.ok(!textOf($, 'main').includes('Łukasz'));
    const mine = await storedApplication(testApp().services, second);
    assert.notEqual(mine?.id, theirs.id);
    const untouched = await testApp().services.applications.find({ kind: 'anonymous' }, theirs.id);
    assert.equal(untouched?.rowVersion, theirs.rowVersion);
    const { $: stillTheirs } = await getPage(first, `${BASE}/granska`);
    assert.deepEqual(answersIn(reviewAnswers(stillTheirs), 'Om dig')[0], ['Förnamn', 'Łukasz']);
  });

  it('SEC-8 a draft starts under a new session id: a planted or earlier id is worthless', async () => {
    const { app, services } = testApp();
    // Someone gets a session id of their own and plants it in another person's browser.
    const planted = await postWithCookies(app, [], '/kommun', { kommun: '9901' });
    const plantedCookie = sessionCookieIn(cookiesOf(planted.response));
    assert.ok(plantedCookie);
    const plantedId = sessionIdIn(plantedCookie);

    const chosen = await postWithCookies(app, [plantedCookie], '/kommun', { kommun: '9902' });
    const saved = await postWithCookies(app, chosen.cookies, `${BASE}/period`, {
      ...(answersFor('period') as Record<string, string>),
      _action: 'next',
    });
    assert.equal(saved.response.status, 303);
    assert.equal(saved.response.headers.location, `${BASE}/om-dig`);
    const ownCookie = sessionCookieIn(cookiesOf(saved.response));
    assert.ok(ownCookie, 'the first save sets a new session cookie');
    assert.notEqual(sessionIdIn(ownCookie), plantedId);
    assert.equal(await services.sessionStore.read(plantedId), null, 'the planted id is gone');

    const withPlanted = await request(app).get(`${BASE}/period`).set('Cookie', plantedCookie);
    assert.equal(withPlanted.headers.location, '/kommun', 'the planted id opens nothing');
    const withOwn = await request(app).get(`${BASE}/period`).set('Cookie', ownCookie);
    assert.equal(cheerio.load(withOwn.text)('input[name=period]:checked').val(), '2026-12');
  });

  it('SEC-22 form fields named like template settings are refused and never reach the page', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const injected = {
      stepTitle: 'INJICERAT',
      stepIntro: 'INJICERAT',
      notice: 'INJICERAT',
      formAction: 'https://evil.example/',
      t: 'INJICERAT',
      settings: 'INJICERAT',
      'settings[view options][delimiter]': '?',
      'settings[view options][outputFunctionName]': 'x;process.exit(1);s',
      delimiter: '?',
      client: 'true',
      escapeFunction: 'JSON.stringify',
      cache: 'true',
    };
    for (const [stepId, answers] of familyAnswers) {
      const response = await postStep(agent, stepId, { ...answers, ...injected });
      assert.equal(response.status, 400, stepId);
      const $ = cheerio.load(response.text);
      assert.ok(!response.text.includes('INJICERAT'), `${stepId}: nothing posted is echoed`);
      assert.ok(!response.text.includes('<%'), `${stepId}: the template was not rebuilt`);
      assert.equal($('form[action^="https:"]').length, 0);
      assert.equal(textOf($, 'h1').length > 0, true);
      assert.equal((await postStep(agent, stepId, answers)).status, 303, `${stepId} accepted`);
    }
    const query = await agent.get(
      `${BASE}/granska?stepTitle=INJICERAT&settings%5Bview%20options%5D%5Bdelimiter%5D=%3F`,
    );
    assert.equal(query.status, 200);
    assert.ok(!query.text.includes('INJICERAT'));
    const { $: choose } = await getPage(agent, '/kommun');
    const municipality = await agent
      .post('/kommun')
      .type('form')
      .send({
        ...injected,
        municipalities: 'INJICERAT',
        chosen: 'INJICERAT',
        _csrf: csrfTokenOf(choose),
      });
    assert.equal(municipality.status, 400);
    assert.ok(!municipality.text.includes('INJICERAT'));
  });
});

describe('session limits with an injected clock', () => {
  it('SEC-10 after 30 idle minutes the visit is over: the draft opens no more', async () => {
    const clock = new ManualClock(fixedClock.now().toISOString());
    const opened = await createTestApp({ clock });
    try {
      const agent = agentFor(opened.app);
      await fillApplication(agent, familyAnswers.slice(0, 2));
      clock.advanceMinutes(29);
      assert.equal((await agent.get(`${BASE}/medsokande`)).status, 200, 'still there at 29');
      clock.advanceMinutes(31);
      const late = await agent.get(`${BASE}/medsokande`);
      assert.equal(late.headers.location, '/sessionen-slut', 'told, not sent to "Välj kommun"');
      assert.equal(await storedApplication(opened.services, agent), undefined);
      const { $ } = await getPage(agent, '/sessionen-slut');
      assert.equal(textOf($, 'h1'), 'Vi har avslutat ditt besök');
      // Told once: starting again from here is a new visit.
      assert.equal((await agent.get(`${BASE}/medsokande`)).headers.location, '/kommun');
    } finally {
      await opened.cleanup();
    }
  });

  it('SEC-10 an active visit still ends after 12 hours, and its draft is deleted', async () => {
    const clock = new ManualClock(fixedClock.now().toISOString());
    const opened = await createTestApp({ clock });
    try {
      const agent = agentFor(opened.app);
      await fillApplication(agent, familyAnswers.slice(0, 2));
      const record = await storedApplication(opened.services, agent);
      assert.ok(record);
      // Active all the while: a page every 25 minutes, up to 11 h 40 min.
      for (let minutes = 25; minutes < 12 * 60; minutes += 25) {
        clock.advanceMinutes(25);
        assert.equal((await agent.get(`${BASE}/medsokande`)).status, 200, `${minutes} min`);
      }
      clock.advanceMinutes(25);
      const ended = await agent.get(`${BASE}/medsokande`);
      assert.equal(ended.headers.location, '/?sessionen=slut');
      const { $ } = await getPage(agent, '/?sessionen=slut');
      assert.ok(textOf($, 'main').includes('Du har varit här i mer än 12 timmar'));
      assert.equal(
        await opened.services.applications.find({ kind: 'anonymous' }, record.id),
        undefined,
      );
      assert.equal((await agent.get(`${BASE}/medsokande`)).headers.location, '/kommun');
    } finally {
      await opened.cleanup();
    }
  });
});
