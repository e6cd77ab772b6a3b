import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  answersFor,
  chooseMunicipality,
  familyAnswers,
  fillSteps,
  fixedClock,
  postStep,
  storedApplication,
} from '../helpers/application';
import { checkedOptions, messageFor, shownValue } from '../helpers/fields';
import { agentFor } from '../helpers/http';
import { errorSummaryTexts } from '../helpers/journey';
import { useTestApp } from '../helpers/test-services';

/** The answers before a step, as a person has given them on the way there. */
function stepsBefore(stepId: string) {
  return familyAnswers.slice(
    0,
    familyAnswers.findIndex(([id]) => id === stepId),
  );
}

// A page without JavaScript shows every question at once, with "Fyll bara i det här om …"; a
// question answered though another answer rules it out is not dropped without a word.
describe('an answer in a question that another answer on the page rules out', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('"Beskriv vad du gör" without "Annat": said at the question, both answers kept', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, stepsBefore('sysselsattning'));
    const response = await postStep(agent, 'sysselsattning', {
      ...answersFor('sysselsattning'),
      applicantOther: 'Praktik på biblioteket',
    });
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    const message =
      'Du har fyllt i ”Beskriv vad du gör”. Den frågan gäller bara om du har valt ”Annat” vid frågan ”Vad gör du på dagarna?”. Välj det där, eller ta bort det du har fyllt i vid ”Beskriv vad du gör”.';
    assert.deepEqual(errorSummaryTexts($), [message]);
    assert.equal(messageFor($, 'Beskriv vad du gör'), message);
    assert.equal(shownValue($, 'Beskriv vad du gör'), 'Praktik på biblioteket');
    assert.deepEqual(checkedOptions($, 'Vad gör du på dagarna?').length, 2);
    const stored = await storedApplication(testApp().services, agent);
    assert.equal(stored?.draft.values.sysselsattning, undefined);

    // Choosing "Annat" as well makes the two agree: the step is saved with the text.
    const agreed = await postStep(agent, 'sysselsattning', {
      ...answersFor('sysselsattning'),
      applicant: ['arbetssokande', 'sfi', 'annat'],
      applicantOther: 'Praktik på biblioteket',
    });
    assert.equal(agreed.status, 303, errorSummaryTexts(cheerio.load(agreed.text)).join(' | '));
    const saved = await storedApplication(testApp().services, agent);
    assert.equal(saved?.draft.values.sysselsattning?.applicantOther, 'Praktik på biblioteket');
  });

  it('in a group row: a description typed for a cost that is not "Annat" names its row', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, stepsBefore('kostnader'));
    const response = await postStep(agent, 'kostnader', {
      ...answersFor('kostnader'),
      'costs.1.description': 'Elräkning för november',
    });
    assert.equal(response.status, 400);
    const $ = cheerio.load(response.text);
    const [summary] = errorSummaryTexts($);
    assert.match(summary ?? '', /^Kostnad 2: Du har fyllt i ”Beskriv kostnaden”/);
    assert.equal(
      shownValue($, 'Beskriv kostnaden', { within: 'Kostnad 2' }),
      'Elräkning för november',
    );
    assert.match(messageFor($, 'Beskriv kostnaden', { within: 'Kostnad 2' }), /”Annat”/);
  });
});
