import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseMunicipality,
  familyAnswersOf,
  fillApplication,
  fillSteps,
  fixedClock,
  postStep,
  sendFromReview,
  startNewApplication,
} from '../helpers/application';
import { sendApplication } from '../helpers/cases';
import { buttonNamed, choiceGroup, fieldByLabel, linkNamed, shownValue } from '../helpers/fields';
import { agentFor, getPage, type Page } from '../helpers/http';
import { submitAsBrowser, typeInto } from '../helpers/submit-as-browser';
import { useTestApp } from '../helpers/test-services';

const BASE = '/ansokan/ekonomiskt-bistand';

/** The hint under a question's legend, as it is shown. */
const legendHint = ($: Page, legend: string) =>
  choiceGroup($, legend).children('legend').find('.label__description').text().trim();

/** The hint a field's aria-describedby points at. */
const fieldHint = ($: Page, label: string, within: string) => {
  const ids = (fieldByLabel($, label, { within }).attr('aria-describedby') ?? '').split(' ');
  return ids.map((id) => $(`[id="${id}"]`).text().trim()).join(' ');
};

describe('texts a new applicant on a phone met', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('"Bor det barn hos dig?" counts every child under 18, not only those in upper secondary school', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, `${BASE}/barn`);
    assert.equal(
      legendHint($, 'Bor det barn hos dig?'),
      'Räkna med alla barn under 18 år. Räkna också med barn under 21 år som går i gymnasiet.',
    );
  });

  it('the month question says at once which months were already sent, not only the review page', async () => {
    const sent = await sendApplication(testApp());
    await startNewApplication(sent.agent);
    const { $ } = await getPage(sent.agent, `${BASE}/period`);
    assert.equal(
      $('#sent-months').text().trim(),
      'Du har redan skickat en ansökan för december 2026. Om något har ändrats behöver du inte söka igen. Skriv ett meddelande till din handläggare på Mina sidor i stället.',
    );
    // A second month sent: the two are named as one says them, "november 2026 och december 2026".
    await fillSteps(
      sent.agent,
      familyAnswersOf(sent.applicant.personnummer).map(([step, answers]) => [
        step,
        step === 'period' ? { ...answers, period: '2026-11' } : answers,
      ]),
    );
    assert.equal((await sendFromReview(sent.agent)).status, 303);
    await startNewApplication(sent.agent);
    const { $: third } = await getPage(sent.agent, `${BASE}/period`);
    assert.match(
      third('#sent-months').text().trim(),
      /^Du har redan skickat en ansökan för november 2026 och december 2026\. /,
    );
    // Anyone without an account is told nothing of anyone's applications.
    const anonymous = agentFor(testApp().app);
    await chooseMunicipality(anonymous);
    const { $: page } = await getPage(anonymous, `${BASE}/period`);
    assert.equal(page('#sent-months').length, 0);
  });

  it('"Avbryt och radera mina uppgifter" and then "Nej, gå tillbaka" keeps what was typed on the step', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await postStep(agent, 'period', { period: '2026-12', changes: 'nej' });
    const { $ } = await getPage(agent, `${BASE}/om-dig`);
    typeInto(fieldByLabel($, 'Förnamn'), 'Ali');
    const cancel = buttonNamed($, 'Avbryt och radera mina uppgifter');
    assert.equal(cancel.length, 1, 'a button of the step form, not a link that drops the page');
    const { response } = await submitAsBrowser(agent, $, cancel);
    assert.equal(response.headers.location, `${BASE}/avbryt?fran=om-dig`);
    const { $: confirm } = await getPage(agent, `${BASE}/avbryt?fran=om-dig`);
    const keep = linkNamed(confirm, 'Nej, gå tillbaka till ansökan').attr('href') ?? '';
    assert.equal(keep, `${BASE}/om-dig`, 'back where the applicant was');
    const { $: again } = await getPage(agent, keep);
    assert.equal(shownValue(again, 'Förnamn'), 'Ali');
  });

  it('the hard words on Barn have help: folkbokfört, underhållsbidrag and underhållsstöd', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, `${BASE}/barn`);
    const help = (legend: string, within?: string) =>
      choiceGroup($, legend, within ? { within } : {})
        .find('details.portal-help p')
        .text()
        .trim();
    assert.equal(
      help('Är barnet folkbokfört hos dig?', 'Barn 1'),
      'Folkbokfört betyder att barnet är skrivet på din adress hos Skatteverket.',
    );
    assert.match(
      help('Har du ansökt om underhållsstöd eller får du underhållsbidrag?'),
      /^Underhållsbidrag är pengar som barnets andra förälder betalar till dig\. .*underhållsstöd hos Försäkringskassan\.$/,
    );
  });

  it('"Sista betalningsdag" has help for a cost without a bill (medicine, travel): the day paid or to be paid', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, `${BASE}/kostnader`);
    const help = fieldByLabel($, 'Sista betalningsdag', { within: 'Kostnad 2' })
      .closest('.portal-field')
      .find('details.portal-help');
    assert.equal(
      help.find('summary').text().trim(),
      'Hjälp med den här frågan – Sista betalningsdag',
    );
    assert.equal(
      help.find('p').text().trim(),
      'Datumet står på räkningen eller avin. Har du ingen räkning, till exempel för medicin eller resor? Skriv den dag du betalade eller ska betala.',
    );
  });

  it('without JS every conditional question is on the page, and each says when to answer it', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, `${BASE}/boende`);
    const noteBefore = (control: ReturnType<typeof fieldByLabel>) =>
      control.closest('.portal-field').children('.portal-conditional__note').text().trim();
    assert.equal(
      noteBefore(fieldByLabel($, 'Hur mycket får du i hyra per månad?')),
      'Fyll bara i det här om du har valt ”Ja” vid frågan ”Hyr du ut någon del av bostaden?”.',
    );
    assert.equal(
      noteBefore(fieldByLabel($, 'Vem har förstahandskontraktet?')),
      'Fyll bara i det här om du har valt ”Hyr i andra hand” eller ”Inneboende” vid frågan ”Hur bor du?”.',
    );
    // Seven kinds of housing of eight: the one left out is shorter to say.
    assert.equal(
      noteBefore(fieldByLabel($, 'Gatuadress')),
      'Fyll inte i det här om du har valt ”Har ingen bostad” vid frågan ”Hur bor du?”.',
    );
    // A question asked always has none.
    assert.equal(noteBefore(fieldByLabel($, 'Hur många vuxna bor i bostaden?')), '');

    const { $: costs } = await getPage(agent, `${BASE}/kostnader`);
    assert.equal(
      fieldByLabel(costs, 'Beskriv kostnaden', { within: 'Kostnad 1' })
        .closest('.portal-field')
        .children('.portal-conditional__note')
        .text()
        .trim(),
      'Fyll bara i det här om du har valt ”Annat” vid frågan ”Vad är kostnaden för?”.',
    );
  });

  it('an example amount or date never breaks across two lines (no-break spaces inside it)', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $: costs } = await getPage(agent, `${BASE}/kostnader`);
    assert.match(fieldHint(costs, 'Belopp i kronor', 'Kostnad 1'), /Till exempel 6\u00a0450\./);
    assert.match(
      fieldHint(costs, 'Sista betalningsdag', 'Kostnad 1'),
      /eller 31\u00a0december\u00a02026\./,
    );
  });

  it('the print page asks about a shared computer or phone before deleting', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, `${BASE}/klar`);
    assert.equal(
      $('main h2')
        .filter((_, heading) => $(heading).text().startsWith('Använder du'))
        .text(),
      'Använder du en dator eller telefon som andra också använder?',
    );
  });
});
