import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { chooseMunicipality, sessionCookieOf, sessionIdOf } from '../helpers/application';
import { agentFor, getPage, textOf } from '../helpers/http';
import {
  createApplicant,
  latestSmsCode,
  loginWithCodeList,
  loginWithSms,
  postCode,
  postPassword,
  requestSmsCode,
} from '../helpers/login';
import { sendApplication } from '../helpers/cases';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';
import { passwordProblem } from '../../services/passwords/password-policy';

const WRONG = 'helt fel lösenord för kontot';

describe('login security', () => {
  const clock = new ManualClock('2026-11-25T10:00:00+01:00');
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(chunk.toString());
      callback();
    },
  });
  const testApp = useTestApp({
    clock,
    logDestination,
    env: { TRUST_PROXY: 'true', LOG_LEVEL: 'info' },
  });

  it('SEC-1 brute force: wrong passwords from rotating addresses lock the account long before 100', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    let lockedAfter = 0;
    for (let attempt = 1; attempt <= 101; attempt++) {
      const agent = request(app);
      const page = await agent.get('/logga-in');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const cookies = page.headers['set-cookie'] as unknown as string[] | undefined;
      const response = await agent
        .post('/logga-in')
        .set('X-Forwarded-For', `203.0.113.${attempt}`)
        .set('Cookie', (cookies ?? []).map((cookie) => cookie.split(';')[0]).join('; '))
        .type('form')
        .send({ identitet: applicant.personnummer, losenord: WRONG, _csrf: token });
      if (response.status === 429) {
        lockedAfter = attempt;
        assert.match(response.text, /Inloggningen är låst en stund/);
        assert.match(response.text, /Försök igen om \d+ minuter/);
        assert.ok(Number(response.headers['retry-after']) > 0);
        break;
      }
      assert.equal(response.status, 401);
    }
    assert.ok(lockedAfter > 0 && lockedAfter <= 11, `locked after ${lockedAfter} attempts`);
    // Locked means locked: not even the right password gets through now.
    const right = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    assert.equal(right.status, 429);
  });

  it('a locked login gives the municipality’s phone number as a link to tap and call', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await chooseMunicipality(agent);
    let locked;
    for (let attempt = 1; attempt <= 12 && !locked; attempt++) {
      const response = await postPassword(agent, {
        identitet: applicant.personnummer,
        losenord: WRONG,
      });
      if (response.status === 429) locked = cheerio.load(response.text);
    }
    assert.ok(locked, 'the login never locked');
    const call = locked('main a[href^="tel:"]');
    assert.equal(call.length, 1);
    assert.equal(call.text(), '0123-456 00');
    assert.equal(call.attr('href'), 'tel:012345600');
    assert.equal(
      textOf(locked, 'main p:has(a[href^="tel:"])'),
      'Behöver du hjälp nu? Ring Exempelby kommun: 0123-456 00.',
    );
  });

  it('SEC-1 brute force in parallel: forty wrong passwords at once get no more than ten checks', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const verify = services.passwords.verify.bind(services.passwords);
    let checked = 0;
    services.passwords.verify = async (hash, password) => {
      checked += 1;
      return verify(hash, password);
    };
    try {
      const pages = await Promise.all(
        Array.from({ length: 40 }, async (_, index) => {
          const agent = agentFor(app);
          const { $ } = await getPage(agent, '/logga-in');
          return { agent, token: String($('input[name="_csrf"]').val()), index };
        }),
      );
      const answers = await Promise.all(
        pages.map(({ agent, token, index }) =>
          agent
            .post('/logga-in')
            .set('X-Forwarded-For', `198.51.100.${index + 1}`)
            .type('form')
            .send({ identitet: applicant.personnummer, losenord: WRONG, _csrf: token }),
        ),
      );
      assert.ok(checked <= 10, `${checked} passwords were checked`);
      assert.ok(answers.filter((answer) => answer.status === 429).length >= 30);
    } finally {
      services.passwords.verify = verify;
    }
  });

  it('SEC-2 a password as long as the policy allows, in characters outside the BMP, logs in whole', async () => {
    // 125 code points the policy accepts, 225 UTF-16 units: a form that read 200 cut it.
    const password = '🔑🐘🌲🦊 '.repeat(25);
    assert.equal(passwordProblem(password), undefined);
    assert.ok(password.length > 200);
    const { services } = testApp();
    const applicant = await createApplicant(services, { password });
    const agent = agentFor(testApp().app);
    const response = await postPassword(agent, {
      identitet: applicant.personnummer,
      losenord: password,
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/logga-in/kod');
  });

  it('SEC-3 second-factor bypass: after the password step only, protected pages and files give the code prompt', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    for (const path of [
      '/mina-sidor',
      '/mina-sidor/ansokningar/00000000-0000-0000-0000-000000000000',
      '/mina-sidor/ansokningar/00000000-0000-0000-0000-000000000000/kopia.pdf',
    ]) {
      const response = await agent.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.location, '/logga-in/kod', path);
      assert.doesNotMatch(response.text, new RegExp(applicant.account.name));
    }
  });

  it('SEC-3 second-factor bypass for staff: after the password step only, the inbox, a case, its files, the CSV and the reports give the code prompt', async () => {
    const { app, services } = testApp();
    const sent = await sendApplication(testApp());
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const agent = agentFor(app);
    const password = await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    assert.equal(password.status, 303);
    for (const path of [
      '/handlaggare',
      `/handlaggare/arenden/${sent.id}`,
      `/handlaggare/arenden/${sent.id}/beslut.pdf`,
      `/handlaggare/arenden/${sent.id}/bilagor/00000000-0000-4000-8000-000000000000`,
      '/handlaggare/arenden.csv',
      '/handlaggare/rapporter',
      '/handlaggare/pappersansokan',
      `/handlaggare/konton/${sent.applicant.account.id}/brev.pdf`,
    ]) {
      const response = await agent.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.location, '/logga-in/kod', path);
      assert.doesNotMatch(response.text, new RegExp(sent.applicant.account.name), path);
    }
  });

  it('SEC-4 SMS code: 6 digits, stored hashed, never logged, single use, bound to its session', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    await requestSmsCode(agent);
    const code = await latestSmsCode(services, applicant.mobile);
    assert.match(code, /^\d{6}$/);
    const rows = await services.database.db.selectFrom('sms_code').select('code_hash').execute();
    assert.ok(rows.length > 0);
    for (const row of rows) assert.ok(!row.code_hash.includes(code));

    // Another session that has passed the password step cannot use this session's code.
    const thief = agentFor(app);
    await postPassword(thief, { identitet: applicant.personnummer, losenord: applicant.password });
    assert.equal((await postCode(thief, 'sms', code)).response.status, 401);

    assert.equal((await postCode(agent, 'sms', code)).response.status, 303);
    // Used once: the same code never logs anyone in again.
    const again = agentFor(app);
    await postPassword(again, { identitet: applicant.personnummer, losenord: applicant.password });
    assert.equal((await postCode(again, 'sms', code)).response.status, 401);
    assert.ok(!logLines.join('').includes(code), 'the code is in the log');
  });

  it('SEC-4 SMS code: valid 5 minutes, and a resend invalidates the previous code', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    await requestSmsCode(agent);
    const first = await latestSmsCode(services, applicant.mobile);
    clock.advanceMinutes(6);
    assert.equal((await postCode(agent, 'sms', first)).response.status, 401);
    await requestSmsCode(agent);
    const second = await latestSmsCode(services, applicant.mobile);
    await requestSmsCode(agent);
    const third = await latestSmsCode(services, applicant.mobile);
    if (second !== third) assert.equal((await postCode(agent, 'sms', second)).response.status, 401);
    assert.equal((await postCode(agent, 'sms', third)).response.status, 303);
  });

  it('SEC-4 SMS code: one failure counter per account that a resend does not reset, and a cap on SMS per hour', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    let status = 0;
    for (let attempt = 1; attempt <= 6; attempt++) {
      await requestSmsCode(agent);
      status = (await postCode(agent, 'sms', '000000')).response.status;
      if (status === 429) break;
    }
    assert.equal(status, 429);
    // The right code does not help while locked.
    const { response } = await postCode(
      agent,
      'sms',
      await latestSmsCode(services, applicant.mobile),
    );
    assert.equal(response.status, 429);
    assert.match(response.text, /skrivit fel kod för många gånger/);

    const other = await createApplicant(services, { mobile: '+46705550101' });
    const sender = agentFor(app);
    await postPassword(sender, { identitet: other.personnummer, losenord: other.password });
    const statuses: number[] = [];
    for (let send = 1; send <= 6; send++) statuses.push((await requestSmsCode(sender)).status);
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429]);
  });

  it('SEC-5 code list: the login asks for one numbered code, which works once', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services, { mobile: null });
    const agent = agentFor(app);
    await loginWithCodeList(agent, applicant);
    const left = await services.codeLists.remaining(applicant.account.id);
    assert.equal(left, 39);
  });

  it('SEC-8 fixation: the session id changes at the password step and again at the second factor; the old ids are worthless', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await getPage(agent, '/kommun');
    await agent.post('/kommun').type('form');
    const planted = agentFor(app);
    await getPage(planted, '/logga-in');
    const { $ } = await getPage(agent, '/logga-in');
    const token = String($('input[name="_csrf"]').val());
    await agent
      .post('/logga-in')
      .type('form')
      .send({ identitet: applicant.personnummer, losenord: applicant.password, _csrf: token });
    const afterPassword = sessionCookieOf(agent);
    await requestSmsCode(agent);
    const code = await latestSmsCode(services, applicant.mobile);
    await postCode(agent, 'sms', code);
    const afterCode = sessionCookieOf(agent);
    assert.notEqual(afterPassword, afterCode);
    assert.equal(
      await services.sessionStore.read(sessionIdOf(agent)).then((s) => s?.user?.accountId),
      applicant.account.id,
    );
    // The cookie from between the steps opens nothing.
    const stale = await request(app).get('/mina-sidor').set('Cookie', afterPassword);
    assert.equal(stale.status, 303);
    assert.match(stale.headers.location ?? '', /^\/logga-in/);
  });

  it('SEC-9 cookie: the logged-in session cookie is HttpOnly, SameSite=Lax, without Domain', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const response = await postPassword(agentFor(app), {
      identitet: applicant.personnummer,
      losenord: applicant.password,
    });
    const cookie = (response.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) =>
      c.startsWith('portal.sid='),
    );
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Domain=/i);
  });

  it('SEC-10 idle timeout: a logged-in user idle 31 minutes is logged out', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    assert.equal((await agent.get('/mina-sidor')).status, 200);
    clock.advanceMinutes(31);
    const response = await agent.get('/mina-sidor');
    assert.equal(response.status, 303);
    assert.match(response.headers.location ?? '', /^\/logga-in/);
  });

  it('SEC-10 absolute limit: a logged-in session ends after 12 hours however active', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    for (let step = 0; step < 36; step++) {
      clock.advanceMinutes(20);
      if (step < 35) assert.equal((await agent.get('/mina-sidor')).status, 200);
    }
    const response = await agent.get('/mina-sidor');
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/?sessionen=slut');
  });

  it('SEC-11 logout is a POST: the session row is gone and the old cookie opens nothing', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await loginWithSms(agent, services, applicant);
    const cookie = sessionCookieOf(agent);
    const id = sessionIdOf(agent);
    const { $, response: page } = await getPage(agent, '/mina-sidor');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal((await agent.get('/logga-ut')).status, 404);
    const token = String($('form[action="/logga-ut"] input[name="_csrf"]').val());
    const out = await agent.post('/logga-ut').type('form').send({ _csrf: token });
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, '/?utloggad=1');
    assert.equal(await services.sessionStore.read(id), null);
    const replay = await request(app).get('/mina-sidor').set('Cookie', cookie);
    assert.equal(replay.status, 303);
    assert.match(replay.headers.location ?? '', /^\/logga-in/);
    const start = await getPage(agent, '/?utloggad=1');
    assert.match(textOf(start.$, 'main'), /Du är utloggad/);
  });

  it('SEC-19 login, code and logout posts without a valid token are refused and change nothing', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    const noToken = await agent
      .post('/logga-in')
      .type('form')
      .send({ identitet: applicant.personnummer, losenord: applicant.password });
    assert.equal(noToken.status, 403);
    await loginWithSms(agent, services, applicant);
    const logout = await agent.post('/logga-ut').type('form').send({ _csrf: 'forged' });
    assert.equal(logout.status, 403);
    assert.equal((await agent.get('/mina-sidor')).status, 200);
    const sms = await agent.post('/logga-in/sms').type('form').send({});
    assert.equal(sms.status, 403);
  });
});
