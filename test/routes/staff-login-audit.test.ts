import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentFor } from '../helpers/http';
import {
  createApplicant,
  latestSmsCode,
  loginWithSms,
  postCode,
  postPassword,
  requestSmsCode,
} from '../helpers/login';
import { createStaff } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const STAFF_LOGIN = '/personal/logga-in';

async function auditOf(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  const rows = await testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']));
  return rows.map(({ actorId, role, municipality, subject, action, outcome }) => ({
    actorId,
    role,
    municipality,
    subject,
    action,
    outcome,
  }));
}

describe('SEC-29 staff logins in the audit log', () => {
  const testApp = useTestApp();

  it('a login with both factors is one "login" row; the password step alone is none', async () => {
    const { services } = testApp();
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const agent = agentFor(testApp().app);
    const password = await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      STAFF_LOGIN,
    );
    assert.equal(password.status, 303);
    assert.deepEqual(await auditOf(testApp(), password), []);
    await requestSmsCode(agent);
    const code = await latestSmsCode(services, staff.mobile);
    const { response } = await postCode(agent, 'sms', code);
    assert.equal(response.status, 303);
    assert.deepEqual(await auditOf(testApp(), response), [
      {
        actorId: staff.account.id,
        role: 'caseworker',
        municipality: '9901',
        subject: staff.account.id,
        action: 'login',
        outcome: 'ok',
      },
    ]);
  });

  it('a wrong password, an unknown username and a wrong code are "login" rows refused, naming no secret', async () => {
    const { services } = testApp();
    const staff = await createStaff(services, [
      { municipalityCode: '9901', role: 'readonly' },
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const agent = agentFor(testApp().app);
    const wrongPassword = 'fel lösenord som ingen har';
    const wrong = await postPassword(
      agent,
      { identitet: staff.username, losenord: wrongPassword },
      STAFF_LOGIN,
    );
    assert.equal(wrong.status, 401);
    const refused = {
      actorId: null,
      role: null,
      municipality: '9901,9902',
      subject: staff.account.id,
      action: 'login',
      outcome: 'denied',
    };
    assert.deepEqual(await auditOf(testApp(), wrong), [refused]);

    const unknown = await postPassword(
      agent,
      { identitet: 'ingen.sadan', losenord: wrongPassword },
      STAFF_LOGIN,
    );
    assert.equal(unknown.status, 401);
    assert.deepEqual(await auditOf(testApp(), unknown), [
      { ...refused, municipality: null, subject: null },
    ]);

    await postPassword(agent, { identitet: staff.username, losenord: staff.password }, STAFF_LOGIN);
    await requestSmsCode(agent);
    const code = await latestSmsCode(services, staff.mobile);
    const wrongCode = code === '000000' ? '111111' : '000000';
    const { response } = await postCode(agent, 'sms', wrongCode);
    assert.equal(response.status, 401);
    assert.deepEqual(await auditOf(testApp(), response), [refused]);

    const rows = await services.database.db.selectFrom('audit_event').selectAll().execute();
    // Every column but the time (digits a code could match by chance).
    const stored = JSON.stringify(rows.map((row) => ({ ...row, at: null })));
    for (const secret of [
      wrongPassword,
      staff.password,
      code,
      wrongCode,
      staff.username,
      'ingen.sadan',
    ]) {
      assert.ok(!stored.includes(secret), `the audit log holds no ${secret}`);
    }
  });

  it('applicant logins are not staff events', async () => {
    const { services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(testApp().app);
    const response = await loginWithSms(agent, services, applicant);
    assert.deepEqual(await auditOf(testApp(), response), []);
  });
});
