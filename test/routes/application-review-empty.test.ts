import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  familyAnswers,
  fillApplication,
  fixedClock,
  type StepAnswers,
} from '../helpers/application';
import { agentFor } from '../helpers/http';
import { follow } from '../helpers/journey';
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
});
