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
import { linkNamed, messageFor } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { postCode, postPassword } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { readSvgQr, svgOfDataUrl } from '../helpers/svg-qr';
import { useTestApp } from '../helpers/test-services';

describe('Mitt konto for staff: an authenticator app', () => {
  // Mid-step, so that "the same time step" in a test is never split by a step boundary.
  const clock = new ManualClock('2026-11-25T10:00:10+01:00');
  const testApp = useTestApp({ clock });

  /** The code the staff member's app shows now, by the test's clock. */
  const appCode = (secret: string) =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  /** Logs in by SMS and connects an app through Mitt konto; returns the app's secret. */
  async function enrolApp(agent: Agent, staff: TestStaff): Promise<string> {
    const started = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': staff.password,
    });
    assert.equal(started.response.status, 303);
    const { $ } = await getPage(agent, '/handlaggare/konto/app');
    const secret = $('code').text().replace(/\s/g, '');
    const done = await fillIn(agent, '/handlaggare/konto/app', {
      'Kod från din app': await appCode(secret),
    });
    assert.equal(done.response.status, 303);
    assert.equal(done.response.headers.location, '/handlaggare/konto?klart=app');
    return secret;
  }

  /** A new agent that has passed the password step and waits for its second factor. */
  async function afterPassword(staff: TestStaff): Promise<Agent> {
    const agent = agentFor(testApp().app);
    const response = await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      STAFF_LOGIN,
    );
    assert.equal(response.status, 303);
    return agent;
  }

  it('shows the secret as a QR code and in groups of four, and the first code turns the app on', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services);
    const agent = agentFor(app);
    await loginStaffWithSms(agent, services, staff);
    const { $: overview } = await getPage(agent, '/handlaggare/konto');
    assert.equal(linkNamed(overview, 'Mitt konto').attr('href'), '/handlaggare/konto');
    assert.equal(
      linkNamed(overview, 'Koppla en app för engångskoder').attr('href'),
      '/handlaggare/konto/app',
    );

    // SEC-19: without the page's token nothing starts.
    for (const path of ['/handlaggare/konto/app', '/handlaggare/konto/app/kod']) {
      const forged = await agent
        .post(path)
        .type('form')
        .send({ losenord: staff.password, kod: '123456' });
      assert.equal(forged.status, 403, path);
    }
    assert.equal(await services.accountSettings.pendingAppEnrolment(staff.account), undefined);

    const wrong = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': 'inte rätt lösenord',
    });
    assert.equal(wrong.response.status, 401);
    assert.equal(
      messageFor(wrong.$, 'Ditt lösenord'),
      'Lösenordet stämmer inte. Kontrollera och försök igen.',
    );
    assert.equal(await services.accountSettings.pendingAppEnrolment(staff.account), undefined);

    const started = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': staff.password,
    });
    assert.equal(started.response.status, 303);
    const { response, $ } = await getPage(agent, '/handlaggare/konto/app');
    assert.match(String(response.headers['content-security-policy']), /img-src 'self' data:/);
    const shown = $('code').text();
    assert.match(shown, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    const secret = shown.replace(/\s/g, '');
    const qr = readSvgQr(
      svgOfDataUrl($('img[alt="QR-kod för appen för engångskoder"]').attr('src') ?? ''),
    );
    const uri = new URL(qr ?? '');
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.match(decodeURIComponent(uri.pathname), new RegExp(staff.username));

    const mistyped = await fillIn(agent, '/handlaggare/konto/app', { 'Kod från din app': '12345' });
    assert.equal(mistyped.response.status, 401);
    assert.match(messageFor(mistyped.$, 'Kod från din app'), /^Koden stämmer inte\./);
    assert.equal(await services.appCodes.isEnabled(staff.account.id), false);

    const done = await fillIn(agent, '/handlaggare/konto/app', {
      'Kod från din app': await appCode(secret),
    });
    assert.equal(done.response.status, 303);
    assert.equal(await services.appCodes.isEnabled(staff.account.id), true);
    const { $: after } = await getPage(agent, done.response.headers.location ?? '');
    assert.match(textOf(after, '[role=status]'), /Appen är kopplad/);
    assert.match(textOf(after, 'dl'), /App för engångskoder\s*Kopplad/);
    const notice = await services.smsOutbox?.latestTo(staff.mobile);
    assert.match(
      notice?.text ?? '',
      /^En app för engångskoder har kopplats till ditt konto i e-tjänsten\. Var det inte du\? Kontakta systemadministratören i din kommun med en gång\./,
    );
  });

  it('is for staff only: an applicant has no app page', async () => {
    const { app } = testApp();
    const response = await agentFor(app).get('/mina-sidor/konto/app');
    assert.equal(response.status, 303);
    assert.match(response.headers.location ?? '', /^\/logga-in/);
  });

  it('SEC-6 TOTP: a code used to log in is refused for a second login, also when two try it at once', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services);
    const enrolling = agentFor(app);
    await loginStaffWithSms(enrolling, services, staff);
    const secret = await enrolApp(enrolling, staff);

    // The next time step: the login offers the app, and its code logs in once.
    clock.advanceMinutes(0.5);
    const code = await appCode(secret);
    const first = await afterPassword(staff);
    const { $: choice } = await getPage(first, '/logga-in/kod');
    assert.equal(
      linkNamed(choice, 'Använd en kod från din app').attr('href'),
      '/logga-in/kod?metod=app',
    );
    const ok = await postCode(first, 'app', code);
    assert.equal(ok.response.status, 303);
    assert.equal(ok.response.headers.location, '/handlaggare');

    // The same code in the same time step, for a second login: refused.
    const replay = await postCode(await afterPassword(staff), 'app', code);
    assert.equal(replay.response.status, 401);
    assert.match(textOf(replay.$, '#error-summary'), /Koden stämmer inte/);

    // Logins at once with one fresh code: exactly one gets in.
    clock.advanceMinutes(0.5);
    const fresh = await appCode(secret);
    const racers: Agent[] = [];
    for (let index = 0; index < 4; index++) racers.push(await afterPassword(staff));
    const tokens = await Promise.all(
      racers.map(async (agent) => csrfTokenOf((await getPage(agent, '/logga-in/kod?metod=app')).$)),
    );
    const answers = await Promise.all(
      racers.map((agent, index) =>
        agent
          .post('/logga-in/kod')
          .type('form')
          .send({ metod: 'app', kod: fresh, _csrf: tokens[index] ?? '' }),
      ),
    );
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [303, 401, 401, 401]);
  });

  it('SEC-12 disabling a staff account ends its sessions at once', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services);
    const agent = agentFor(app);
    await loginStaffWithSms(agent, services, staff);
    const halfway = await afterPassword(staff);
    assert.equal((await agent.get('/handlaggare/konto')).status, 200);
    const sids = [sessionIdOf(agent), sessionIdOf(halfway)];
    const colleague = await createStaff(services);
    const colleagueAgent = agentFor(app);
    await loginStaffWithSms(colleagueAgent, services, colleague);

    await services.accounts.disable(staff.account.id);

    const shut = await agent.get('/handlaggare/konto');
    assert.equal(shut.status, 303);
    assert.equal(shut.headers.location, '/personal/logga-in?tillbaka=%2Fhandlaggare%2Fkonto');
    const rows = await services.database.db
      .selectFrom('session')
      .select('sid')
      .where('sid', 'in', sids)
      .execute();
    assert.deepEqual(rows, []);
    // Halfway through a login is no way in either.
    const code = await getPage(halfway, '/logga-in/kod');
    assert.equal(code.response.status, 303);
    // Nobody else is logged out.
    assert.equal((await colleagueAgent.get('/handlaggare/konto')).status, 200);
    const again = await postPassword(
      agentFor(app),
      { identitet: staff.username, losenord: staff.password },
      STAFF_LOGIN,
    );
    assert.equal(again.status, 401);
  });
});
