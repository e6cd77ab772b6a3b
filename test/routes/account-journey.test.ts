import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { familyAnswersOf, fillSteps, fixedClock, sendFromReview } from '../helpers/application';
import { uploadFiles } from '../helpers/attachments';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import {
  askedCodeNumber,
  newPersonnummer,
  postCode,
  postPassword,
  requestSmsCode,
} from '../helpers/login';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { activate } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const PASSWORD = 'mitt eget långa lösenord';

/** What a caseworker hands out: an account, an activation code and a code list (the letter). */
async function letterFor(testApp: TestApp, mobile: string | null) {
  const { services } = testApp;
  const personnummer = newPersonnummer();
  const account = await services.accounts.createApplicant({
    personnummer,
    name: 'Sara Sökande',
    mobile,
    municipalityCode: '9901',
  });
  const { code } = await services.activationCodes.issue(account.id);
  const list = await services.codeLists.issue(account.id);
  return { personnummer, code, codes: new Map(list.codes.map((c) => [c.number, c.code])) };
}

async function logOut(agent: Agent) {
  const { $ } = await getPage(agent, '/mina-sidor');
  const token = String($('form[action="/logga-ut"] input[name="_csrf"]').val());
  assert.equal((await agent.post('/logga-ut').type('form').send({ _csrf: token })).status, 303);
}

/** From Mina sidor: a new application, every step, two attachments, sent; the receipt page. */
async function applyWithAttachmentsAndSend(agent: Agent, personnummer: string) {
  const mine = await getPage(agent, '/mina-sidor');
  await agent
    .post('/mina-sidor/ny-ansokan')
    .type('form')
    .send({ utga: 'tom', _csrf: csrfTokenOf(mine.$) });
  await fillSteps(agent, familyAnswersOf(personnummer));
  const uploaded = await uploadFiles(agent, [
    { filename: 'kontoutdrag.pdf', bytes: await samplePdf() },
    { filename: 'hyresavi.png', bytes: samplePng() },
  ]);
  assert.equal(uploaded.response.status, 303);
  const sent = await sendFromReview(agent);
  assert.equal(sent.status, 303);
  const receipt = await getPage(agent, sent.headers.location ?? '');
  assert.equal(textOf(receipt.$, 'h1'), 'Ansökan är inskickad');
  assert.match(textOf(receipt.$, 'main'), /Kvittonummer\s*EB-[2-9A-Z]{4}-[2-9A-Z]{4}/);
  assert.match(textOf(receipt.$, 'main'), /Kommun\s*Exempelby kommun/);
}

describe('from the letter to a sent application', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('activation, then password and an SMS code read from the outbox, then an application with two attachments sent', async () => {
    const { app, services } = testApp();
    const letter = await letterFor(testApp(), '+46701230077');
    const agent = agentFor(app);
    const activated = await activate(agent, {
      personnummer: letter.personnummer,
      code: letter.code,
      password: PASSWORD,
    });
    assert.equal(activated.response.status, 303);
    assert.equal(activated.response.headers.location, '/mina-sidor?aktiverad=1');
    const welcome = await getPage(agent, '/mina-sidor?aktiverad=1');
    assert.match(textOf(welcome.$, '[role="status"]'), /Ditt konto är aktiverat/);
    await logOut(agent);

    assert.equal(
      (await postPassword(agent, { identitet: letter.personnummer, losenord: PASSWORD })).status,
      303,
    );
    await requestSmsCode(agent);
    const outbox = await getPage(agent, '/dev/sms');
    const code = /(\d{6}) är din kod/.exec(textOf(outbox.$, 'tbody tr:first-child'))?.[1] ?? '';
    const { response } = await postCode(agent, 'sms', code);
    assert.equal(response.headers.location, '/mina-sidor');
    await applyWithAttachmentsAndSend(agent, letter.personnummer);
    assert.ok(await services.smsOutbox?.latestTo('+46701230077'));
  });

  it("the same with a numbered code from the letter's code list", async () => {
    const { app } = testApp();
    const letter = await letterFor(testApp(), null);
    const agent = agentFor(app);
    await activate(agent, {
      personnummer: letter.personnummer,
      code: letter.code,
      password: PASSWORD,
    });
    await logOut(agent);
    await postPassword(agent, { identitet: letter.personnummer, losenord: PASSWORD });
    const number = await askedCodeNumber(agent);
    const { response } = await postCode(agent, 'kodlista', letter.codes.get(number) ?? '');
    assert.equal(response.headers.location, '/mina-sidor');
    await applyWithAttachmentsAndSend(agent, letter.personnummer);
  });
});
