import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { familyAnswers, rowVersionOf, THREE_INCOMES } from '../helpers/application';
import { csrfTokenOf, getPage, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { startByHand, draftPathOf } from '../helpers/paper-registration';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** One staff step page posted as a browser would: its own token and row version. */
async function postPaperStep(
  agent: Agent,
  path: string,
  answers: Record<string, string | string[]>,
  action = 'next',
) {
  const { $ } = await getPage(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({ ...answers, _action: action, _csrf: csrfTokenOf($), _version: rowVersionOf($) });
}

describe('Registrera pappersansökan: rows removed and added on a step', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it("a removed row is said where the rows are and takes the focus; an added row's first field does; a plain load focuses nothing", async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(agent));
    for (const [stepId, answers] of familyAnswers) {
      if (stepId === 'inkomster') break;
      const response = await postPaperStep(agent, `${draftPath}/steg/${stepId}`, answers);
      assert.equal(response.status, 303, `${stepId}: ${response.text.slice(0, 1500)}`);
    }
    const step = `${draftPath}/steg/inkomster`;

    const removed = await postPaperStep(agent, step, THREE_INCOMES, 'remove:incomes:1');
    assert.equal(removed.status, 303);
    assert.equal(removed.headers.location, `${step}?borttagen=incomes-2#f-incomes-removed`);
    const after = await getPage(agent, removed.headers.location);
    const message = after.$('#f-incomes-removed');
    assert.equal(message.text().trim(), 'Inkomst 2 är borttagen.');
    assert.equal(message.attr('role'), 'status');
    assert.equal(message.attr('tabindex'), '-1');
    assert.notEqual(message.attr('autofocus'), undefined);
    assert.deepEqual(
      after
        .$('fieldset.portal-group__row > legend')
        .toArray()
        .map((legend) => after.$(legend).text().trim()),
      ['Inkomst 1', 'Inkomst 2'],
    );

    const plain = await getPage(agent, step);
    // The applicant's own text, the month filled in as on the applicant's step.
    assert.match(
      plain.$('main').text(),
      /Skriv alla inkomster som du och din medsökande har i [a-z]+ 20\d\d\. Skriv beloppet efter skatt\./,
    );
    assert.doesNotMatch(plain.$('main').text(), /\{month\}/);
    assert.equal(plain.$('.portal-row-removed').length, 0);
    assert.equal(plain.$('[autofocus]').length, 0, 'a plain load takes no focus');

    const added = await postPaperStep(
      agent,
      step,
      Object.fromEntries(
        Object.entries(THREE_INCOMES).filter(([name]) => !name.startsWith('incomes.2')),
      ),
      'add:incomes',
    );
    assert.equal(added.status, 303);
    assert.match(added.headers.location ?? '', /\?lagt-till=incomes-3$/);
    const withRow = cheerio.load((await agent.get(added.headers.location ?? '')).text);
    assert.equal(withRow('[autofocus]').length, 1);
    assert.equal(
      withRow('[autofocus]').closest('fieldset.portal-group__row').children('legend').text().trim(),
      'Inkomst 3',
    );
  });
});
