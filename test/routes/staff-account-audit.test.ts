import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfTokenOf, getPage, type Agent } from '../helpers/http';
import { createApplicant } from '../helpers/login';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

async function post(agent: Agent, page: string, path: string, fields: object) {
  const { $ } = await getPage(agent, page);
  return agent
    .post(path)
    .type('form')
    .send({ ...fields, _csrf: csrfTokenOf($) });
}

describe('the account desk in the audit log', () => {
  const testApp = useTestApp();

  async function rowsOf(actorId: string) {
    return testApp()
      .services.database.db.selectFrom('audit_event')
      .select(['action', 'outcome', 'subject', 'municipality', 'role'])
      .where('actor_id', '=', actorId)
      .where('action', '!=', 'login')
      .orderBy('at')
      .orderBy('id')
      .execute();
  }

  it('SEC-29 a search, opening an account, a new code list and its letter are each an audit row', async () => {
    const { services } = testApp();
    const applicant = await createApplicant(services, { mobile: '+46701230029' });
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const accountPage = `/handlaggare/konton/${applicant.account.id}`;

    const found = await post(agent, '/handlaggare/konton/sok', '/handlaggare/sok', {
      personnummer: applicant.personnummer,
    });
    assert.equal(found.status, 303);
    await getPage(agent, accountPage);
    const issued = await post(agent, accountPage, `${accountPage}/ny-kodlista`, {
      bekrafta: 'ja',
    });
    assert.equal(issued.status, 303);
    await getPage(agent, `${accountPage}/brev`);
    const pdf = await agent.get(`${accountPage}/brev.pdf`);
    assert.equal(pdf.status, 200);

    const row = (action: string) => ({
      action,
      outcome: 'ok',
      subject: applicant.account.id,
      municipality: '9901',
      role: 'caseworker',
    });
    assert.deepEqual(await rowsOf(staff.account.id), [
      row('search'),
      row('view'),
      // The account page again, as a browser shows it before the button is pressed.
      row('view'),
      row('change'),
      row('view'),
      row('pdf'),
    ]);
  });

  it('SEC-29 SEC-15 a person of another municipality, searched or added again, is a denied row', async () => {
    const { services } = testApp();
    const elsewhere = await createApplicant(services, { municipalityCode: '9902' });
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const searched = await post(agent, '/handlaggare/konton/sok', '/handlaggare/sok', {
      personnummer: elsewhere.personnummer,
    });
    assert.equal(searched.status, 200);
    const added = await post(agent, '/handlaggare/konton/ny', '/handlaggare/konton/ny', {
      personnummer: elsewhere.personnummer,
      namn: 'Någon Annan',
      mobil: '070-123 45 67',
      kommun: '9901',
    });
    assert.equal(added.status, 409);
    const rows = await rowsOf(staff.account.id);
    assert.deepEqual(
      rows.map((one) => [one.action, one.outcome]),
      [
        ['search', 'denied'],
        ['change', 'denied'],
      ],
    );
  });
});
