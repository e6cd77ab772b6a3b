import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import {
  chooseMunicipality,
  familyAnswers,
  familyAnswersOf,
  fillSteps,
  fixedClock,
  storedApplication,
} from '../helpers/application';
import { buttonNamed, fieldByLabel, linkNamed } from '../helpers/fields';
import { agentFor, getPage, textOf, type Agent, type Page } from '../helpers/http';
import { createApplicant, loginWithCodeList } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { submitAsBrowser, typeInto } from '../helpers/submit-as-browser';
import { createTestApp, type TestApp } from '../helpers/test-services';

const OM_DIG = '/ansokan/ekonomiskt-bistand/om-dig';

/** The fields of "Jag behöver mer tid"'s form, as the page's script posts them. */
function keepAliveFields($: Page) {
  const form = buttonNamed($, 'Jag behöver mer tid').closest('form');
  assert.equal(form.attr('method'), 'post');
  assert.equal(form.attr('action'), '/ansokan/forlang');
  return {
    _csrf: String(form.find('input[name="_csrf"]').val()),
    tillbaka: String(form.find('input[name="tillbaka"]').val()),
  };
}

/** Every cookie the agent's browser holds but the session cookie: as when it has expired there. */
function cookiesWithoutSession(agent: Agent): string {
  const jar = (
    agent as unknown as {
      jar: { getCookies(access: unknown): { name: string; value: string }[] };
    }
  ).jar;
  return jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .filter((cookie) => cookie.name !== 'portal.sid')
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
}

async function withClock(run: (opened: TestApp, clock: ManualClock) => Promise<void>) {
  const clock = new ManualClock(fixedClock.now().toISOString());
  const opened = await createTestApp({ clock });
  try {
    await run(opened, clock);
  } finally {
    await opened.cleanup();
  }
}

async function anonymousOnOmDig(opened: TestApp) {
  const agent = agentFor(opened.app);
  await chooseMunicipality(agent);
  await fillSteps(agent, familyAnswers.slice(0, 1));
  const { $ } = await getPage(agent, OM_DIG);
  return { agent, $ };
}

describe('keeping the session alive while the person types', () => {
  it('SEC-10 the keep-alive post renews the idle timeout: 50 minutes on one step, draft kept', async () => {
    await withClock(async (opened, clock) => {
      const { agent, $ } = await anonymousOnOmDig(opened);
      clock.advanceMinutes(25);
      const renewed = await agent
        .post('/ansokan/forlang')
        .type('form')
        .set('Accept', 'application/json')
        .send(keepAliveFields($));
      assert.equal(renewed.status, 200);
      assert.deepEqual(renewed.body, { idleMinutes: 30 });
      clock.advanceMinutes(25);
      // 50 minutes after the page was opened, 25 after the keep-alive: typing, still there.
      typeInto(fieldByLabel($, 'Förnamn'), 'Ella');
      const next = await submitAsBrowser(agent, $, buttonNamed($, 'Tillbaka'));
      assert.equal(next.response.headers.location, '/ansokan/ekonomiskt-bistand/period');
      const record = await storedApplication(opened.services, agent);
      assert.equal(record?.draft.input['om-dig']?.firstName, 'Ella');
    });
  });

  it('SEC-19 the keep-alive post without a valid CSRF token is refused', async () => {
    await withClock(async (opened) => {
      const { agent, $ } = await anonymousOnOmDig(opened);
      const fields = keepAliveFields($);
      for (const token of [undefined, 'fel', `${fields._csrf.slice(0, -2)}xx`]) {
        const refused = await agent
          .post('/ansokan/forlang')
          .type('form')
          .set('Accept', 'application/json')
          .send({ tillbaka: fields.tillbaka, ...(token === undefined ? {} : { _csrf: token }) });
        assert.equal(refused.status, 403, `token ${String(token)}`);
        assert.notDeepEqual(refused.body, { idleMinutes: 30 });
      }
    });
  });

  it('the warning is a labelled alertdialog, in words for an anonymous visitor', async () => {
    await withClock(async (opened) => {
      const { $ } = await anonymousOnOmDig(opened);
      const dialog = $('#timeout-warning');
      assert.equal(dialog.attr('role'), 'alertdialog');
      assert.notEqual(dialog.attr('hidden'), undefined, 'shown by the script only when due');
      assert.equal(textOf($, `#${dialog.attr('aria-labelledby') ?? ''}`), 'Vill du fortsätta?');
      assert.match(
        textOf($, `#${dialog.attr('aria-describedby') ?? ''}`),
        /^Snart raderar vi dina svar, eftersom du inte har gjort något här på en stund\./,
      );
      assert.equal(linkNamed($, 'Börja om').attr('href'), '/kommun');
    });
  });
});

describe('a step after the session has ended', () => {
  it('SEC-10 anonymous: posting a step after 31 idle minutes says the session ended and the answers are gone', async () => {
    await withClock(async (opened, clock) => {
      const { agent, $ } = await anonymousOnOmDig(opened);
      typeInto(fieldByLabel($, 'Förnamn'), 'Ella');
      clock.advanceMinutes(31);
      const { response } = await submitAsBrowser(
        agent,
        $,
        buttonNamed($, 'Nästa').not('[aria-hidden]'),
      );
      assert.equal(response.status, 303);
      assert.equal(response.headers.location, '/sessionen-slut');
      const { $: ended } = await getPage(agent, '/sessionen-slut');
      assert.equal(textOf(ended, 'h1'), 'Vi har avslutat ditt besök');
      const text = textOf(ended, 'main');
      assert.match(text, /Vi avslutar besöket om du inte gör något på 30 minuter\./);
      assert.match(text, /Därför har vi raderat dina svar, så att ingen annan kan se dem\./);
      assert.equal(linkNamed(ended, 'Börja om').attr('href'), '/kommun');
      assert.equal(await storedApplication(opened.services, agent), undefined);
      // Said once; "Börja om" then starts a new visit.
      assert.equal((await agent.get(OM_DIG)).headers.location, '/kommun');
    });
  });

  it('SEC-10 anonymous: the same when the browser has already dropped the expired session cookie', async () => {
    await withClock(async (opened, clock) => {
      const { agent, $ } = await anonymousOnOmDig(opened);
      clock.advanceMinutes(31);
      const response = await request(opened.app)
        .post(OM_DIG)
        .set('Cookie', cookiesWithoutSession(agent))
        .type('form')
        .send({
          _csrf: String($('#step-form input[name="_csrf"]').val()),
          _version: String($('#step-form input[name="_version"]').val()),
          _action: 'next',
          firstName: 'Ella',
        });
      assert.equal(response.status, 303);
      assert.equal(response.headers.location, '/sessionen-slut');
    });
  });

  it('a first visit without a session still goes to "Välj kommun"', async () => {
    await withClock(async (opened) => {
      const response = await agentFor(opened.app).get(OM_DIG);
      assert.equal(response.headers.location, '/kommun');
    });
  });

  it('SEC-34 logged in: a step posted after the timeout says to log in again; the draft waits on Mina sidor', async () => {
    await withClock(async (opened, clock) => {
      const applicant = await createApplicant(opened.services);
      const agent = agentFor(opened.app);
      await loginWithCodeList(agent, applicant);
      await fillSteps(agent, familyAnswersOf(applicant.personnummer).slice(0, 1));
      const { $ } = await getPage(agent, OM_DIG);
      assert.match(
        textOf($, '#timeout-warning-text'),
        /^Snart loggar vi ut dig.*Ansökan finns kvar på Mina sidor\./,
      );
      clock.advanceMinutes(31);
      const { response } = await submitAsBrowser(
        agent,
        $,
        buttonNamed($, 'Nästa').not('[aria-hidden]'),
      );
      assert.equal(response.headers.location, '/sessionen-slut?inloggad=1');
      const { $: ended } = await getPage(agent, '/sessionen-slut?inloggad=1');
      assert.equal(textOf(ended, 'h1'), 'Vi har avslutat ditt besök');
      assert.match(
        textOf(ended, 'main'),
        /Därför har vi loggat ut dig\. Din ansökan är sparad på Mina sidor\./,
      );
      assert.equal(linkNamed(ended, 'Logga in igen').attr('href'), '/logga-in');

      const again = agentFor(opened.app);
      await loginWithCodeList(again, applicant);
      const { $: myPages } = await getPage(again, '/mina-sidor');
      assert.match(textOf(myPages, 'main'), /Ansökningar som inte är inskickade.*Senast sparad/);
    });
  });
});
