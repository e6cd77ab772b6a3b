import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { sessionCookieOf, sessionIdOf } from '../helpers/application';
import { fillIn, newMobile } from '../helpers/account';
import { HeldArgon2, until } from '../helpers/held-argon2';
import { agentFor, cookiesOf, getPage, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms, type TestApplicant } from '../helpers/login';
import { useTestApp, type TestApp } from '../helpers/test-services';

const NEW_PASSWORD = 'en helt ny mening som lösenord';

/**
 * A request of the session is held at its password check (Mitt konto asks for the password
 * again) while the same browser logs out or the session is ended; then it is let go.
 */
describe('a request under way when its session ends', () => {
  const argon2 = new HeldArgon2();
  const testApp = useTestApp({ passwordHashing: { slots: 1, argon2 } });

  async function loggedIn(app: TestApp): Promise<{ agent: Agent; applicant: TestApplicant }> {
    const applicant = await createApplicant(app.services, { mobile: newMobile() });
    const agent = agentFor(app.app);
    await loginWithSms(agent, app.services, applicant);
    return { agent, applicant };
  }

  async function logOut(agent: Agent) {
    const { $ } = await getPage(agent, '/mina-sidor');
    const token = String($('form[action="/logga-ut"] input[name="_csrf"]').val());
    const out = await agent.post('/logga-ut').type('form').send({ _csrf: token });
    assert.equal(out.status, 303);
  }

  async function sessionsOf(app: TestApp, accountId: string) {
    return app.services.database.db
      .selectFrom('session')
      .select('sid')
      .where('account_id', '=', accountId)
      .execute();
  }

  /** What the old cookie opens now: the login, never Mina sidor. */
  async function assertRefused(app: TestApp, cookie: string) {
    const replay = await request(app.app).get('/mina-sidor').set('Cookie', cookie);
    assert.equal(replay.status, 303);
    assert.match(replay.headers.location ?? '', /^\/logga-in/);
  }

  it('SEC-11 a session change finishing after logout writes nothing back: the old cookie is refused and the row stays gone', async () => {
    const app = testApp();
    const { agent, applicant } = await loggedIn(app);
    const cookie = sessionCookieOf(agent);
    const sid = sessionIdOf(agent);
    argon2.hold();
    // Asks for a code to a new number: on success it writes `pendingMobile` into the session.
    const held = fillIn(agent, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': '070-123 45 99',
      'Ditt lösenord': applicant.password,
    });
    try {
      await until(() => argon2.waiting === 1, 'the mobile change is at its password check');
      await logOut(agent);
    } finally {
      argon2.release();
    }
    const { response } = await held;
    assert.equal(response.status, 303, 'the held request itself finished normally');
    assert.equal(await app.services.sessionStore.read(sid), null);
    assert.deepEqual(await sessionsOf(app, applicant.account.id), []);
    await assertRefused(app, cookie);
  });

  it('SEC-11 a password change finishing after logout does not log the browser in again under a new id', async () => {
    const app = testApp();
    const { agent, applicant } = await loggedIn(app);
    const cookie = sessionCookieOf(agent);
    argon2.hold();
    const held = fillIn(agent, '/mina-sidor/konto/losenord', {
      'Nuvarande lösenord': applicant.password,
      'Nytt lösenord': NEW_PASSWORD,
      'Skriv det nya lösenordet igen': NEW_PASSWORD,
    });
    try {
      await until(() => argon2.waiting === 1, 'the password change is at its password check');
      await logOut(agent);
    } finally {
      argon2.release();
    }
    const { response } = await held;
    // The change was asked for before logging out and is made; the login is not renewed.
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/mina-sidor');
    assert.deepEqual(
      cookiesOf(response).filter((set) => set.startsWith('portal.sid=')),
      [],
      'no new session cookie',
    );
    assert.deepEqual(await sessionsOf(app, applicant.account.id), []);
    await assertRefused(app, cookie);
    assert.equal((await agent.get('/mina-sidor')).status, 303);
  });

  it("SEC-12 a request under way in a session that another session's change ended writes nothing back", async () => {
    const app = testApp();
    const { agent: phone, applicant } = await loggedIn(app);
    const laptop = agentFor(app.app);
    await loginWithSms(laptop, app.services, applicant);
    const phoneCookie = sessionCookieOf(phone);
    argon2.hold();
    const held = fillIn(phone, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': '070-123 45 98',
      'Ditt lösenord': applicant.password,
    });
    try {
      await until(() => argon2.waiting === 1, 'the mobile change is at its password check');
      // What a password change on the laptop does to the account's other sessions.
      const ended = await app.services.sessionStore.destroyOthersOf(
        applicant.account.id,
        sessionIdOf(laptop),
      );
      assert.equal(ended, 1);
    } finally {
      argon2.release();
    }
    await held;
    const left = (await sessionsOf(app, applicant.account.id)).map((row) => row.sid);
    assert.deepEqual(left, [sessionIdOf(laptop)]);
    await assertRefused(app, phoneCookie);
    assert.equal((await laptop.get('/mina-sidor')).status, 200);
  });
});
