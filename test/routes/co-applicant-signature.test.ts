import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeStatus, sendApplication } from '../helpers/cases';
import {
  registerSignature,
  SIGNATURE_ACTION,
  SIGNATURE_DATE_LABEL,
} from '../helpers/co-applicant-signature';
import {
  CO_APPLICANT_NAME,
  createApplicantWithPhone,
  loggedIn,
  sendNaming,
} from '../helpers/co-applicant';
import { decide, hrefOf } from '../helpers/decisions';
import { fieldByLabel } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const BADGE = 'Väntar på underskrift från medsökande';
const BLOCKED =
  `Beslut kan inte fattas än. Medsökande ${CO_APPLICANT_NAME} har inte bekräftat ansökan ` +
  'och ingen underskrift på papper är registrerad. Registrera underskriften när den har kommit in.';

const auditOf = (testApp: TestApp, response: { headers: Record<string, unknown> }) =>
  testApp.services.auditLog
    .ofRequest(String(response.headers['x-request-id']))
    .then((rows) => rows.map(({ action, outcome, role }) => [action, outcome, role]));

const history = (page: Awaited<ReturnType<typeof getPage>>) =>
  page
    .$('#historik + ol li')
    .toArray()
    .map((item) => page.$(item).text().replace(/\s+/g, ' ').trim());

describe("the medsökande's signature before a decision", { skip: popplerSkipReason() }, () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a case whose medsökande has not signed cannot be decided: the case page, the decision page and a post say why', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;

    const received = await getPage(agent, casePath);
    const status = received.$('dt:contains("Status") + dd .badge');
    assert.deepEqual(
      status.toArray().map((badge) => received.$(badge).text().trim()),
      ['Inkommen', BADGE],
    );
    assert.ok(hrefOf(received.$, SIGNATURE_ACTION));

    await changeStatus(agent, casePath, 'Under handläggning');
    const handled = await getPage(agent, casePath);
    assert.throws(() => hrefOf(handled.$, 'Fatta beslut'), 'no decision without the signature');
    assert.ok(
      textOf(handled.$, 'section[aria-labelledby="beslut-heading"]').includes(BLOCKED),
      textOf(handled.$, 'section[aria-labelledby="beslut-heading"]'),
    );

    // Typed straight into the address bar: the page says why, and has no form.
    const direct = await getPage(agent, `${casePath}/beslut`);
    assert.equal(direct.response.status, 200);
    assert.deepEqual(
      errorSummaryLinks(direct.$).map((link) => link.text),
      [BLOCKED],
    );
    assert.equal(direct.$('form[action$="/beslut"]').length, 0);
    assert.ok(hrefOf(direct.$, SIGNATURE_ACTION));

    // A post made anyway (an old tab) is refused and logged, and nothing is decided.
    const posted = await agent
      .post(`${casePath}/beslut`)
      .type('form')
      .send({ _csrf: csrfTokenOf(direct.$), _version: '99', steg: 'bekrafta' });
    assert.equal(posted.status, 409);
    assert.deepEqual(await auditOf(testApp(), posted), [['change', 'invalid', 'caseworker']]);
    const row = await testApp()
      .services.database.db.selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'under-handlaggning');
  });

  it('registering the paper signature checks the day, keeps what was typed, shows in the history and lifts the stop', async () => {
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');

    const typedBack = async (day: string) => {
      const result = await registerSignature(agent, casePath, day);
      assert.equal(result.response.status, 400, day);
      return {
        errors: errorSummaryLinks(result.$).map((link) => link.text),
        value: String(fieldByLabel(result.$, SIGNATURE_DATE_LABEL).val()),
      };
    };
    assert.deepEqual(await typedBack(''), {
      errors: ['Skriv vilken dag underskriften kom in.'],
      value: '',
    });
    assert.deepEqual(await typedBack('25 november 2026'), {
      errors: ['Dagen kan inte vara senare än i dag. Skriv den dag underskriften kom in.'],
      value: '25 november 2026',
    });
    assert.deepEqual(await typedBack('31/6 2026'), {
      errors: ['Det finns ingen 31 juni. Kontrollera datumet.'],
      value: '31/6 2026',
    });
    assert.deepEqual(await typedBack('2026-11-01'), {
      errors: [
        'Ansökan skickades 24 november 2026. Underskriften kan inte ha kommit in före det. Kontrollera dagen.',
      ],
      value: '2026-11-01',
    });

    const done = await registerSignature(agent, casePath, '24/11 2026');
    assert.equal(done.response.status, 303, done.response.text.slice(0, 500));
    assert.deepEqual(await auditOf(testApp(), done.response), [['change', 'ok', 'caseworker']]);

    assert.equal(done.response.headers.location, `${casePath}?underskrift=1`);
    const after = await getPage(agent, done.response.headers.location);
    assert.match(
      textOf(after.$, '[role="status"]'),
      /Underskriften från medsökande är registrerad\./,
    );
    assert.deepEqual(
      after
        .$('dt:contains("Status") + dd .badge')
        .toArray()
        .map((badge) => after.$(badge).text().trim()),
      ['Under handläggning'],
    );
    assert.match(
      textOf(after.$, 'main'),
      new RegExp(
        `${CO_APPLICANT_NAME}: skrev under på papper\\. Underskriften kom in 24 november 2026\\.`,
      ),
    );
    assert.throws(() => hrefOf(after.$, SIGNATURE_ACTION), 'registered once');
    // The clock stands still in the test, so the lines are found, not counted from the end.
    assert.ok(
      history(after).includes(
        `24 november 2026 kl. 09.30: ${staff.account.name} registrerade att underskriften från medsökande kom in 24 november 2026.`,
      ),
      history(after).join('\n'),
    );

    const decided = await decide(agent, casePath);
    assert.equal(decided.response.status, 303);
    assert.equal(decided.response.headers.location, `${casePath}?beslut=sms#beslut-heading`);
  });

  it('a medsökande with an account who signs on paper instead: the case comes in from "Väntar på medsökande"', async () => {
    const partner = await createApplicantWithPhone(testApp().services);
    const sent = await sendNaming(testApp(), partner.personnummer);
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.applicationId}`;
    const waiting = await getPage(agent, casePath);
    assert.deepEqual(
      waiting
        .$('dt:contains("Status") + dd .badge')
        .toArray()
        .map((badge) => waiting.$(badge).text().trim()),
      ['Väntar på medsökande'],
    );
    const done = await registerSignature(agent, casePath);
    assert.equal(done.response.status, 303);
    const after = await getPage(agent, casePath);
    assert.equal(textOf(after.$, 'dt:contains("Status") + dd'), 'Inkommen');
    assert.ok(
      history(after).some((line) => line.endsWith('kom in 24 november 2026. Ny status: Inkommen.')),
      history(after).join('\n'),
    );
    // The applicant's receipt no longer says it waits; the medsökande is not asked to confirm.
    const mine = await getPage(sent.agent, sent.receiptPath);
    assert.ok(!textOf(mine.$, 'main').includes('Väntar på att'), textOf(mine.$, 'main'));
    const partnerAgent = await loggedIn(testApp(), partner);
    const toConfirm = await getPage(partnerAgent, `/mina-sidor/bekrafta/${sent.applicationId}`);
    assert.match(
      textOf(toConfirm.$, '[role="status"]'),
      /Din underskrift på papper har kommit in till kommunen\. Du behöver inte göra något mer\./,
    );
    assert.equal(
      toConfirm.$('button').filter((_, b) => toConfirm.$(b).text().trim() === 'Jag bekräftar')
        .length,
      0,
    );
  });

  it('SEC-16 the read-only role gets no button; its GET and POST are 403, logged, and change nothing', async () => {
    const sent = await sendApplication(testApp());
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const seen = await getPage(reader.agent, casePath);
    assert.throws(() => hrefOf(seen.$, SIGNATURE_ACTION));
    assert.ok(textOf(seen.$, 'main').includes(BADGE));

    const page = await reader.agent.get(`${casePath}/underskrift-medsokande`);
    assert.equal(page.status, 403);
    assert.deepEqual(await auditOf(testApp(), page), [['view', 'denied', 'readonly']]);
    const posted = await reader.agent
      .post(`${casePath}/underskrift-medsokande`)
      .type('form')
      .send({ _csrf: csrfTokenOf(seen.$), inkom: '2026-11-24' });
    assert.equal(posted.status, 403);
    assert.deepEqual(await auditOf(testApp(), posted), [['change', 'denied', 'readonly']]);
    const row = await testApp()
      .services.database.db.selectFrom('co_applicant')
      .select('state')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'paper');
  });

  it('SEC-15 SEC-19 another municipality gets the 404 of a missing case; a post without a CSRF token is refused', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const outside = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'caseworker' }]);
    const page = await outside.agent.get(`${casePath}/underskrift-medsokande`);
    assert.equal(page.status, 404);
    assert.deepEqual(await auditOf(testApp(), page), [['view', 'denied', null]]);
    const home = await getPage(outside.agent, '/handlaggare');
    const posted = await outside.agent
      .post(`${casePath}/underskrift-medsokande`)
      .type('form')
      .send({ _csrf: csrfTokenOf(home.$), inkom: '2026-11-24' });
    assert.equal(posted.status, 404);
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const forged = await agent
      .post(`${casePath}/underskrift-medsokande`)
      .type('form')
      .send({ inkom: '2026-11-24' });
    assert.equal(forged.status, 403);
    const row = await testApp()
      .services.database.db.selectFrom('co_applicant')
      .select('state')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.state, 'paper');
  });

  it('a post for a case that waits for no signature changes nothing and says so', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const first = await registerSignature(agent, casePath);
    assert.equal(first.response.status, 303);
    const page = await getPage(agent, `${casePath}/underskrift-medsokande`);
    assert.match(
      textOf(page.$, 'main'),
      /Ärendet väntar inte på någon underskrift från medsökande\./,
    );
    const again = await agent
      .post(`${casePath}/underskrift-medsokande`)
      .type('form')
      .send({ _csrf: csrfTokenOf(page.$), inkom: '2026-11-24' });
    assert.equal(again.status, 400);
    assert.match(again.text, /Ärendet väntar inte längre på någon underskrift från medsökande\./);
  });
});
