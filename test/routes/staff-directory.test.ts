import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hrefOf } from '../helpers/decisions';
import { getPage, textOf } from '../helpers/http';
import { createStaff, staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const auditOf = (testApp: TestApp, response: { headers: Record<string, unknown> }) =>
  testApp.services.auditLog
    .ofRequest(String(response.headers['x-request-id']))
    .then((rows) =>
      rows.map(({ action, outcome, role, municipality, subject }) => [
        action,
        outcome,
        role,
        municipality,
        subject,
      ]),
    );

describe('"Personal": who has access to the municipality, for its administrators', () => {
  const testApp = useTestApp();

  it('SEC-15 SEC-29 an administrator sees the staff of their own municipality only, with role, second factor and closed accounts; one audit row', async () => {
    const services = testApp().services;
    const colleague = await createStaff(services, [{ municipalityCode: '9901', role: 'readonly' }]);
    const left = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    await services.installationAdmin.disable(left.username);
    const elsewhere = await createStaff(services, [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const { agent, staff } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'admin' },
    ]);

    const inbox = await getPage(agent, '/handlaggare');
    const { response, $ } = await getPage(agent, hrefOf(inbox.$, 'Personal'));
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), 'Personal med behörighet');
    const rowOf = (username: string) =>
      $('table tbody tr')
        .filter((_, tr) => $(tr).find('td').first().text() === username)
        .find('th, td')
        .map((_, cell) => $(cell).text().trim())
        .get();
    assert.deepEqual(rowOf(colleague.username), [
      colleague.account.name,
      colleague.username,
      'läsbehörighet',
      `SMS till 070-XXX XX ${colleague.mobile.slice(-2)}`,
      'Aktivt',
    ]);
    assert.deepEqual(rowOf(left.username).slice(2), [
      'handläggare',
      `SMS till 070-XXX XX ${left.mobile.slice(-2)}`,
      'Avstängt',
    ]);
    assert.equal(rowOf(staff.username)[2], 'administratör');
    assert.deepEqual(rowOf(elsewhere.username), []);
    assert.match(textOf($, 'main'), /kontakta den som sköter e-tjänsten på IT-avdelningen/);
    assert.deepEqual(await auditOf(testApp(), response), [
      ['list', 'ok', 'admin', '9901', 'staff-list'],
    ]);
  });

  it('SEC-29 an administrator of two municipalities sees both lists in one look, logged as one row', async () => {
    const services = testApp().services;
    const there = await createStaff(services, [{ municipalityCode: '9902', role: 'caseworker' }]);
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'admin' },
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const { response, $ } = await getPage(agent, '/handlaggare/personal');
    assert.equal(response.status, 200);
    assert.doesNotMatch(textOf($, 'main'), new RegExp(there.username), 'not admin in 9902');
    assert.deepEqual(await auditOf(testApp(), response), [
      ['list', 'ok', 'admin', '9901', 'staff-list'],
    ]);

    const both = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'admin' },
      { municipalityCode: '9902', role: 'admin' },
    ]);
    const twoLists = await getPage(both.agent, '/handlaggare/personal');
    assert.match(textOf(twoLists.$, 'main'), new RegExp(there.username));
    assert.deepEqual(await auditOf(testApp(), twoLists.response), [
      ['list', 'ok', 'admin', '9901,9902', 'staff-list'],
    ]);
  });

  it('says whose handed-out password has not been used yet, and whose no longer works', async () => {
    const services = testApp().services;
    const fresh = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const stale = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    await services.installationAdmin.resetPassword(fresh.username);
    await services.installationAdmin.resetPassword(stale.username);
    // Handed out more than a week ago: the password no longer works.
    await services.database.db
      .updateTable('account')
      .set({ password_temporary_since: Date.now() - 8 * 24 * 3_600_000 })
      .where('id', '=', stale.account.id)
      .execute();
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'admin' }]);

    const { $ } = await getPage(agent, '/handlaggare/personal');
    const stateOf = (username: string) =>
      $('table tbody tr')
        .filter((_, tr) => $(tr).find('td').first().text() === username)
        .find('td')
        .last()
        .text();
    assert.match(
      stateOf(fresh.username),
      /^Tillfälligt lösenord, gäller till \d+ [a-zé]+ \d{4}\. Personen väljer ett eget lösenord vid nästa inloggning\.$/,
    );
    assert.equal(
      stateOf(stale.username),
      'Det tillfälliga lösenordet har slutat gälla. Personen behöver ett nytt.',
    );
    // Each cell names its column, for the cards on a phone.
    assert.equal($('table tbody td').last().attr('data-label'), 'Konto');
  });

  it('SEC-16 a caseworker or read-only user gets no link and a 403 for administrators, logged', async () => {
    for (const role of ['caseworker', 'readonly'] as const) {
      const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role }]);
      const inbox = await getPage(agent, '/handlaggare');
      assert.throws(() => hrefOf(inbox.$, 'Personal'), role);
      const { response, $ } = await getPage(agent, '/handlaggare/personal');
      assert.equal(response.status, 403, role);
      assert.equal(textOf($, 'h1'), 'Sidan är bara för administratörer');
      assert.doesNotMatch(textOf($, 'main'), /\.test\d/);
      assert.deepEqual(await auditOf(testApp(), response), [
        ['list', 'denied', null, null, 'staff-list'],
      ]);
    }
  });
});
