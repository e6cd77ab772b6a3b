import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from 'otplib';
import { sessionIdOf } from '../helpers/application';
import {
  createStaff,
  fillIn,
  loginStaffWithSms,
  STAFF_LOGIN,
  type TestStaff,
} from '../helpers/account';
import { buttonNamed } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { postCode, postPassword } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

const APP_PAGE = '/handlaggare/konto/app';

describe('Mitt konto for staff: replacing the authenticator app', () => {
  // Mid-step, so that "the same time step" in a test is never split by a step boundary.
  const clock = new ManualClock('2026-11-25T10:00:10+01:00');
  const testApp = useTestApp({ clock });

  /** The code an app with this secret shows now, by the test's clock. */
  const appCode = (secret: string) =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  /** Types the password on the app page; returns the secret the page then shows. */
  async function startWithPassword(agent: Agent, staff: TestStaff): Promise<string> {
    const started = await fillIn(agent, APP_PAGE, { 'Ditt lösenord': staff.password });
    assert.equal(started.response.status, 303);
    const { $ } = await getPage(agent, APP_PAGE);
    const secret = $('code').text().replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    return secret;
  }

  async function confirm(agent: Agent, secret: string) {
    return fillIn(agent, APP_PAGE, { 'Kod från din app': await appCode(secret) });
  }

  /** A fresh login with the app's code (in the next time step, so no earlier code is reused). */
  async function logsInWithApp(staff: TestStaff, secret: string): Promise<boolean> {
    clock.advanceMinutes(0.5);
    const agent = agentFor(testApp().app);
    const password = await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      STAFF_LOGIN,
    );
    assert.equal(password.status, 303);
    const { response } = await postCode(agent, 'app', await appCode(secret));
    return response.status === 303 && response.headers.location === '/handlaggare';
  }

  /** A staff member logged in by SMS, with a first app connected; returns its secret. */
  async function withApp() {
    const { app, services } = testApp();
    const staff = await createStaff(services);
    const agent = agentFor(app);
    await loginStaffWithSms(agent, services, staff);
    const secret = await startWithPassword(agent, staff);
    assert.equal((await confirm(agent, secret)).response.status, 303);
    return { app, services, staff, agent, oldSecret: secret };
  }

  it('keeps the working app until a right code from the new one; a wrong code or walking away changes nothing', async () => {
    const { staff, agent, oldSecret } = await withApp();
    const { $: before } = await getPage(agent, APP_PAGE);
    assert.match(textOf(before, '.message-box'), /fortsätter att fungera tills du har kopplat/);

    const newSecret = await startWithPassword(agent, staff);
    assert.notEqual(newSecret, oldSecret);
    const { $ } = await getPage(agent, APP_PAGE);
    assert.match(
      textOf($, '.message-box'),
      /Appen du har nu fungerar tills du har skrivit en kod från den nya appen här/,
    );

    // Started, not finished: the old app still logs in.
    assert.equal(await logsInWithApp(staff, oldSecret), true);

    // A wrong code (here the old app's) changes nothing either.
    clock.advanceMinutes(0.5);
    const wrong = await confirm(agent, oldSecret);
    assert.equal(wrong.response.status, 401);
    assert.match(textOf(wrong.$, '#error-summary'), /Koden stämmer inte/);
    assert.equal(await logsInWithApp(staff, oldSecret), true);
    assert.equal(await logsInWithApp(staff, newSecret), false);

    // The page still holds the same new secret when the user comes back to it.
    const { $: again } = await getPage(agent, APP_PAGE);
    assert.equal(again('code').text().replace(/\s/g, ''), newSecret);
  });

  it('SEC-19 "Avbryt bytet" forgets the new secret and keeps the old app', async () => {
    const { services, staff, agent, oldSecret } = await withApp();
    const newSecret = await startWithPassword(agent, staff);
    const { $ } = await getPage(agent, APP_PAGE);
    const cancel = buttonNamed($, 'Avbryt bytet och behåll appen du har nu').closest('form');
    // SEC-19: without the page's token nothing is cancelled.
    const forged = await agent
      .post(cancel.attr('action') ?? '')
      .type('form')
      .send({});
    assert.equal(forged.status, 403);
    assert.equal(
      (await services.accountSettings.pendingAppEnrolment(staff.account))?.secret,
      newSecret,
    );
    const response = await agent
      .post(cancel.attr('action') ?? '')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/handlaggare/konto');
    assert.equal(await services.accountSettings.pendingAppEnrolment(staff.account), undefined);

    const { $: after } = await getPage(agent, APP_PAGE);
    assert.equal(after('code').length, 0);
    assert.match(textOf(after, 'main'), /Du har en app kopplad/);
    assert.equal(await logsInWithApp(staff, oldSecret), true);
    // The forgotten secret cannot be confirmed any more.
    assert.equal(
      await services.appCodes.confirmEnrolment(staff.account.id, await appCode(newSecret)),
      false,
    );
    assert.equal(await logsInWithApp(staff, newSecret), false);
  });

  it("SEC-7 SEC-12 the new app's first code replaces the old one, tells the owner and ends the other sessions", async () => {
    const { app, services, staff, agent, oldSecret } = await withApp();
    const elsewhere = agentFor(app);
    await loginStaffWithSms(elsewhere, services, staff);
    assert.equal((await elsewhere.get('/handlaggare/konto')).status, 200);
    const elsewhereSid = sessionIdOf(elsewhere);
    const thisSid = sessionIdOf(agent);

    // SEC-7: the password first.
    const refused = await fillIn(agent, APP_PAGE, { 'Ditt lösenord': 'inte rätt lösenord' });
    assert.equal(refused.response.status, 401);
    assert.equal(await services.accountSettings.pendingAppEnrolment(staff.account), undefined);

    const newSecret = await startWithPassword(agent, staff);
    clock.advanceMinutes(0.5);
    const done = await confirm(agent, newSecret);
    assert.equal(done.response.status, 303);
    assert.equal(done.response.headers.location, '/handlaggare/konto?klart=app');
    const { $ } = await getPage(agent, '/handlaggare/konto?klart=app');
    assert.match(textOf($, '[role=status]'), /Appen är kopplad.*utloggad där nu/);
    const notice = await services.smsOutbox?.latestTo(staff.mobile);
    assert.match(notice?.text ?? '', /^En app för engångskoder har kopplats till ditt konto/);

    // This session goes on under a new id; the other one is gone.
    assert.notEqual(sessionIdOf(agent), thisSid);
    assert.equal(await services.sessionStore.read(thisSid), null);
    assert.equal(await services.sessionStore.read(elsewhereSid), null);
    const shut = await elsewhere.get('/handlaggare/konto');
    assert.equal(shut.status, 303);
    assert.match(shut.headers.location ?? '', /^\/personal\/logga-in/);

    // The code that connected the app does not log in again; the old app no longer does.
    const agentAfter = agentFor(app);
    await postPassword(
      agentAfter,
      { identitet: staff.username, losenord: staff.password },
      STAFF_LOGIN,
    );
    const replay = await postCode(agentAfter, 'app', await appCode(newSecret));
    assert.equal(replay.response.status, 401);
    assert.equal(await logsInWithApp(staff, oldSecret), false);
    assert.equal(await logsInWithApp(staff, newSecret), true);
  });
});
