import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_APPLICANT, DEMO_STAFF_PASSWORD, demoCaseworker } from '../../services/demo-accounts';
import { tabHref } from '../helpers/cases';
import { agentFor, getPage, textOf, type Agent, type Page } from '../helpers/http';
import { loginWithSms } from '../helpers/login';
import { loginStaff } from '../helpers/staff';
import { createTestApp, type TestApp } from '../helpers/test-services';

/** The names in the list a tab of the inbox shows, as the caseworker reads them. */
async function namesOnTab(agent: Agent, home: Page, tab: string): Promise<string[]> {
  const { $ } = await getPage(agent, tabHref(home, tab));
  return $('table tbody tr th a, table tbody tr td a')
    .toArray()
    .map((name) => $(name).text().trim());
}

async function applicationCount(services: TestApp['services']): Promise<number> {
  const row = await services.database.db
    .selectFrom('application')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('demo applications in development', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await createTestApp({ env: { NODE_ENV: 'development' } });
  });
  after(async () => {
    await testApp.cleanup();
  });

  /** Logged in as Exempelby's demo caseworker, with the demo password and an SMS code. */
  async function demoCaseworkerAgent(): Promise<Agent> {
    const username = demoCaseworker('9901');
    const account = await testApp.services.accounts.findStaff(username);
    assert.ok(account?.mobile);
    const agent = agentFor(testApp.app);
    await loginStaff(agent, testApp.services, {
      account,
      username,
      password: DEMO_STAFF_PASSWORD,
      mobile: account.mobile,
    });
    return agent;
  }

  it("fill the demo caseworker's inbox through the real services, once, and only in their own municipality", async () => {
    const { services } = testApp;
    const agent = await demoCaseworkerAgent();
    const home = await getPage(agent, '/handlaggare');
    assert.deepEqual(await namesOnTab(agent, home.$, 'Nya'), ['Erik Lindqvist', 'Samira Haddad']);
    const mine = await namesOnTab(agent, home.$, 'Mina ärenden');
    assert.deepEqual([...mine].sort(), ['Gunnar Papper', 'Jonas Berg', 'Maria Johansson']);
    // One asked online, one (a paper application, no account) by letter.
    const waiting = await namesOnTab(agent, home.$, 'Väntar på komplettering');
    assert.deepEqual([...waiting].sort(), ['Gunnar Papper', 'Maria Johansson']);
    const marked = await namesOnTab(agent, home.$, 'Fel och brister');
    assert.deepEqual([...marked].sort(), ['Gunnar Papper', 'Maria Johansson']);
    // The other municipality's demo case is not in this caseworker's lists.
    const everything = await namesOnTab(agent, home.$, 'Ej beslutade');
    assert.equal(everything.length, 5);
    assert.ok(!everything.includes('Ali Yilmaz'));
    assert.match(textOf(home.$, 'main'), /Ärenden/);

    assert.equal(await applicationCount(services), 7);
    await services.prepare();
    assert.equal(await applicationCount(services), 7, 'a restart adds no demo applications again');
  });

  it('give the demo caseworker a paper application asked by letter, whose answer can be registered', async () => {
    const { services } = testApp;
    const agent = await demoCaseworkerAgent();
    const row = await services.database.db
      .selectFrom('application')
      .select(['id', 'channel', 'owner_id'])
      .where('applicant_name', '=', 'Gunnar Papper')
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'post');
    assert.equal(row.owner_id, null);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${row.id}`);
    assert.match(textOf($, 'main'), /Väntar på svar per post\./);
    assert.equal($('a:contains("Registrera svaret")').length, 1);
    assert.equal($('a:contains("Brevet till den sökande (PDF)")').length, 1);
  });

  it('give each e-service case the papers its answers promise, to open from the case', async () => {
    const { services } = testApp;
    const agent = await demoCaseworkerAgent();
    const row = await services.database.db
      .selectFrom('application')
      .select(['id', 'period'])
      .where('applicant_name', '=', 'Samira Haddad')
      .executeTakeFirstOrThrow();
    const { $ } = await getPage(agent, `/handlaggare/arenden/${row.id}`);
    const group = $('#bilagor').nextAll('h3').first();
    assert.match(group.text(), /^Skickades med ansökan den \d+ \w+ \d{4}$/);
    const files = group
      .next('ul')
      .find('a')
      .toArray()
      .map((link) => $(link).text());
    assert.deepEqual(files, [`hyresavi-${row.period}.pdf`, `kontoutdrag-${row.period}.pdf`]);
    assert.equal($('#utlovade-bilagor').length, 0, 'nothing promised is missing');
    const opened = await agent.get(String(group.next('ul').find('a').first().attr('href')));
    assert.equal(opened.status, 200);
    assert.equal(opened.headers['content-type'], 'application/pdf');
  });

  it("give the demo applicant this month's application, decided, with its letter, on Mina sidor", async () => {
    const { app, services } = testApp;
    const agent = agentFor(app);
    const account = await services.accounts.findApplicant(DEMO_APPLICANT.personnummer);
    assert.ok(account);
    await loginWithSms(agent, services, { ...DEMO_APPLICANT, account, codes: new Map() });
    const { $ } = await getPage(agent, '/mina-sidor');
    const sent = $('main li, main article, main section')
      .filter((_, element) => $(element).text().includes('Beslut: delvis beviljad'))
      .first();
    assert.ok(sent.length > 0, textOf($, 'main'));
    const letter = sent.find('a:contains("Läs beslutsbrevet")').attr('href');
    assert.ok(letter);
    const pdf = await agent.get(letter).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
  });

  it('are not added in the tests (NODE_ENV=test), which start from an empty inbox', async () => {
    const plain = await createTestApp();
    try {
      assert.equal(await applicationCount(plain.services), 0);
    } finally {
      await plain.cleanup();
    }
  });
});
