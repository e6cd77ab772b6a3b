import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  answersFor,
  chooseMunicipality,
  familyAnswers,
  fillApplication,
  fillSteps,
  fixedClock,
  postStep,
  storedApplication,
} from '../helpers/application';
import { checkedOptions, shownValue } from '../helpers/fields';
import { agentFor, getPage } from '../helpers/http';
import { FormFill, errorSummaryTexts, follow } from '../helpers/journey';
import { answersIn, reviewAnswers } from '../helpers/review';
import { useTestApp } from '../helpers/test-services';

const BASE = '/ansokan/ekonomiskt-bistand';
const NO_INCOME = 'Det finns inga inkomster i hushållet i december 2026';
/** What a browser without JS sends with the box ticked after typing incomes: both. */
const tickedWithARow = {
  ...answersFor('inkomster'),
  noIncome: 'ingen-inkomst',
};

describe('Inkomster: "det finns inga inkomster" hides the incomes', () => {
  const testApp = useTestApp({ clock: fixedClock });

  const untilIncomes = familyAnswers.slice(
    0,
    familyAnswers.findIndex(([id]) => id === 'inkomster'),
  );

  it('the incomes are shown only while the box is not ticked: the browser hides them live', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    const { $ } = await getPage(agent, `${BASE}/inkomster`);
    const rows = $('fieldset')
      .filter((_, fieldset) => $(fieldset).children('legend').text().trim() === 'Inkomst 1')
      .first();
    const group = rows.closest('[data-show-if-name]');
    // portal.js hides the group while noIncome has this value; without JS it stays on the page.
    assert.equal(group.attr('data-show-if-name'), 'noIncome');
    assert.equal(group.attr('data-hide-if-values'), 'ingen-inkomst');
    assert.equal(group.attr('data-show-if-values'), undefined);
    assert.equal(group.find('h2').text().trim(), 'Inkomster');
  });

  it('neither an income nor the tick: the summary leads to "Lägg till inkomst", which carries the message', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    const response = await postStep(agent, 'inkomster', {});
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    const [link] = $('#error-summary a').toArray();
    assert.ok(link, 'an error in the summary');
    const target = $($(link).attr('href'));
    assert.equal(target.prop('tagName'), 'BUTTON', 'a control that takes the focus');
    assert.equal(target.attr('aria-describedby'), 'f-incomes-error');
    assert.equal($('#f-incomes-error').text().trim(), $(link).text().trim());
  });

  it('ticked with a typed income (a page without JS shows both): asked which is right, both kept', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    const response = await postStep(agent, 'inkomster', tickedWithARow);
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    const clash =
      'Du har fyllt i ”Inkomster”, men du har också valt ”Det finns inga inkomster i hushållet i december 2026” vid frågan ”Inkomster i december 2026”. Båda kan inte stämma. Ta bort det du har fyllt i vid ”Inkomster”, eller ändra ditt val.';
    assert.deepEqual(errorSummaryTexts($), [clash]);
    // Said at the incomes themselves, and the summary's link lands there.
    const group = $('#f-incomes');
    assert.equal(group.find('.label__message--error').text().trim(), clash);
    assert.equal($('.error-summary a, #error-summary a').first().attr('href'), '#f-incomes');
    // Nothing typed is lost: the tick and every row as typed.
    assert.deepEqual(checkedOptions($, 'Inkomster i december 2026'), [NO_INCOME]);
    assert.equal(shownValue($, 'Beskrivning', { within: 'Inkomst 1' }), 'Städbolaget AB');
    assert.equal(shownValue($, 'Belopp per månad i kronor', { within: 'Inkomst 2' }), '2 500');
    // And nothing of the clash was stored.
    const stored = await storedApplication(testApp().services, agent);
    assert.equal(stored?.draft.values.inkomster, undefined);
  });

  it('ticked with the rows left empty (or not sent: with JS they are disabled while hidden), the review shows no income rows', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    const response = await postStep(agent, 'inkomster', {
      noIncome: 'ingen-inkomst',
      'incomes.0.description': '  ',
    });
    assert.equal(response.status, 303, errorSummaryTexts(cheerio.load(response.text)).join(' | '));

    const stored = await storedApplication(testApp().services, agent);
    assert.deepEqual(stored?.draft.values.inkomster, { noIncome: ['ingen-inkomst'] });

    // Back on the step: the tick is kept, and the income group is hidden with JS as before.
    const again = await follow(agent, `${BASE}/inkomster`);
    assert.deepEqual(checkedOptions(again.$, 'Inkomster i december 2026'), [NO_INCOME]);

    await fillSteps(agent, familyAnswers.slice(untilIncomes.length + 1));
    const review = await follow(agent, `${BASE}/granska`);
    const incomes = answersIn(reviewAnswers(review.$), 'Inkomster');
    assert.deepEqual(incomes, [['Inkomster i december 2026', NO_INCOME]]);
    assert.doesNotMatch(review.$('main').text(), /Vem får inkomsten\?/);
  });

  it('ticked with JS (the rows hidden, so not sent), then unticked later: the incomes come back as typed', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    assert.equal((await postStep(agent, 'inkomster', answersFor('inkomster'))).status, 303);
    const ticked = await postStep(agent, 'inkomster', { noIncome: 'ingen-inkomst' });
    assert.equal(ticked.status, 303, errorSummaryTexts(cheerio.load(ticked.text)).join(' | '));
    // The answer is "no incomes": the typed incomes are no answer while hidden.
    const stored = await storedApplication(testApp().services, agent);
    assert.deepEqual(stored?.draft.values.inkomster, { noIncome: ['ingen-inkomst'] });

    const again = await follow(agent, `${BASE}/inkomster`);
    assert.deepEqual(checkedOptions(again.$, 'Inkomster i december 2026'), [NO_INCOME]);
    // Without JavaScript the page shows both, as saved: sent back unchanged, that is no clash.
    const unchanged = await new FormFill(again).submit(agent);
    assert.equal(unchanged.response.status, 303, errorSummaryTexts(unchanged.$).join(' | '));
    assert.equal(shownValue(again.$, 'Beskrivning', { within: 'Inkomst 1' }), 'Städbolaget AB');
    assert.equal(
      shownValue(again.$, 'Belopp per månad i kronor', { within: 'Inkomst 2' }),
      '2 500',
    );

    const later = await follow(agent, `${BASE}/inkomster`);
    await new FormFill(later).untick('Inkomster i december 2026', NO_INCOME).submitAndFollow(agent);
    await fillSteps(agent, familyAnswers.slice(untilIncomes.length + 1));
    const review = await follow(agent, `${BASE}/granska`);
    assert.deepEqual(answersIn(reviewAnswers(review.$), 'Inkomster').slice(0, 4), [
      ['Inkomst 1: Vem får inkomsten?', 'Min medsökande'],
      ['Inkomst 1: Typ av inkomst', 'Lön'],
      ['Inkomst 1: Beskrivning', 'Städbolaget AB'],
      ['Inkomst 1: Belopp per månad i kronor', '8 450,50 kr'],
    ]);
  });

  it("a question hidden by another step (the partner's occupation, while single) is not kept: back with a partner, it is asked again", async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    await postStep(agent, 'om-dig', { ...answersFor('om-dig'), civilStatus: 'ensamstaende' });
    await postStep(agent, 'sysselsattning', { applicant: ['arbetssokande', 'sfi'] });
    await postStep(agent, 'om-dig', { ...answersFor('om-dig'), civilStatus: 'sambo' });
    const stored = await storedApplication(testApp().services, agent);
    assert.equal(stored?.draft.values.sysselsattning, undefined, 'the step is asked again');
    assert.equal(stored?.draft.input.sysselsattning?.partner, undefined);
  });

  it('neither an income nor the box: asked for one or the other', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, untilIncomes);
    const page = await follow(agent, `${BASE}/inkomster`);
    const { response, $ } = await new FormFill(page).submit(agent);
    assert.equal(response.status, 400);
    assert.deepEqual(errorSummaryTexts($), [
      'Du har inte fyllt i någon inkomst. Fyll i minst en, eller kryssa i att det inte finns några inkomster.',
    ]);
  });
});
