import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillApplication, fixedClock } from '../helpers/application';
import { agentFor } from '../helpers/http';
import { follow } from '../helpers/journey';
import { answersIn, reviewAnswers } from '../helpers/review';
import { useTestApp } from '../helpers/test-services';

const REVIEW = '/ansokan/ekonomiskt-bistand/granska';

describe('the review page shows dates as people read them', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('"31 december 2026" in Swedish, "31 December 2026" in English, never 2026-12-31', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const swedish = reviewAnswers((await follow(agent, REVIEW)).$);
    assert.deepEqual(answersIn(swedish, 'Medsökande').at(-1), [
      'Tillståndet gäller till och med',
      '30 juni 2027',
    ]);
    assert.deepEqual(
      answersIn(swedish, 'Kostnader').filter(([question]) => question.endsWith('betalningsdag')),
      [
        ['Kostnad 1: Sista betalningsdag', '31 december 2026'],
        ['Kostnad 2: Sista betalningsdag', '15 december 2026'],
      ],
    );

    await agent.get(`/sprak/en?tillbaka=${encodeURIComponent(REVIEW)}`);
    const english = reviewAnswers((await follow(agent, REVIEW)).$);
    assert.deepEqual(answersIn(english, 'Co-applicant').at(-1), [
      'The permit is valid until',
      '30 June 2027',
    ]);
    assert.deepEqual(
      answersIn(english, 'Costs').filter(([question]) => question.endsWith('Due date')),
      [
        ['Cost 1: Due date', '31 December 2026'],
        ['Cost 2: Due date', '15 December 2026'],
      ],
    );
    for (const answer of [...swedish, ...english]) {
      assert.doesNotMatch(answer.answer, /\b\d{4}-\d{2}-\d{2}\b/, answer.question);
    }
  });
});
