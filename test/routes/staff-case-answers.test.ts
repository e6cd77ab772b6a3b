import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { answerRow, CASEWORKER_9901 } from '../helpers/completion';
import { getPage } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('the case page shows a question with several options chosen', () => {
  const testApp = useTestApp();

  it('as a list, one option a line, as the review page does; a single choice stays a line of text', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${sent.id}`);

    const several = answerRow($, 'Vad gör du på dagarna?').children('dd');
    assert.deepEqual(
      several
        .find('ul > li')
        .toArray()
        .map((item) => fold($(item).text())),
      ['Arbetssökande på Arbetsförmedlingen', 'Studerar svenska (sfi)'],
    );
    assert.doesNotMatch(several.text(), /,/, 'not joined with a comma');

    const one = answerRow($, 'Vad gör din medsökande på dagarna?').children('dd');
    assert.equal(one.find('ul').length, 0);
    assert.equal(fold(one.contents().first().text()), 'Arbetar deltid');
  });
});
