import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Services } from '../../services';
import { databaseTargets } from '../helpers/database-targets';
import { agentFor, getPage } from '../helpers/http';
import { createStaff, loginStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

/** 25 municipalities of one's own: their codes, comma-joined, run past 100 characters. */
async function addMunicipalities(services: Services, count: number): Promise<string[]> {
  const codes: string[] = [];
  for (let index = 0; index < count; index++) {
    const code = String(9100 + index);
    await services.municipalities.add({
      code,
      name: `Kommun ${code}`,
      unitName: 'Försörjningsstöd',
      streetAddress: 'Gatan 1',
      postalCode: '123 45',
      city: 'Staden',
      phone: '010-100 00 00',
      email: `fs${code}@kommun.example`,
      website: null,
    });
    codes.push(code);
  }
  return codes;
}

for (const target of databaseTargets()) {
  describe(`staff with many municipalities on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;

    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('SEC-29 a caseworker with 25 grants logs in and lists the inbox, each logged in full', async () => {
      const { services } = opened;
      const { createApp } = await import('../../app');
      const codes = await addMunicipalities(services, 25);
      const staff = await createStaff(
        services,
        codes.map((municipalityCode) => ({ municipalityCode, role: 'caseworker' as const })),
      );
      const agent = agentFor(createApp(services));
      const login = await loginStaff(agent, services, staff);
      const loginRows = await services.auditLog.ofRequest(String(login.headers['x-request-id']));
      assert.deepEqual(
        loginRows.map((row) => [row.action, row.outcome, row.municipality]),
        [['login', 'ok', codes.join(',')]],
      );
      const { response, $ } = await getPage(agent, '/handlaggare');
      assert.equal(response.status, 200);
      assert.equal($('h1').first().text().trim() !== '', true);
      const listRows = await services.auditLog.ofRequest(String(response.headers['x-request-id']));
      assert.ok(listRows.length > 0);
      for (const row of listRows) assert.equal(row.outcome, 'ok');
      assert.ok(listRows.some((row) => row.municipality === codes.join(',')));
    });
  });
}
