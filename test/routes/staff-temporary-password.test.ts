import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { runAdminCommand } from '../../scripts/admin-command';
import { DEMO_STAFF_PASSWORD, demoCaseworker } from '../../services/demo-accounts';
import { fillIn } from '../helpers/account';
import { fieldByLabel, linkNamed } from '../helpers/fields';
import { checkHtml, htmlCheckSkipReason } from '../helpers/html-checker';
import { agentFor, csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { insertCase } from '../helpers/inbox-rows';
import { latestSmsCode, postCode, postPassword, requestSmsCode } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp, type TestApp } from '../helpers/test-services';

const LOGIN = '/personal/logga-in';
const NEW_PASSWORD_PAGE = '/handlaggare/konto/losenord';
const OWN_PASSWORD = 'min egen mening som lösenord';
const NOTICE =
  'Du har loggat in med ett tillfälligt lösenord. Välj ett eget lösenord innan du fortsätter.';
const EXPIRED =
  'Det tillfälliga lösenordet har gått ut. Kontakta den som sköter e-tjänsten på IT-avdelningen och be om ett nytt.';
const DAY_MINUTES = 24 * 60;
const htmlCheckSkip = htmlCheckSkipReason();

let counter = 0;

/** `npm run admin -- staff add …`: a new caseworker of 9901; the temporary password it printed. */
async function addStaff(testApp: TestApp) {
  counter += 1;
  const username = `tillfallig.${counter}`;
  const mobile = `+4670333${String(counter).padStart(4, '0')}`;
  const lines: string[] = [];
  const code = await runAdminCommand(
    [
      'staff',
      'add',
      '--username',
      username,
      '--name',
      `Tillfällig Person${counter}`,
      '--mobile',
      mobile,
      '--municipality',
      '9901',
      '--role',
      'caseworker',
    ],
    testApp.services.installationAdmin,
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
  const password = /shown once\): (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
  const account = await testApp.services.accounts.findStaff(username);
  if (!account) throw new Error('staff add made no account');
  return { username, mobile, password, account };
}

/** `npm run admin -- staff password`: the new temporary password it printed. */
async function resetPassword(testApp: TestApp, username: string): Promise<string> {
  const lines: string[] = [];
  const code = await runAdminCommand(
    ['staff', 'password', '--username', username],
    testApp.services.installationAdmin,
    (line) => lines.push(line),
  );
  assert.equal(code, 0, lines.join('\n'));
  return /shown once\): (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
}

/** Both login steps (password, then an SMS code from the dev outbox); the password step's answer. */
async function logIn(testApp: TestApp, username: string, password: string, mobile: string) {
  const agent = agentFor(testApp.app);
  const step = await postPassword(agent, { identitet: username, losenord: password }, LOGIN);
  if (step.status !== 303) return { agent, step, done: undefined };
  await requestSmsCode(agent);
  const { response } = await postCode(agent, 'sms', await latestSmsCode(testApp.services, mobile));
  assert.equal(response.status, 303);
  return { agent, step, done: response };
}

/** Where a GET ends after following redirects within the app. */
async function landsOn(agent: ReturnType<typeof agentFor>, path: string) {
  let location = path;
  for (let hops = 0; hops < 5; hops += 1) {
    const response = await agent.get(location);
    if (response.status !== 303) return { path: location, response };
    location = response.headers.location ?? '';
  }
  throw new Error(`Too many redirects from ${path}`);
}

async function auditRows(testApp: TestApp, accountId: string) {
  const rows = await testApp.services.database.db
    .selectFrom('audit_event')
    .select(['actor_id', 'subject', 'action', 'outcome', 'request_id'])
    .where('subject', '=', accountId)
    // In the order written: the test's clock stands still, so many rows share a time.
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ ...row, request_id: row.request_id === null ? null : 'set' }));
}

describe('a temporary password from npm run admin must be replaced at the first login (ASVS 4 2.3.1)', () => {
  const clock = new ManualClock('2026-11-24T08:00:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-3 after both factors every staff page, export and change leads to the new-password page until the person has chosen their own', async () => {
    const staff = await addStaff(testApp());
    const caseId = await insertCase(testApp().services.database.db, {
      receivedAt: clock.now().getTime(),
      name: 'Hemlig Sökande',
    });
    const { agent, done } = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    assert.ok(done);

    const landed = await landsOn(agent, done.headers.location ?? '');
    assert.equal(landed.path, NEW_PASSWORD_PAGE);
    const { $ } = await getPage(agent, NEW_PASSWORD_PAGE);
    assert.equal(textOf($, 'h1'), 'Välj ett eget lösenord');
    assert.equal(textOf($, '.message-box:not(.portal-timeout__box)'), NOTICE);
    assert.equal(
      linkNamed($, 'Avbryt och gå tillbaka till Mitt konto').length,
      0,
      'no way around the change',
    );
    assert.doesNotMatch($.text(), /Hemlig Sökande/);

    for (const path of [
      '/handlaggare',
      `/handlaggare/arenden/${caseId}`,
      '/handlaggare/arenden.csv',
      '/handlaggare/konton/sok',
      '/handlaggare/rapporter',
      '/handlaggare/konto',
    ]) {
      const response = await agent.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.location, NEW_PASSWORD_PAGE, path);
      assert.doesNotMatch(response.text, /Hemlig Sökande/, path);
    }
    const change = await agent
      .post(`/handlaggare/arenden/${caseId}/status`)
      .type('form')
      .send({ _csrf: csrfTokenOf($), status: 'under-utredning' });
    assert.equal(change.status, 303);
    assert.equal(change.headers.location, NEW_PASSWORD_PAGE);

    // Logging out stays open.
    const out = await agent
      .post('/logga-ut')
      .type('form')
      .send({ _csrf: csrfTokenOf($) });
    assert.equal(out.status, 303);
    assert.equal(out.headers.location, `${LOGIN}?utloggad=1`);
    assert.equal((await agent.get(NEW_PASSWORD_PAGE)).status, 303);
  });

  it('SEC-29 a new password of their own opens the inbox with a confirmation, is audited like any password change, and the temporary one stops working', async () => {
    const staff = await addStaff(testApp());
    const { agent } = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    const before = (await auditRows(testApp(), staff.account.id)).length;

    // A wrong temporary password or a weak new one: the page again, with the notice still there.
    const wrong = await fillIn(agent, NEW_PASSWORD_PAGE, {
      'Nuvarande lösenord': 'inte det tillfälliga alls',
      'Nytt lösenord': OWN_PASSWORD,
      'Skriv det nya lösenordet igen': OWN_PASSWORD,
    });
    assert.equal(wrong.response.status, 401);
    assert.match(textOf(wrong.$, '.message-box'), /tillfälligt lösenord/);
    assert.deepEqual(
      errorSummaryLinks(wrong.$).map((link) => link.text),
      ['Ditt nuvarande lösenord stämmer inte. Kontrollera och försök igen.'],
    );

    const changed = await fillIn(agent, NEW_PASSWORD_PAGE, {
      'Nuvarande lösenord': staff.password,
      'Nytt lösenord': OWN_PASSWORD,
      'Skriv det nya lösenordet igen': OWN_PASSWORD,
    });
    assert.equal(changed.response.status, 303);
    assert.equal(changed.response.headers.location, '/handlaggare?klart=losenord');
    // Replacing the temporary password was asked of them: no "Var det inte du?" SMS about it.
    const lastSms = await testApp().services.smsOutbox?.latestTo(staff.mobile);
    assert.doesNotMatch(lastSms?.text ?? '', /lösenord/);
    const inbox = await getPage(agent, '/handlaggare?klart=losenord');
    assert.equal(inbox.response.status, 200);
    assert.equal(textOf(inbox.$, 'h1'), 'Ärenden');
    assert.equal(
      textOf(inbox.$, '.message-box--success'),
      'Tack! Ditt nya lösenord är sparat. Använd det nästa gång du loggar in.',
    );
    assert.equal((await agent.get('/handlaggare/konto')).status, 200);
    assert.equal(textOf((await getPage(agent, '/handlaggare')).$, '.message-box--success'), '');

    // One `change` row by and about the account for each post, the wrong password's refused:
    // what a change in Mitt konto writes too.
    assert.deepEqual((await auditRows(testApp(), staff.account.id)).slice(before), [
      {
        actor_id: staff.account.id,
        subject: staff.account.id,
        action: 'change',
        outcome: 'denied',
        request_id: 'set',
      },
      {
        actor_id: staff.account.id,
        subject: staff.account.id,
        action: 'change',
        outcome: 'ok',
        request_id: 'set',
      },
    ]);

    const temporary = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    assert.equal(temporary.step.status, 401);
    // Their own password is never temporary, and never expires with the temporary one's week.
    clock.advanceMinutes(8 * DAY_MINUTES);
    const own = await logIn(testApp(), staff.username, OWN_PASSWORD, staff.mobile);
    assert.equal(own.done?.headers.location, '/handlaggare');
    assert.equal((await landsOn(own.agent, '/handlaggare')).response.status, 200);
    assert.equal((await own.agent.get(`/handlaggare/konto`)).status, 200);

    // A change asked for in Mitt konto: back to Mitt konto, and the same audit row.
    const rows = (await auditRows(testApp(), staff.account.id)).length;
    const asked = await fillIn(own.agent, NEW_PASSWORD_PAGE, {
      'Nuvarande lösenord': OWN_PASSWORD,
      'Nytt lösenord': `${OWN_PASSWORD} igen`,
      'Skriv det nya lösenordet igen': `${OWN_PASSWORD} igen`,
    });
    assert.equal(asked.response.headers.location, '/handlaggare/konto?klart=losenord');
    assert.match(
      (await testApp().services.smsOutbox?.latestTo(staff.mobile))?.text ?? '',
      /^Ditt lösenord till e-tjänsten har ändrats\. Var det inte du\? Kontakta systemadministratören/,
    );
    const [row] = (await auditRows(testApp(), staff.account.id)).slice(rows);
    assert.deepEqual(row, {
      actor_id: staff.account.id,
      subject: staff.account.id,
      action: 'change',
      outcome: 'ok',
      request_id: 'set',
    });
  });

  it('SEC-29 a temporary password older than 7 days is refused at the password step with what to do, and audited as a failed login', async () => {
    const staff = await addStaff(testApp());
    clock.advanceMinutes(7 * DAY_MINUTES - 1);
    const inTime = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    assert.ok(inTime.done, 'still valid a minute before the week is out');

    clock.advanceMinutes(1);
    const before = (await auditRows(testApp(), staff.account.id)).length;
    const late = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    assert.equal(late.step.status, 401);
    const $ = cheerio.load(late.step.text);
    assert.deepEqual(
      errorSummaryLinks($).map((link) => link.text),
      [EXPIRED],
    );
    assert.equal(fieldByLabel($, 'Användarnamn').val(), staff.username);
    assert.equal((await late.agent.get('/handlaggare')).status, 303);
    assert.deepEqual((await auditRows(testApp(), staff.account.id)).slice(before), [
      {
        actor_id: null,
        subject: staff.account.id,
        action: 'login',
        outcome: 'denied',
        request_id: 'set',
      },
    ]);
    // A wrong password says only that it is wrong: the expiry is told to the one who knows it.
    const wrong = await logIn(testApp(), staff.username, 'något helt annat lösenord', staff.mobile);
    assert.doesNotMatch(wrong.step.text, /gått ut/);

    // `staff password` hands out a new one: temporary again, with a new week.
    const fresh = await resetPassword(testApp(), staff.username);
    const again = await logIn(testApp(), staff.username, fresh, staff.mobile);
    assert.ok(again.done);
    assert.equal((await landsOn(again.agent, '/handlaggare')).path, NEW_PASSWORD_PAGE);
  });

  it('SEC-29 a temporary password that runs out while its session is open cannot be replaced with: the session ends and the login page says why', async () => {
    const staff = await addStaff(testApp());
    clock.advanceMinutes(7 * DAY_MINUTES - 2);
    const { agent, done } = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    assert.ok(done);
    const { $ } = await getPage(agent, NEW_PASSWORD_PAGE);

    clock.advanceMinutes(2);
    const late = await agent
      .post(NEW_PASSWORD_PAGE)
      .type('form')
      .send({
        _csrf: csrfTokenOf($),
        'nuvarande-losenord': staff.password,
        'nytt-losenord': OWN_PASSWORD,
        'nytt-losenord-igen': OWN_PASSWORD,
      });
    assert.equal(late.status, 303);
    const login = await getPage(agent, late.headers.location ?? '');
    assert.equal(textOf(login.$, '[role=alert]'), EXPIRED);
    assert.equal(textOf(login.$, 'h1'), 'Logga in för personal');
    assert.equal((await agent.get('/handlaggare')).status, 303, 'logged out');
    const own = await logIn(testApp(), staff.username, OWN_PASSWORD, staff.mobile);
    assert.equal(own.step.status, 401, 'the password was not changed');
  });

  it('staff password marks a password the person had chosen as temporary again; the demo caseworker is never asked', async () => {
    const staff = await addStaff(testApp());
    const first = await logIn(testApp(), staff.username, staff.password, staff.mobile);
    await fillIn(first.agent, NEW_PASSWORD_PAGE, {
      'Nuvarande lösenord': staff.password,
      'Nytt lösenord': OWN_PASSWORD,
      'Skriv det nya lösenordet igen': OWN_PASSWORD,
    });
    assert.equal(
      (await testApp().services.accounts.find(staff.account.id))?.passwordTemporarySince,
      null,
    );
    const fresh = await resetPassword(testApp(), staff.username);
    assert.equal(
      (await testApp().services.accounts.find(staff.account.id))?.passwordTemporarySince,
      clock.now().getTime(),
    );
    const again = await logIn(testApp(), staff.username, fresh, staff.mobile);
    assert.equal((await landsOn(again.agent, '/handlaggare')).path, NEW_PASSWORD_PAGE);

    const demo = await testApp().services.accounts.findStaff(demoCaseworker('9901'));
    if (!demo?.mobile) throw new Error('The demo caseworker is seeded with a phone');
    assert.equal(demo.passwordTemporarySince, null);
    const demoLogin = await logIn(testApp(), demo.username ?? '', DEMO_STAFF_PASSWORD, demo.mobile);
    const inbox = await landsOn(demoLogin.agent, demoLogin.done?.headers.location ?? '');
    assert.equal(inbox.path, '/handlaggare');
    assert.equal(inbox.response.status, 200);
  });
  it(
    'the new-password page, with and without errors, and the inbox that thanks are valid HTML (W3C Nu HTML checker)',
    { skip: htmlCheckSkip },
    async () => {
      const staff = await addStaff(testApp());
      const { agent } = await logIn(testApp(), staff.username, staff.password, staff.mobile);
      const page = (await agent.get(NEW_PASSWORD_PAGE)).text;
      const weak = await fillIn(agent, NEW_PASSWORD_PAGE, {
        'Nuvarande lösenord': staff.password,
        'Nytt lösenord': 'kort',
        'Skriv det nya lösenordet igen': 'kort',
      });
      await fillIn(agent, NEW_PASSWORD_PAGE, {
        'Nuvarande lösenord': staff.password,
        'Nytt lösenord': OWN_PASSWORD,
        'Skriv det nya lösenordet igen': OWN_PASSWORD,
      });
      const inbox = (await agent.get('/handlaggare?klart=losenord')).text;
      const problems = await checkHtml([
        { name: 'temporary password page', html: page },
        { name: 'temporary password page with errors', html: weak.response.text },
        { name: 'inbox after the change', html: inbox },
      ]);
      assert.deepEqual(
        problems.map((problem) => `${problem.name}: ${problem.text}`),
        [],
      );
    },
  );
});
