import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { agentFor, getPage, textOf } from '../helpers/http';
import { createApplicant, postPassword, requestSmsCode } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff, staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const APPLICANT_FOOTER = 'Har du frågor om din ansökan? Kontakta socialtjänsten i din kommun.';
const STAFF_FOOTER =
  'Frågor om e-tjänsten, din behörighet eller inloggningen? Kontakta systemadministratören i din kommun.';
const LOST_LINK = 'Glömt lösenordet, tappat kodlistan eller bytt telefonnummer?';

/** Asks for SMS codes until the hourly cap says no; the refused answer. */
async function sendUntilLimited(agent: ReturnType<typeof agentFor>) {
  for (let send = 1; send <= 10; send++) {
    const response = await requestSmsCode(agent);
    if (response.status === 429) return response;
  }
  throw new Error('The SMS cap never answered 429');
}

const smsButtons = ($: cheerio.CheerioAPI) => $('form[action="/logga-in/sms"] button').length;

describe('staff pages speak to staff', () => {
  const clock = new ManualClock('2026-11-25T10:00:00+01:00');
  const testApp = useTestApp({ clock });

  it('the footer on staff pages (login, code page, inbox) names the system administrator, never "din ansökan"', async () => {
    const { app, services } = testApp();
    const visitor = agentFor(app);
    const start = await getPage(visitor, '/tillganglighet');
    assert.ok(textOf(start.$, 'footer').includes(APPLICANT_FOOTER));

    const login = await getPage(visitor, '/personal/logga-in');
    assert.ok(textOf(login.$, 'footer').includes(STAFF_FOOTER));
    assert.doesNotMatch(textOf(login.$, 'footer'), /din ansökan/);

    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const agent = agentFor(app);
    await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    const code = await getPage(agent, '/logga-in/kod');
    assert.ok(textOf(code.$, 'footer').includes(STAFF_FOOTER));
    assert.ok(!textOf(code.$, 'main').includes(LOST_LINK));
    assert.match(
      textOf(code.$, 'main'),
      /Problem att logga in\? Kontakta systemadministratören i din kommun\./,
    );

    const signedIn = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const inbox = await getPage(signedIn.agent, '/handlaggare');
    assert.ok(textOf(inbox.$, 'footer').includes(STAFF_FOOTER));
    assert.doesNotMatch(textOf(inbox.$, 'footer'), /din ansökan/);
  });

  it('an applicant logging in still gets the applicant texts and the help link', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const code = await getPage(agent, '/logga-in/kod');
    assert.ok(textOf(code.$, 'main').includes(LOST_LINK));
    assert.ok(textOf(code.$, 'footer').includes(APPLICANT_FOOTER));
  });

  it('SEC-4 staff over the SMS cap are told to wait or call the administrator, and offered no SMS button', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const agent = agentFor(app);
    await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    const refused = await sendUntilLimited(agent);
    const $ = cheerio.load(refused.text);
    const main = textOf($, 'main');
    assert.match(
      main,
      /Du har fått många SMS den senaste timmen\. Vänta \d+ minuter och försök igen\. Behöver du logga in nu\? Kontakta systemadministratören i din kommun\./,
    );
    assert.doesNotMatch(main, /kodlista/);
    assert.equal(smsButtons($), 0, 'no "Skicka en SMS-kod" while the cap holds');
    assert.equal($('.portal-login-ways').length, 0, 'no empty list of ways to get a code');
    // Shown again (a reload) while the cap holds: the same, still no button.
    const reloaded = await getPage(agent, '/logga-in/kod');
    assert.match(textOf(reloaded.$, 'main'), /Vänta \d+ minuter och försök igen\./);
    assert.equal(smsButtons(reloaded.$), 0);
  });

  it('SEC-4 staff with an authenticator app over the SMS cap are pointed to the app', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const { secret } = await services.appCodes.startEnrolment(staff.account.id, staff.username);
    const { generate } = await import('otplib');
    const code = await generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });
    assert.equal(await services.appCodes.confirmEnrolment(staff.account.id, code), true);
    const agent = agentFor(app);
    await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    const refused = await sendUntilLimited(agent);
    const $ = cheerio.load(refused.text);
    assert.match(
      textOf($, 'main'),
      /Vänta \d+ minuter, eller logga in med en kod från din autentiseringsapp\./,
    );
    assert.equal(smsButtons($), 0);
    assert.equal($('a[href="/logga-in/kod?metod=app"]').length, 1, 'the app is offered');
  });

  it('SEC-4 an applicant over the SMS cap is pointed to the code list, with no SMS button', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const refused = await sendUntilLimited(agent);
    const $ = cheerio.load(refused.text);
    assert.match(textOf($, 'main'), /Vänta \d+ minuter eller använd din kodlista\./);
    assert.equal(smsButtons($), 0);
  });
});
