import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from 'otplib';
import { fillIn, newMobile } from '../helpers/account';
import { agentFor, csrfTokenOf, getPage } from '../helpers/http';
import { createApplicant, latestSmsCode, loginWithSms } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

/** The account's own rows: by and about it, in the order written. */
async function ownRows(testApp: TestApp, accountId: string) {
  const rows = await testApp.services.database.db
    .selectFrom('audit_event')
    .select(['actor_id', 'action', 'outcome', 'detail', 'role', 'municipality'])
    .where('subject', '=', accountId)
    .where('action', '=', 'change')
    .orderBy('seq')
    .execute();
  return rows.map((row) => {
    assert.equal(row.actor_id, accountId, 'the actor is the account itself');
    assert.equal(row.role, 'caseworker');
    assert.equal(row.municipality, '9901');
    return [row.outcome, row.detail];
  });
}

describe("SEC-29 a staff member's own password, mobile number and app: one audit row per post", () => {
  const clock = new ManualClock('2026-11-25T10:00:10+01:00');
  const testApp = useTestApp({ clock });

  it('SEC-29 a new mobile number: a wrong password, the code sent, a wrong code and the change are each one row', async () => {
    const { agent, staff } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const form = { 'Nytt mobilnummer': '070-555 98 76', 'Ditt lösenord': 'inte mitt lösenord' };
    const wrong = await fillIn(agent, '/handlaggare/konto/mobilnummer', form);
    assert.equal(wrong.response.status, 401);
    const empty = await fillIn(agent, '/handlaggare/konto/mobilnummer', {
      'Nytt mobilnummer': '',
      'Ditt lösenord': staff.password,
    });
    assert.equal(empty.response.status, 400);
    const started = await fillIn(agent, '/handlaggare/konto/mobilnummer', {
      ...form,
      'Ditt lösenord': staff.password,
    });
    assert.equal(started.response.status, 303);
    const badCode = await fillIn(agent, '/handlaggare/konto/mobilnummer/kod', {
      'Kod från SMS': '000000',
    });
    assert.equal(badCode.response.status, 401);
    const code = await latestSmsCode(testApp().services, '+46705559876');
    const done = await fillIn(agent, '/handlaggare/konto/mobilnummer/kod', {
      'Kod från SMS': code,
    });
    assert.equal(done.response.status, 303);

    assert.deepEqual(await ownRows(testApp(), staff.account.id), [
      ['denied', 'mobile'],
      ['invalid', 'mobile'],
      ['ok', 'mobile'],
      ['denied', 'mobile'],
      ['ok', 'mobile'],
    ]);
  });

  it('SEC-29 an authenticator app: a wrong password, the start, a wrong code, the app turned on and a cancelled second start', async () => {
    const { agent, staff } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const wrong = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': 'fel lösenord',
    });
    assert.equal(wrong.response.status, 401);
    const started = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': staff.password,
    });
    assert.equal(started.response.status, 303);
    const badCode = await fillIn(agent, '/handlaggare/konto/app', { 'Kod från din app': '000000' });
    assert.equal(badCode.response.status, 401);
    const { $ } = await getPage(agent, '/handlaggare/konto/app');
    const secret = $('code').text().replace(/\s/g, '');
    const epoch = Math.floor(clock.now().getTime() / 1000);
    const enrolled = await fillIn(agent, '/handlaggare/konto/app', {
      'Kod från din app': await generate({ secret, epoch }),
    });
    assert.equal(enrolled.response.status, 303);
    const again = await fillIn(agent, '/handlaggare/konto/app', {
      'Ditt lösenord': staff.password,
    });
    assert.equal(again.response.status, 303);
    const page = await getPage(agent, '/handlaggare/konto/app');
    const cancelled = await agent
      .post('/handlaggare/konto/app/avbryt')
      .type('form')
      .send({ _csrf: csrfTokenOf(page.$) });
    assert.equal(cancelled.status, 303);

    assert.deepEqual(await ownRows(testApp(), staff.account.id), [
      ['denied', 'app'],
      ['ok', 'app'],
      ['denied', 'app'],
      ['ok', 'app'],
      ['ok', 'app'],
      ['ok', 'app'],
    ]);
  });

  it('SEC-29 a new password: a wrong current password and a weak new one are refusals, the change is done', async () => {
    const { agent, staff } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const next = 'ett helt nytt lösenord för jobbet';
    const form = (current: string, chosen: string) => ({
      'Nuvarande lösenord': current,
      'Nytt lösenord': chosen,
      'Skriv det nya lösenordet igen': chosen,
    });
    const wrong = await fillIn(agent, '/handlaggare/konto/losenord', form('fel', next));
    assert.equal(wrong.response.status, 401);
    const weak = await fillIn(agent, '/handlaggare/konto/losenord', form(staff.password, 'kort'));
    assert.equal(weak.response.status, 400);
    const done = await fillIn(agent, '/handlaggare/konto/losenord', form(staff.password, next));
    assert.equal(done.response.status, 303);

    assert.deepEqual(await ownRows(testApp(), staff.account.id), [
      ['denied', 'password'],
      ['invalid', 'password'],
      ['ok', 'password'],
    ]);
  });

  it("an applicant's own changes are no staff events: nothing is written", async () => {
    const { app, services } = testApp();
    const { account, ...applicant } = await createApplicant(services, { mobile: newMobile() });
    const agent = agentFor(app);
    await loginWithSms(agent, services, { account, ...applicant });
    const wrong = await fillIn(agent, '/mina-sidor/konto/mobilnummer', {
      'Nytt mobilnummer': '070-555 98 76',
      'Ditt lösenord': 'inte mitt lösenord',
    });
    assert.equal(wrong.response.status, 401);
    const rows = await testApp()
      .services.database.db.selectFrom('audit_event')
      .select('id')
      .where('subject', '=', account.id)
      .execute();
    assert.deepEqual(rows, []);
  });
});
