import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answersFor,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  rowVersionOf,
  type StepAnswers,
} from '../helpers/application';
import { agentFor, csrfTokenOf, errorSummaryLinks } from '../helpers/http';
import { controlByLabel, follow } from '../helpers/journey';
import { useTestApp } from '../helpers/test-services';

const REVIEW = '/ansokan/ekonomiskt-bistand/granska';

describe('a step without answers on the review page', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('no costs says what that means; another empty step says there are no answers', async () => {
    const agent = agentFor(testApp().app);
    const answers = familyAnswers.map(([stepId, stepAnswers]): [string, StepAnswers] =>
      stepId === 'kostnader' || stepId === 'meddelande' ? [stepId, {}] : [stepId, stepAnswers],
    );
    await fillApplication(agent, answers);
    const { $ } = await follow(agent, REVIEW);
    const sectionText = (title: string) =>
      $('section.portal-review-section')
        .filter((_, section) => $(section).find('h2').text().trim() === title)
        .find('p')
        .text()
        .trim();
    assert.equal(
      sectionText('Kostnader'),
      'Inga kostnader. Du söker bara pengar enligt riksnormen, till mat, kläder, hygien och andra vanliga kostnader.',
    );
    assert.equal(sectionText('Meddelande'), 'Inga svar i det här steget.');
  });

  it('the review of a draft with a step saved with an error goes to that step, its error shown and its answer kept, and back to the review after it', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    // "Ändra" on Tillgångar, an amount that is refused: the answer is kept as typed.
    const refused = await postStep(agent, 'tillgangar', {
      ...answersFor('tillgangar'),
      bankBalance: 'ca 800 kr',
    });
    assert.equal(refused.status, 400);
    const shown = await follow(agent, REVIEW);
    assert.equal(shown.path, '/ansokan/ekonomiskt-bistand/tillgangar?granska=1&ratta=1');
    assert.equal(shown.response.status, 200);
    const [error] = errorSummaryLinks(shown.$);
    assert.ok(error, 'the error is said at once');
    assert.equal(error.href, '#f-bankBalance');
    assert.equal(
      controlByLabel(shown.$, 'Hur mycket pengar finns på alla bankkonton tillsammans?').val(),
      'ca 800 kr',
    );
    // The same from the PDF and "Skriv ut": why the page came, not an unexplained step.
    const fromPdf = await follow(agent, '/ansokan/ekonomiskt-bistand/ansokan.pdf');
    assert.equal(fromPdf.path, '/ansokan/ekonomiskt-bistand/tillgangar?granska=1&ratta=1');
    // Fixed, "Nästa" leads back to the review.
    const fixed = await agent
      .post(String(shown.$('#step-form').attr('action')))
      .type('form')
      .send({
        ...answersFor('tillgangar'),
        _action: 'next',
        _csrf: csrfTokenOf(shown.$),
        _version: rowVersionOf(shown.$),
      });
    assert.equal(fixed.status, 303);
    assert.match(fixed.headers.location ?? '', /\/granska(#|$)/);
  });
});
