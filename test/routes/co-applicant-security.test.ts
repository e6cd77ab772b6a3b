import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../app';
import {
  createApplicantWithPhone,
  loggedIn,
  pressOnConfirmPage,
  sendNaming,
  storedHistory,
} from '../helpers/co-applicant';
import { fixedClock } from '../helpers/application';
import { databaseTargets } from '../helpers/database-targets';
import { csrfTokenOf, getPage } from '../helpers/http';
import { newPersonnummer } from '../helpers/login';
import type { TestApp } from '../helpers/test-services';
import { useTestApp } from '../helpers/test-services';

describe('the medsökande confirms: access and forgery', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('one named in many applications gets at most three SMS notices a day; Mina sidor lists every one', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    for (let sent = 0; sent < 4; sent++) await sendNaming(testApp(), spouse.personnummer);
    const notices = (await services.smsOutbox?.list(500))?.filter(
      (message) =>
        message.to === spouse.mobile && message.text.startsWith('Du har en ansökan att bekräfta'),
    );
    assert.equal(notices?.length, 3);
    const agentB = await loggedIn(testApp(), spouse);
    const { $ } = await getPage(agentB, '/mina-sidor');
    assert.equal($('a:contains("Läs och bekräfta")').length, 4);
  });

  it('SEC-14 IDOR: B cannot open or confirm an application that names someone else, a third user and the owner get 404, and nothing changes', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    const namingSpouse = await sendNaming(testApp(), spouse.personnummer);
    const otherSpouse = await createApplicantWithPhone(services);
    const namingOther = await sendNaming(testApp(), otherSpouse.personnummer);
    const third = await createApplicantWithPhone(services);

    const agentB = await loggedIn(testApp(), spouse);
    const notMine = `/mina-sidor/bekrafta/${namingOther.applicationId}`;
    assert.equal((await agentB.get(notMine)).status, 404);
    const { $ } = await getPage(agentB, '/mina-sidor');
    const token = csrfTokenOf($);
    for (const action of ['ja', 'nej']) {
      const forged = await agentB
        .post(`${notMine}/${action}`)
        .type('form')
        .send({ _csrf: token, meddelande: 'Nej' });
      assert.equal(forged.status, 404, action);
    }
    assert.equal((await agentB.get(`${namingSpouse.receiptPath}/underskrift.pdf`)).status, 404);
    assert.equal((await agentB.get('/mina-sidor/bekrafta/not-an-id')).status, 404);

    const agentC = await loggedIn(testApp(), third);
    const spousePath = `/mina-sidor/bekrafta/${namingSpouse.applicationId}`;
    assert.equal((await agentC.get(spousePath)).status, 404);
    const third$ = (await getPage(agentC, '/mina-sidor')).$;
    const byThird = await agentC
      .post(`${spousePath}/ja`)
      .type('form')
      .send({ _csrf: csrfTokenOf(third$) });
    assert.equal(byThird.status, 404);
    // The owner is not their own medsökande.
    assert.equal((await namingSpouse.agent.get(spousePath)).status, 404);

    for (const sent of [namingSpouse, namingOther]) {
      const history = await storedHistory(services, sent.applicationId);
      assert.equal(history.status, 'vantar-medsokande');
      assert.equal(history.coApplicant?.state, 'waiting');
      assert.equal(history.events.length, 1);
    }
  });

  it('SEC-14 IDOR: only the owner gets the paper signature form, and only until the medsökande has acted', async () => {
    const { services } = testApp();
    const sent = await sendNaming(testApp(), newPersonnummer());
    const path = `${sent.receiptPath}/underskrift.pdf`;
    const intruder = await loggedIn(testApp(), await createApplicantWithPhone(services));
    assert.equal((await intruder.get(path)).status, 404);
    assert.equal((await sent.agent.get(path)).status, 200);

    // Offered also when the medsökande has an account, so the form tells nothing about that;
    // gone once they have confirmed.
    const spouse = await createApplicantWithPhone(services);
    const waiting = await sendNaming(testApp(), spouse.personnummer);
    const form = `${waiting.receiptPath}/underskrift.pdf`;
    assert.equal((await waiting.agent.get(form)).status, 200);
    const agentB = await loggedIn(testApp(), spouse);
    const page = await getPage(agentB, `/mina-sidor/bekrafta/${waiting.applicationId}`);
    const confirm = page.$('form[action$="/ja"]');
    await agentB
      .post(confirm.attr('action') ?? '')
      .type('form')
      .send({ _csrf: String(confirm.find('input[name="_csrf"]').val()) });
    assert.equal((await waiting.agent.get(form)).status, 404);
  });

  it('SEC-19 CSRF: confirming or declining without a valid token -> 403, and nothing changes', async () => {
    const { services } = testApp();
    const spouse = await createApplicantWithPhone(services);
    const sent = await sendNaming(testApp(), spouse.personnummer);
    const agentB = await loggedIn(testApp(), spouse);
    const path = `/mina-sidor/bekrafta/${sent.applicationId}`;
    const withoutToken = await agentB.post(`${path}/ja`).type('form').send({});
    assert.equal(withoutToken.status, 403);
    const wrongToken = await agentB
      .post(`${path}/nej`)
      .type('form')
      .send({ _csrf: 'forged', meddelande: 'Nej' });
    assert.equal(wrongToken.status, 403);
    const history = await storedHistory(services, sent.applicationId);
    assert.equal(history.status, 'vantar-medsokande');
    assert.equal(history.coApplicant?.state, 'waiting');
    assert.equal(history.events.length, 1);
  });
});

for (const target of databaseTargets()) {
  describe(
    `the medsökande confirms on ${target.name}: parallel decisions`,
    { skip: target.skip },
    () => {
      let testApp: TestApp;
      before(async () => {
        const opened = await target.open({ clock: fixedClock });
        testApp = { ...opened, app: createApp(opened.services) };
      });
      after(async () => {
        await testApp.cleanup();
      });

      it('two parallel confirms make one change and one event; both lead to the same page', async () => {
        const spouse = await createApplicantWithPhone(testApp.services);
        const sent = await sendNaming(testApp, spouse.personnummer);
        const agentB = await loggedIn(testApp, spouse);
        const path = `/mina-sidor/bekrafta/${sent.applicationId}`;
        const { $ } = await getPage(agentB, path);
        const token = csrfTokenOf($);
        const responses = await Promise.all(
          Array.from({ length: 2 }, () =>
            agentB.post(`${path}/ja`).type('form').send({ _csrf: token }),
          ),
        );
        assert.deepEqual(
          responses.map((response) => [response.status, response.headers.location]),
          [
            [303, path],
            [303, path],
          ],
        );
        const history = await storedHistory(testApp.services, sent.applicationId);
        assert.equal(history.status, 'inkommen');
        assert.deepEqual(history.events.map((event) => event.to_status).sort(), [
          'inkommen',
          'vantar-medsokande',
        ]);
      });

      it('a confirm and a decline in parallel: exactly one of them wins', async () => {
        const spouse = await createApplicantWithPhone(testApp.services);
        const sent = await sendNaming(testApp, spouse.personnummer);
        const agentB = await loggedIn(testApp, spouse);
        const path = `/mina-sidor/bekrafta/${sent.applicationId}`;
        await Promise.all([
          pressOnConfirmPage(agentB, path, 'Jag bekräftar'),
          pressOnConfirmPage(agentB, path, 'Jag bekräftar inte', { meddelande: 'Fel inkomst' }),
        ]);
        const history = await storedHistory(testApp.services, sent.applicationId);
        const decisions = history.events.filter(
          (event) => event.from_status === 'vantar-medsokande',
        );
        assert.equal(decisions.length, 1);
        assert.equal(history.status, decisions[0]?.to_status);
        assert.equal(
          history.coApplicant?.state,
          history.status === 'inkommen' ? 'confirmed' : 'declined',
        );
      });
    },
  );
}
