import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { caseUnderHandling, markAnswer, postFormOf } from '../helpers/completion';
import { buttonNamed, fieldByLabel, linkNamed, messageFor } from '../helpers/fields';
import { getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

/** As a paper application registered by a caseworker is: sent by post, no owner account. */
async function paperCaseUnderHandling(testApp: ReturnType<ReturnType<typeof useTestApp>>) {
  const inHand = await caseUnderHandling(testApp);
  await testApp.services.database.db
    .updateTable('application')
    .set({ owner_id: null, channel: 'post' })
    .where('id', '=', inHand.sent.id)
    .execute();
  return inHand;
}

/** "Begär komplettering per brev" from the case page, with a due day and a message. */
async function requestByLetter(agent: Parameters<typeof getPage>[0], casePath: string) {
  const { $ } = await getPage(agent, casePath);
  const href = linkNamed($, 'Begär komplettering per brev').attr('href') ?? '';
  assert.ok(href, 'no "Begär komplettering per brev" on the case page');
  const page = await getPage(agent, href);
  assert.match(textOf(page.$, 'main'), /Du får ett brev att skriva ut och skicka med posten/);
  const form = buttonNamed(page.$, 'Begär komplettering per brev').closest('form');
  return postFormOf(agent, form as never, {
    'sista-dag': '2026-12-01',
    meddelande: 'Skicka gärna en kopia av registreringsbeviset.',
  });
}

describe('Begär komplettering on a paper case without an account: by letter, answered by post', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('prints a letter with what is marked, the last day and where to send it; the answer is registered with the day it came', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { casePath, caseworker, sent } = await paperCaseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte med adressen.');

    const requested = await requestByLetter(agent, casePath);
    assert.equal(requested.response.status, 303);
    const casePage = await getPage(agent, requested.response.headers.location as string);
    assert.match(
      textOf(casePage.$, '.portal-marks [role=status]'),
      /Kompletteringen är begärd\. Skriv ut brevet och skicka det till den sökande\./,
    );
    assert.match(textOf(casePage.$, '#kompletteringar ~ ol'), /Väntar på svar per post\./);

    const letterHref = linkNamed(casePage.$, 'Brevet till den sökande (PDF)').attr('href') ?? '';
    const letter = await agent.get(letterHref).buffer(true);
    assert.equal(letter.status, 200);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.match(String(letter.headers['content-disposition']), /^attachment;/);
    const text = pdfText(letter.body as Buffer).replace(/\s+/g, ' ');
    for (const expected of [
      'Vi behöver fler uppgifter från dig',
      'Datum: 24 november 2026',
      'Det här behöver vi',
      'Postnummer',
      'Postnumret stämmer inte med adressen.',
      'Skicka gärna en kopia av registreringsbeviset.',
      'Skicka det till oss senast 1 december 2026',
      'Ärendenummer: EB-',
      'avslag på det som uppgifterna gäller',
    ]) {
      assert.ok(text.includes(expected), `the letter says "${expected}": ${text}`);
    }
    const pdfRows = await testApp()
      .services.database.db.selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('subject', '=', sent.id)
      .where('action', '=', 'pdf')
      .execute();
    assert.deepEqual(pdfRows, [{ action: 'pdf', outcome: 'ok' }]);

    // A day after today is refused beside the field, with what was typed kept.
    const answerForm = () =>
      getPage(agent, casePath).then(({ $ }) => ({
        $,
        form: buttonNamed($, 'Registrera svaret').closest('form'),
      }));
    const first = await answerForm();
    assert.equal(fieldByLabel(first.$, 'Dag då svaret kom').val(), '2026-11-24');
    const refused = await postFormOf(agent, first.form as never, { mottagen: '2026-12-24' });
    assert.equal(refused.response.status, 303);
    const back = await getPage(agent, refused.response.headers.location as string);
    assert.equal(
      messageFor(back.$, 'Dag då svaret kom'),
      'Dagen då svaret kom kan inte vara efter i dag.',
    );
    assert.equal(fieldByLabel(back.$, 'Dag då svaret kom').val(), '2026-12-24');

    const again = await answerForm();
    const answered = await postFormOf(agent, again.form as never, { mottagen: '24/11/2026' });
    assert.equal(answered.response.status, 303);
    const after = await getPage(agent, answered.response.headers.location as string);
    assert.match(textOf(after.$, '.portal-marks [role=status]'), /Svaret är registrerat/);
    assert.match(
      textOf(after.$, '#kompletteringar ~ ol'),
      /Svaret kom per post 24 november 2026\./,
    );
    assert.equal(buttonNamed(after.$, 'Registrera svaret').length, 0);
    const stored = await testApp()
      .services.database.db.selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'kompletterad');
  });

  it('SEC-15 SEC-16: read-only staff may print the letter but not register the answer; another municipality gets 404 for both', async () => {
    const { casePath, caseworker } = await paperCaseUnderHandling(testApp());
    await markAnswer(caseworker.agent, casePath, 'Postnummer', 'Fel postnummer.');
    await requestByLetter(caseworker.agent, casePath);
    const { $ } = await getPage(caseworker.agent, casePath);
    const letterHref = linkNamed($, 'Brevet till den sökande (PDF)').attr('href') ?? '';
    const form = buttonNamed($, 'Registrera svaret').closest('form');
    const action = form.attr('action') ?? '';

    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    assert.equal((await reader.agent.get(letterHref)).status, 200);
    const readerPage = await getPage(reader.agent, casePath);
    assert.equal(buttonNamed(readerPage.$, 'Registrera svaret').length, 0);
    const forbidden = await reader.agent
      .post(action)
      .type('form')
      .send({ mottagen: '2026-11-24', _csrf: String(readerPage.$('input[name=_csrf]').val()) });
    assert.equal(forbidden.status, 403);

    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    assert.equal((await elsewhere.agent.get(letterHref)).status, 404);
    const home = await getPage(elsewhere.agent, '/handlaggare');
    const outside = await elsewhere.agent
      .post(action)
      .type('form')
      .send({ mottagen: '2026-11-24', _csrf: String(home.$('input[name=_csrf]').val()) });
    assert.equal(outside.status, 404);
    assert.equal(cheerio.load(outside.text)('h1').text().trim() !== '', true);
  });
});
