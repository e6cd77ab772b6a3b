import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseMunicipality,
  familyAnswers,
  familyAnswersOf,
  fixedClock,
  postStep,
  startNewApplication,
} from '../helpers/application';
import { createApplicantWithPhone, loggedIn, sendNaming } from '../helpers/co-applicant';
import { askForCompletion, caseUnderHandling } from '../helpers/completion';
import { buttonNamed, linkNamed } from '../helpers/fields';
import { agentFor, getPage, textOf, type Agent } from '../helpers/http';
import { submitAsBrowser } from '../helpers/submit-as-browser';
import { useTestApp } from '../helpers/test-services';

const SITE = { sv: 'E-tjänst för ekonomiskt bistånd', en: 'E-service for financial assistance' };
const DECEMBER = 'Ansökan om ekonomiskt bistånd – december 2026';

/** The page's title and its heading, as a screen reader meets them on load. */
async function titleAndHeading(agent: Agent, path: string) {
  const { $, response } = await getPage(agent, path);
  assert.equal(response.status, 200, path);
  return { title: textOf($, 'title'), heading: textOf($, 'h1') };
}

describe('page titles', () => {
  const testApp = useTestApp({ clock: fixedClock });

  for (const language of ['sv', 'en'] as const) {
    it(`each step of the form has a title of its own, naming the step as its heading does (${language})`, async () => {
      const agent = agentFor(testApp().app);
      if (language === 'en') await getPage(agent, '/sprak/en?tillbaka=/');
      const titles: string[] = [];
      const check = async (path: string) => {
        const { title, heading } = await titleAndHeading(agent, path);
        // "<page or step> – <site>", as every page has it.
        assert.equal(title, `${heading} – ${SITE[language]}`, path);
        titles.push(title);
      };
      await check('/');
      await check('/kommun');
      await chooseMunicipality(agent);
      for (const [stepId, answers] of familyAnswers) {
        await check(`/ansokan/ekonomiskt-bistand/${stepId}`);
        assert.equal((await postStep(agent, stepId, answers)).status, 303, stepId);
      }
      await check('/ansokan/ekonomiskt-bistand/granska');
      await check('/ansokan/ekonomiskt-bistand/klar');
      await check('/ansokan/ekonomiskt-bistand/avbryt');
      assert.equal(titles.length, familyAnswers.length + 5);
      assert.deepEqual(
        titles.filter((title, index) => titles.indexOf(title) !== index),
        [],
        'no two pages of the journey share a title',
      );
    });
  }

  it('a page about one of the applicant’s applications names it in its title', async () => {
    // Completing: two months' applications may both wait for one.
    const inHand = await caseUnderHandling(testApp());
    const path = await askForCompletion(inHand, {
      answers: [['Postnummer', 'Stämmer inte med adressen.']],
    });
    const { agent } = inHand.sent;
    assert.equal(
      (await titleAndHeading(agent, path)).title,
      `Komplettera din ansökan – ${DECEMBER} – ${SITE.sv}`,
    );

    // The application's own page is named by it.
    const receiptPath = `/mina-sidor/ansokningar/${inHand.sent.id}`;
    assert.equal((await titleAndHeading(agent, receiptPath)).title, `${DECEMBER} – ${SITE.sv}`);

    // A message that could not be sent comes back on a page of its own.
    const receipt = await getPage(agent, receiptPath);
    const empty = await submitAsBrowser(
      agent,
      receipt.$,
      buttonNamed(receipt.$, 'Skicka meddelandet'),
    );
    assert.equal(empty.response.status, 400);
    assert.equal(
      textOf(empty.$, 'title'),
      `Fel: Meddelande till handläggaren – ${DECEMBER} – ${SITE.sv}`,
    );

    // Deleting a draft from Mina sidor: not the same title as "Avbryt" in the form.
    await startNewApplication(agent);
    const [period] = familyAnswersOf(inHand.sent.applicant.personnummer);
    assert.ok(period);
    await postStep(agent, period[0], { ...period[1], period: '2026-11' });
    const myPages = await getPage(agent, '/mina-sidor');
    const remove = linkNamed(myPages.$, 'Ta bort: Ansökan om ekonomiskt bistånd – november 2026');
    assert.equal(
      (await titleAndHeading(agent, remove.attr('href') ?? '')).title,
      `Vill du ta bort ansökan? – Ansökan om ekonomiskt bistånd – november 2026 – ${SITE.sv}`,
    );
    assert.equal(
      (await titleAndHeading(agent, '/ansokan/ekonomiskt-bistand/avbryt')).title,
      `Vill du ta bort ansökan? – ${SITE.sv}`,
    );
  });

  it('the medsökande’s page to confirm an application names it in its title', async () => {
    const partner = await createApplicantWithPhone(testApp().services);
    const sent = await sendNaming(testApp(), partner.personnummer);
    const agent = await loggedIn(testApp(), partner);
    const { title } = await titleAndHeading(agent, `/mina-sidor/bekrafta/${sent.applicationId}`);
    assert.equal(title, `Bekräfta ansökan – ${DECEMBER} – ${SITE.sv}`);
  });
});
