import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  familyAnswersOf,
  fillSteps,
  fixedClock,
  sendFromReview,
  type StepAnswers,
} from '../helpers/application';
import {
  CO_APPLICANT_NAME,
  createApplicantWithPhone,
  loggedIn,
  sendNaming,
} from '../helpers/co-applicant';
import { linkNamed } from '../helpers/fields';
import { csrfTokenOf, getPage, textOf, type Agent, type Page } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

/** The family's application as someone who lives alone sends it: no medsökande step. */
function aloneAnswersOf(personnummer: string): [string, StepAnswers][] {
  const changed: Record<string, StepAnswers> = {
    sysselsattning: { applicant: ['arbetssokande'] },
    inkomster: {
      'incomes.0.person': 'sokande',
      'incomes.0.type': 'barnbidrag',
      'incomes.0.amount': '2 500',
    },
  };
  return familyAnswersOf(personnummer)
    .filter(([step]) => step !== 'medsokande')
    .map(([step, answers]) => {
      if (step === 'om-dig') return [step, { ...answers, civilStatus: 'ensamstaende' }];
      if (step === 'boende') return [step, { ...answers, adults: '1' }];
      return [step, changed[step] ?? answers];
    });
}

/** What Mina sidor and its pages offer about a medsökande: headings, links, text. */
function coApplicantMentions($: Page): string[] {
  const links = $('a')
    .toArray()
    .map((link) => $(link).attr('href') ?? '')
    .filter((href) => /bekrafta|underskrift/.test(href));
  const words = textOf($, 'main').match(/[^.]*medsökande[^.]*/gi) ?? [];
  return [...links, ...words];
}

describe('Mina sidor for someone who applies alone', () => {
  const testApp = useTestApp({ clock: fixedClock });

  async function sentAlone() {
    const { services } = testApp();
    const applicant = await createApplicantWithPhone(services);
    const agent = await loggedIn(testApp(), applicant);
    const { $ } = await getPage(agent, '/mina-sidor');
    const started = await agent
      .post('/mina-sidor/ny-ansokan')
      .type('form')
      .send({ utga: 'tom', _csrf: csrfTokenOf($) });
    assert.equal(started.status, 303);
    await fillSteps(agent, aloneAnswersOf(applicant.personnummer));
    const sent = await sendFromReview(agent);
    assert.equal(sent.status, 303);
    const receiptPath = sent.headers.location?.split('?')[0] ?? '';
    return { agent, receiptPath, applicationId: receiptPath.split('/').pop() ?? '' };
  }

  /** A 404 that says plainly there is nothing here and leads back to Mina sidor. */
  async function assertNothingHere(agent: Agent, path: string, heading: string) {
    const { response, $ } = await getPage(agent, path);
    assert.equal(response.status, 404, path);
    assert.equal(textOf($, 'h1'), heading, path);
    assert.equal(linkNamed($, 'Till Mina sidor').attr('href'), '/mina-sidor', path);
  }

  it('offers nothing about a medsökande, and a direct visit gets a plain page back to Mina sidor', async () => {
    const { agent, receiptPath, applicationId } = await sentAlone();
    const { $: mine } = await getPage(agent, '/mina-sidor');
    assert.match(textOf(mine, 'main'), /Inskickade ansökningar/);
    assert.deepEqual(coApplicantMentions(mine), []);
    const { $: receipt } = await getPage(agent, receiptPath);
    assert.match(textOf(receipt, 'main'), /Kvittonummer/);
    assert.deepEqual(coApplicantMentions(receipt), []);

    // Typed or bookmarked addresses of the medsökande's pages: nothing to show, never a 500.
    for (const id of [applicationId, randomUUID(), 'inte-ett-id']) {
      await assertNothingHere(agent, `/mina-sidor/bekrafta/${id}`, 'Ingen ansökan att bekräfta');
    }
    const forged = await agent
      .post(`/mina-sidor/bekrafta/${applicationId}/ja`)
      .type('form')
      .send({ _csrf: csrfTokenOf(mine) });
    assert.equal(forged.status, 404);
    await assertNothingHere(
      agent,
      `${receiptPath}/underskrift.pdf`,
      'Ingen blankett att skriva ut',
    );
  });

  it('SEC-14 shows the medsökande part where there is one: the owner and the medsökande named', async () => {
    const { services } = testApp();
    const partner = await createApplicantWithPhone(services);
    const owner = await sendNaming(testApp(), partner.personnummer);
    const { $: receipt } = await getPage(owner.agent, owner.receiptPath);
    assert.match(textOf(receipt, 'main'), new RegExp(`${CO_APPLICANT_NAME} ska bekräfta`));
    assert.ok(coApplicantMentions(receipt).includes(`${owner.receiptPath}/underskrift.pdf`));

    const partnerAgent = await loggedIn(testApp(), partner);
    const { $: partnerPages } = await getPage(partnerAgent, '/mina-sidor');
    assert.match(textOf(partnerPages, 'main'), /Ansökningar du ska bekräfta/);
    assert.ok(
      coApplicantMentions(partnerPages).includes(`/mina-sidor/bekrafta/${owner.applicationId}`),
    );
    // Someone else's application reads exactly like a missing one.
    const { agent: alone } = await sentAlone();
    await assertNothingHere(
      alone,
      `/mina-sidor/bekrafta/${owner.applicationId}`,
      'Ingen ansökan att bekräfta',
    );
  });
});
