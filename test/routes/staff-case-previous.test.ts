import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { answerRow, CASEWORKER_9901 } from '../helpers/completion';
import { linkNamed } from '../helpers/fields';
import { fold, getPage, type Page } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

/** The lines under an answer: what a completion changed, what it was the month before. */
const notesUnder = ($: Page, question: string) =>
  answerRow($, question)
    .find('dd > .portal-answer-change')
    .toArray()
    .map((line) => fold($(line).text()));

/** Two applications of one applicant: November's, and December's with a new address. */
async function twoMonths(testApp: TestApp, earlierMunicipality = '9901') {
  const november = await sendApplication(testApp, {
    municipalityCode: earlierMunicipality,
    changes: { period: { period: '2026-11' } },
  });
  const december = await sendApplication(testApp, {
    changes: { boende: { street: 'Nygatan 12' } },
  });
  // One person: the inbox's column says whose application it is (the helper makes new people).
  const db = testApp.services.database.db;
  const { applicant_personnummer } = await db
    .selectFrom('application')
    .select('applicant_personnummer')
    .where('id', '=', december.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('application')
    .set({ applicant_personnummer })
    .where('id', '=', november.id)
    .execute();
  return { november, december };
}

describe('the case page compares the answers with the applicant’s previous month', () => {
  const testApp = useTestApp();

  it('says under a changed answer what it was in the previous month, and how many changed, with a link to that case; the view’s one audit row names it', async () => {
    const { november, december } = await twoMonths(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${december.id}`);

    const street = answerRow($, 'Gatuadress').children('dd');
    assert.equal(fold(street.contents().first().text()), 'Nygatan 12');
    assert.deepEqual(notesUnder($, 'Gatuadress'), ['I ansökan för november 2026: Storgatan 5 B']);
    // An unchanged answer says nothing more, nor the month applied for, which differs every time.
    assert.deepEqual(notesUnder($, 'Postnummer'), []);
    assert.deepEqual(notesUnder($, 'Vilken månad söker du för?'), []);
    const summary = fold($('.portal-case__comparison').text());
    assert.match(summary, /^Jämfört med ansökan för november 2026: \d+ svar är ändrade\./);
    assert.equal(
      linkNamed($, 'Öppna ansökan för november 2026').attr('href'),
      `/handlaggare/arenden/${november.id}`,
    );

    const rows = await testApp()
      .services.database.db.selectFrom('audit_event')
      .select(['action', 'shown'])
      .where('subject', '=', december.id)
      .where('action', '=', 'view')
      .execute();
    assert.deepEqual(rows, [{ action: 'view', shown: JSON.stringify([november.id]) }]);
  });

  it('SEC-15 an application in a municipality the caseworker has no grant in is not compared', async () => {
    const { december } = await twoMonths(testApp(), '9902');
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${december.id}`);
    assert.equal($('.portal-case__comparison').length, 0);
    assert.deepEqual(notesUnder($, 'Gatuadress'), []);
    // Nor one the caseworker may read elsewhere: the view's audit row is the case's municipality's.
    const both = await staffAgent(testApp(), [
      ...CASEWORKER_9901,
      { municipalityCode: '9902', role: 'readonly' },
    ]);
    const page = await getPage(both.agent, `/handlaggare/arenden/${december.id}`);
    assert.equal(page.$('.portal-case__comparison').length, 0);
  });
});
