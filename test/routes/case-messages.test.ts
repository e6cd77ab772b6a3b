import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { threadIn, writeAndPress } from '../helpers/casework';
import { fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const STAFF_LABEL = 'Nytt meddelande till den sökande';
const APPLICANT_LABEL = 'Skriv ett meddelande';
const NOTICE =
  'Du har fått ett nytt meddelande om din ansökan. Logga in på Mina sidor för att läsa det. /Exempelby kommun';

describe('messages between the applicant and the caseworkers', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a thread: the caseworker writes, the applicant gets an SMS without personal data, reads and answers; each side sees when the other read', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const empty = await getPage(agent, casePath);
    assert.match(
      textOf(empty.$, 'section[aria-labelledby="meddelanden"]'),
      /Det finns inga meddelanden än\./,
    );

    clock.advanceMinutes(5);
    const text = 'Hej! Kan du skicka hyresavin för december?\nTack.';
    const written = await writeAndPress(agent, casePath, STAFF_LABEL, text, 'Skicka meddelandet');
    assert.equal(written.response.status, 303);
    assert.equal(written.response.headers.location, `${casePath}?klart=meddelande#meddelanden`);
    const audit = await services.auditLog.ofRequest(
      String(written.response.headers['x-request-id']),
    );
    assert.deepEqual(
      audit.map(({ action, outcome, subject }) => ({ action, outcome, subject })),
      [{ action: 'change', outcome: 'ok', subject: sent.id }],
    );
    const sms = await services.smsOutbox?.latestTo(sent.applicant.mobile);
    assert.equal(sms?.text, NOTICE);
    for (const personal of [
      staff.account.name,
      sent.applicant.account.name,
      sent.applicant.personnummer,
      'hyresavin',
    ]) {
      assert.ok(!sms.text.includes(personal), `the SMS names nothing: ${personal}`);
    }
    const shown = await getPage(agent, `${casePath}?klart=meddelande`);
    assert.equal(
      textOf(shown.$, 'section[aria-labelledby="meddelanden"] [role=status]'),
      'Meddelandet är skickat. Den sökande har fått ett SMS om det.',
    );
    assert.deepEqual(threadIn(shown.$, 'meddelanden'), [
      { byline: `${staff.account.name}, 24 november 2026 kl. 09.35`, text, read: 'Inte läst än' },
    ]);

    const myPages = await getPage(sent.agent, '/mina-sidor');
    assert.match(textOf(myPages.$, '.portal-card'), /Nytt meddelande/);
    const link = myPages.$(`a[href="${receiptPath}#meddelanden"]`);
    assert.match(link.text(), /^Läs meddelandet: /);

    clock.advanceMinutes(5);
    const receipt = await getPage(sent.agent, receiptPath);
    assert.deepEqual(threadIn(receipt.$, 'meddelanden'), [
      { byline: 'Handläggare, 24 november 2026 kl. 09.35 Nytt', text, read: '' },
    ]);
    assert.ok(
      !receipt.response.text.includes(staff.account.name),
      "the caseworker's name stays with the municipality",
    );
    const again = await getPage(sent.agent, '/mina-sidor');
    assert.doesNotMatch(textOf(again.$, 'main'), /Nytt meddelande/);
    const readByApplicant = await getPage(agent, casePath);
    assert.equal(
      threadIn(readByApplicant.$, 'meddelanden')[0]?.read,
      'Läst 24 november 2026 kl. 09.40',
    );

    clock.advanceMinutes(5);
    const answer = await writeAndPress(
      sent.agent,
      receiptPath,
      APPLICANT_LABEL,
      'Jag skickar den i morgon.',
      'Skicka meddelandet',
    );
    assert.equal(answer.response.status, 303);
    const answered = await getPage(sent.agent, answer.response.headers.location ?? '');
    assert.equal(
      textOf(answered.$, 'section[aria-labelledby="meddelanden"] [role=status]'),
      'Ditt meddelande är skickat.',
    );
    assert.deepEqual(
      threadIn(answered.$, 'meddelanden').map((one) => one.byline),
      ['Handläggare, 24 november 2026 kl. 09.35', 'Du, 24 november 2026 kl. 09.45'],
    );

    // A read-only look does not count as a caseworker reading it.
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const readOnly = await getPage(reader.agent, casePath);
    assert.equal(
      threadIn(readOnly.$, 'meddelanden')[1]?.byline,
      'Den sökande, 24 november 2026 kl. 09.45 Nytt',
    );
    assert.throws(() => fieldByLabel(readOnly.$, STAFF_LABEL), 'no form for read-only staff');
    clock.advanceMinutes(5);
    const firstLook = await getPage(agent, casePath);
    assert.equal(
      threadIn(firstLook.$, 'meddelanden')[1]?.byline,
      'Den sökande, 24 november 2026 kl. 09.45 Nytt',
    );
    const secondLook = await getPage(agent, casePath);
    assert.equal(
      threadIn(secondLook.$, 'meddelanden')[1]?.byline,
      'Den sökande, 24 november 2026 kl. 09.45',
    );
    const seen = await getPage(sent.agent, receiptPath);
    assert.equal(
      threadIn(seen.$, 'meddelanden')[1]?.read,
      'Läst av handläggare 24 november 2026 kl. 09.50',
    );
  });

  it('an applicant without a mobile number gets no SMS, and the caseworker is told', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    await services.database.db
      .updateTable('account')
      .set({ mobile: null })
      .where('id', '=', sent.applicant.account.id)
      .execute();
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const written = await writeAndPress(agent, casePath, STAFF_LABEL, 'Hej.', 'Skicka meddelandet');
    const page = await getPage(agent, written.response.headers.location ?? '');
    assert.equal(
      textOf(page.$, 'section[aria-labelledby="meddelanden"] [role=status]'),
      'Meddelandet är skickat. Den sökande har inget mobilnummer, så det gick inget SMS om det.',
    );
  });

  it('bad input on either side: a Swedish message, the text kept, nothing stored', async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const sides = [
      { agent, path: casePath, label: STAFF_LABEL, empty: 'Skriv något i meddelandet.' },
      {
        agent: sent.agent,
        path: receiptPath,
        label: APPLICANT_LABEL,
        empty: 'Skriv ett meddelande eller välj en fil att skicka.',
      },
    ];
    for (const side of sides) {
      const cases: [string, string, string][] = [
        ['', side.empty, ''],
        [
          'å'.repeat(2500),
          `Texten i ”${side.label}” är för lång: 2 500 tecken. Gör den kortare, så att den har högst 2 000 tecken.`,
          'å'.repeat(2500),
        ],
        [
          'Rad ett\nrad\u0000 två',
          `Texten i ”${side.label}” hade ett osynligt tecken som inte går att använda. Vi har tagit bort det. Kontrollera texten och försök igen.`,
          'Rad ett\nrad två',
        ],
      ];
      for (const [typed, message, kept] of cases) {
        const refused = await writeAndPress(
          side.agent,
          side.path,
          side.label,
          typed,
          'Skicka meddelandet',
        );
        assert.equal(refused.response.status, 400, `${side.label}: ${typed.slice(0, 10)}`);
        assert.deepEqual(errorSummaryLinks(refused.$), [{ text: message, href: '#meddelande' }]);
        assert.equal(messageFor(refused.$, side.label), message);
        assert.equal(shownValue(refused.$, side.label), kept);
      }
      const after = await getPage(side.agent, side.path);
      assert.equal(threadIn(after.$, 'meddelanden').length, 0);
    }
  });

  it("the applicant's message page, shown again after a refusal, is headed otherwise than its field", async () => {
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const refused = await writeAndPress(
      sent.agent,
      receiptPath,
      APPLICANT_LABEL,
      '',
      'Skicka meddelandet',
    );
    assert.equal(refused.response.status, 400);
    assert.equal(textOf(refused.$, 'h1'), 'Meddelande till handläggaren');
    assert.match(refused.$('title').text(), /^Fel: Meddelande till handläggaren – /);
    assert.equal(shownValue(refused.$, 'Skriv ett meddelande'), '');
  });
});
