import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { answerRow, CASEWORKER_9901 } from '../helpers/completion';
import { fold, getPage } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

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

describe('the case page shows a phone answer as people read it, as a link to call', () => {
  const testApp = useTestApp();

  const phoneOf = async (id: string) => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${id}`);
    const link = answerRow($, 'Telefonnummer').find('dd > a');
    return { text: fold(link.text()), href: link.attr('href') };
  };

  it('a Swedish mobile as 070-123 45 67, dialled by its digits', async () => {
    const sent = await sendApplication(testApp());
    assert.deepEqual(await phoneOf(sent.id), { text: '070-123 45 67', href: 'tel:0701234567' });
  });

  it('also in a copy sent before numbers were formatted, which holds the bare digits', async () => {
    const sent = await sendApplication(testApp());
    const db = testApp().services.database.db;
    const stored = await db
      .selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(stored.snapshot) as {
      sections: { rows: { path?: string; value: string }[] }[];
    };
    const rows = snapshot.sections.flatMap((section) => section.rows);
    const phone = rows.find((row) => row.path === 'om-dig.phone');
    assert.equal(phone?.value, '070-123 45 67', 'sent now, the copy holds it formatted');
    phone.value = '0701234567';
    await db
      .updateTable('submission')
      .set({ snapshot: JSON.stringify(snapshot) })
      .where('application_id', '=', sent.id)
      .execute();
    assert.deepEqual(await phoneOf(sent.id), { text: '070-123 45 67', href: 'tel:0701234567' });
  });

  it('a foreign number with its country code apart, dialled with its plus', async () => {
    const sent = await sendApplication(testApp(), {
      changes: { 'om-dig': { phone: '+47 912 34 567' } },
    });
    assert.deepEqual(await phoneOf(sent.id), { text: '+47 91234567', href: 'tel:+4791234567' });
  });
});
