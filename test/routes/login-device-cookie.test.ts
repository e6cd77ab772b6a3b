import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import request from 'supertest';
import type { Application } from 'express';
import type { Services } from '../../services';
import { agentFor, cookiesOf, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms, postPassword, type TestApplicant } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

const WRONG = 'helt fel lösenord för kontot';
let address = 0;

/** One wrong password from a new browser at a new address, as a guesser rotating addresses. */
async function guessFromElsewhere(app: Application, personnummer: string, cookie = '') {
  address += 1;
  const agent = request(app);
  const page = await agent.get('/logga-in');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const cookies = [...cookiesOf(page), cookie].filter(Boolean).join('; ');
  return agent
    .post('/logga-in')
    .set('X-Forwarded-For', `198.18.${Math.floor(address / 250)}.${(address % 250) + 1}`)
    .set('Cookie', cookies)
    .type('form')
    .send({ identitet: personnummer, losenord: WRONG, _csrf: token });
}

/** Guesses until the lock; returns after how many attempts it came. */
async function lockOut(app: Application, personnummer: string, cookie = '') {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const response = await guessFromElsewhere(app, personnummer, cookie);
    if (response.status === 429) return attempt;
    assert.equal(response.status, 401);
  }
  return Infinity;
}

/** Logs in with both factors; returns the device cookie (`name=value`) the browser got. */
async function deviceCookieAfterLogin(agent: Agent, services: Services, applicant: TestApplicant) {
  const response = await loginWithSms(agent, services, applicant);
  const cookie = cookiesOf(response).find((set) => set.startsWith('portal.device='));
  assert.ok(cookie, 'the browser is given a device cookie');
  return { cookie, response };
}

/** A browser that has nothing but the device cookie (the session ended, the tab closed). */
function browserWith(app: Application, cookie: string): Agent {
  const agent = agentFor(app);
  agent.jar.setCookie(`${cookie}; Path=/`, '127.0.0.1', '/');
  return agent;
}

const right = (applicant: TestApplicant) => ({
  identitet: applicant.personnummer,
  losenord: applicant.password,
});

describe('device cookies against lockout by a known personnummer', () => {
  const clock = new ManualClock('2026-11-25T10:00:00+01:00');
  const testApp = useTestApp({ clock, env: { TRUST_PROXY: 'true' } });

  it("SEC-1 device cookie: someone who locks the account from other addresses does not lock out the person's own browser", async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const { cookie, response } = await deviceCookieAfterLogin(agentFor(app), services, applicant);
    const header = cookiesHeader(response).find((set) => set.startsWith('portal.device='));
    assert.match(header ?? '', /HttpOnly/i);
    assert.match(header ?? '', /SameSite=Strict/i);
    assert.match(header ?? '', /Path=\//);
    assert.match(header ?? '', /Max-Age=15552000/);
    assert.doesNotMatch(header ?? '', /Domain=/i);
    assert.ok(!cookie.includes(applicant.personnummer) && !cookie.includes(applicant.account.id));

    assert.ok((await lockOut(app, applicant.personnummer)) <= 11);
    // Every other browser is locked out, and is told where it may still work.
    const elsewhere = await postPassword(agentFor(app), right(applicant));
    assert.equal(elsewhere.status, 429);
    const lockedPage = cheerio.load(elsewhere.text);
    // Said first in the title, and the focus starts on it, as on a page with errors.
    assert.match(lockedPage('title').text(), /^Fel: Logga in/);
    assert.equal(lockedPage('[autofocus]').attr('id'), 'stoppad');
    assert.match(
      textOf(lockedPage, '#stoppad'),
      /Har du loggat in förut på en annan dator eller telefon\? Där kan du oftast logga in som vanligt\./,
    );
    // The person's own browser logs in as usual, both steps.
    const own = browserWith(app, cookie);
    const password = await postPassword(own, right(applicant));
    assert.equal(password.status, 303);
    assert.equal(password.headers.location, '/logga-in/kod');
    await loginWithSms(browserWith(app, cookie), services, applicant);
  });

  it('SEC-1 a device cookie of another account, or a forged one, gives a guesser nothing', async () => {
    const { app, services } = testApp();
    const victim = await createApplicant(services);
    const guesser = await createApplicant(services);
    const { cookie: own } = await deviceCookieAfterLogin(agentFor(app), services, guesser);
    // With the guesser's own device cookie: counted against the victim's account as without one.
    assert.ok((await lockOut(app, victim.personnummer, own)) <= 11);
    const value = own.slice('portal.device='.length);
    const [version, issued, nonce, mac] = value.split('.');
    for (const forged of [
      own,
      `portal.device=${version}.${issued}.${nonce}.${mac?.split('').reverse().join('')}`,
      `portal.device=v1.${issued}.AAAAAAAAAAAAAAAAAAAAAA.${mac}`,
      'portal.device=v1.1.nonce.mac',
    ]) {
      const attempt = await postPassword(browserWith(app, forged), right(victim));
      assert.equal(attempt.status, 429, forged);
    }
  });

  it('SEC-1 a trusted browser that guesses wrong too often loses its trust: its own lockout, not the account’s', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const { cookie } = await deviceCookieAfterLogin(agentFor(app), services, applicant);
    assert.ok((await lockOut(app, applicant.personnummer, cookie)) <= 11);
    const own = await postPassword(browserWith(app, cookie), right(applicant));
    assert.equal(own.status, 429);
    assert.match(textOf(cheerio.load(own.text), '#stoppad'), /Inloggningen är låst en stund/);
    // The same words as in any browser: the page never tells whether this one was used before.
    assert.match(own.text, /på en annan dator eller telefon/);
    // Its failures were its own: the account is not locked for the person's other browsers.
    const other = await postPassword(agentFor(app), right(applicant));
    assert.equal(other.status, 303);
  });
});

function cookiesHeader(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? (header as string[]) : [];
}
