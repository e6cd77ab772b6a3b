import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pressButton, sendApplication } from '../helpers/cases';
import { postFormOf } from '../helpers/completion';
import {
  estimateOn,
  insertSentApplication,
  sendAfterReview,
  threadIn,
  writeAndPress,
} from '../helpers/casework';
import { buttonNamed, fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import {
  type Agent,
  csrfTokenOf,
  errorSummaryLinks,
  getPage,
  type Page,
  textOf,
} from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff, staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const NOTE_LABEL = 'Ny anteckning';
const REMINDER = 'Tänk på att den sökande har rätt att begära ut anteckningarna.';

describe('the case view: estimate, earlier applications, notes and assignment', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('shows the estimate exactly as the applicant saw it on the review page', async () => {
    const { sent, estimate } = await sendAfterReview(testApp());
    assert.ok(estimate.rows.length >= 5, 'the review page had an estimate');
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${sent.id}`);
    const shown = estimateOn($, 'berakning');
    assert.equal(shown.title, estimate.title);
    assert.deepEqual(shown.rows, estimate.rows);
    assert.deepEqual(shown.notes, [
      'Så här såg beräkningen ut för den sökande när ansökan skickades in.',
      ...estimate.notes,
    ]);
  });

  it('notes: newest first with author and time, under a visible reminder; bad input keeps the text', async () => {
    const { sent } = await sendAfterReview(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const first = await getPage(agent, casePath);
    assert.match(textOf(first.$, 'section[aria-labelledby="anteckningar"]'), new RegExp(REMINDER));
    assert.match(
      textOf(first.$, 'section[aria-labelledby="anteckningar"]'),
      /Det finns inga anteckningar än\./,
    );

    clock.advanceMinutes(5);
    const written = await writeAndPress(
      agent,
      casePath,
      NOTE_LABEL,
      'Ringde sökanden.\nHyran stämmer.',
      'Spara anteckningen',
    );
    assert.equal(written.response.status, 303);
    assert.equal(written.response.headers.location, `${casePath}?klart=anteckning#anteckningar`);
    clock.advanceMinutes(5);
    await writeAndPress(
      agent,
      casePath,
      NOTE_LABEL,
      'Väntar på kontoutdrag.',
      'Spara anteckningen',
    );
    const after = await getPage(agent, `${casePath}?klart=anteckning`);
    assert.equal(
      textOf(after.$, 'section[aria-labelledby="anteckningar"] [role=status]'),
      'Anteckningen är sparad.',
    );
    assert.deepEqual(threadIn(after.$, 'anteckningar'), [
      {
        byline: `${staff.account.name}, 24 november 2026 kl. 09.40`,
        text: 'Väntar på kontoutdrag.',
        read: '',
      },
      {
        byline: `${staff.account.name}, 24 november 2026 kl. 09.35`,
        text: 'Ringde sökanden.\nHyran stämmer.',
        read: '',
      },
    ]);

    const cases: [string, string, string][] = [
      ['   ', 'Skriv något i anteckningen.', '   '],
      [
        'x'.repeat(2001),
        'Texten i ”Ny anteckning” är för lång: 2 001 tecken. Gör den kortare, så att den har högst 2 000 tecken.',
        'x'.repeat(2001),
      ],
      [
        'Hej\u0007 där\u202e',
        'Texten i ”Ny anteckning” hade ett osynligt tecken som inte går att använda. Vi har tagit bort det. Kontrollera texten och försök igen.',
        'Hej där',
      ],
    ];
    for (const [typed, message, kept] of cases) {
      const refused = await writeAndPress(agent, casePath, NOTE_LABEL, typed, 'Spara anteckningen');
      assert.equal(refused.response.status, 400, typed.slice(0, 20));
      assert.deepEqual(errorSummaryLinks(refused.$), [{ text: message, href: '#anteckning' }]);
      assert.equal(messageFor(refused.$, NOTE_LABEL), message);
      assert.equal(shownValue(refused.$, NOTE_LABEL), kept);
      assert.match(textOf(refused.$, 'main'), new RegExp(REMINDER));
      // Sent again from the page it came back on, fixed.
      const action = refused.$('form[action$="/anteckningar"]').attr('action');
      assert.equal(action, `${casePath}/anteckningar`);
    }
    const unchanged = await getPage(agent, casePath);
    assert.equal(threadIn(unchanged.$, 'anteckningar').length, 2);
  });

  it('assigns to a colleague with a caseworker or admin grant there; "Tilldela mig" stays', async () => {
    const { services } = testApp();
    const { sent } = await sendAfterReview(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const colleague = await createStaff(services, [{ municipalityCode: '9901', role: 'admin' }]);
    const reader = await createStaff(services, [{ municipalityCode: '9901', role: 'readonly' }]);
    const elsewhere = await createStaff(services, [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const { $ } = await getPage(agent, casePath);
    assert.equal($('button:contains("Tilldela mig")').length, 1);
    const select = fieldByLabel($, 'Tilldela en kollega');
    const names = select
      .find('option')
      .toArray()
      .map((option) => $(option).text());
    assert.ok(names.includes(colleague.account.name));
    assert.ok(!names.includes(reader.account.name), 'read-only staff do not work cases');
    assert.ok(!names.includes(elsewhere.account.name), 'another municipality');

    const assigned = await pressButton(agent, casePath, 'Tilldela', {
      handlaggare: colleague.account.id,
    });
    assert.equal(assigned.response.status, 303);
    const page = await getPage(agent, assigned.response.headers.location ?? '');
    assert.match(textOf(page.$, 'main'), new RegExp(`Handläggare ?${colleague.account.name}`));
    // It was Inkommen: given to someone, it is taken up (Under handläggning).
    assert.equal(
      textOf(page.$, '[role=status]'),
      'Ärendet är tilldelat och har nu status Under handläggning.',
    );

    for (const [value, message] of [
      ['', 'Välj vem som ska ha ärendet.'],
      [elsewhere.account.id, 'Personen kan inte få ärendet. Välj någon i listan.'],
      [reader.account.id, 'Personen kan inte få ärendet. Välj någon i listan.'],
    ] as const) {
      const refused = await pressButton(agent, casePath, 'Tilldela', { handlaggare: value });
      assert.equal(refused.response.status, 400);
      assert.deepEqual(errorSummaryLinks(refused.$), [{ text: message, href: '#handlaggare' }]);
      assert.ok(fieldByLabel(refused.$, 'Tilldela en kollega').length === 1);
      assert.equal(
        fieldByLabel(refused.$, 'Tilldela en kollega').find('option[value="ingen"]').text(),
        'Ingen handläggare',
      );
    }
    const still = await getPage(agent, casePath);
    assert.match(textOf(still.$, 'main'), new RegExp(`Handläggare ?${colleague.account.name}`));
    const token = csrfTokenOf(still.$);
    const list = await agent
      .post(`${casePath}/tilldela-kollega`)
      .type('form')
      .send({ handlaggare: [colleague.account.id, colleague.account.id], _csrf: token });
    assert.equal(list.status, 400, 'a list where one value belongs is refused, not a 500');
  });

  it('gives a case back to nobody with "Ingen handläggare": the case page, its history and the inbox say so', async () => {
    const { sent } = await sendAfterReview(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const options = async () => {
      const { $ } = await getPage(agent, casePath);
      return fieldByLabel($, 'Tilldela en kollega')
        .find('option')
        .toArray()
        .map((option) => $(option).text());
    };
    assert.ok(!(await options()).includes('Ingen handläggare'), 'nobody has it yet');
    await pressButton(agent, casePath, 'Tilldela mig', {});
    assert.ok((await options()).includes('Ingen handläggare'));

    const released = await pressButton(agent, casePath, 'Tilldela', { handlaggare: 'ingen' });
    assert.equal(released.response.status, 303);
    const page = await getPage(agent, released.response.headers.location ?? '');
    assert.equal(
      textOf(page.$, '[role=status]'),
      'Ingen har ärendet nu. Det finns under Ingen handläggare i inkorgen.',
    );
    assert.match(textOf(page.$, 'main'), /Handläggare ?Ingen/);
    assert.match(
      textOf(page.$, '#historik + ol'),
      /tog bort handläggaren\. Ingen har ärendet nu\./,
    );
    // Its status stays where taking it put it.
    assert.match(textOf(page.$, 'main'), /Under handläggning/);
    const inbox = await getPage(agent, '/handlaggare?lista=alla&handlaggare=ingen');
    assert.ok(inbox.$(`a[href="${casePath}"]`).length > 0, 'listed among the ones nobody has');
  });
});

describe("the case view: the person's earlier applications", () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it("lists the person's earlier applications as applicant or medsökande, only in the staff member's municipalities", async () => {
    const { services } = testApp();
    const { sent } = await sendAfterReview(testApp());
    const at = (day: number) => Date.parse(`2026-${String(day).padStart(2, '0')}-05T10:00:00Z`);
    const owned = await insertSentApplication(services, {
      municipalityCode: '9901',
      ownerId: sent.applicant.account.id,
      period: '2026-09',
      status: 'beviljad',
      receivedAt: at(9),
    });
    // The medsökande of the family (8703124563) applied as medsökande on another's application.
    const asPartner = await insertSentApplication(services, {
      municipalityCode: '9901',
      coApplicantPersonnummer: '198703124563',
      period: '2026-10',
      status: 'avslag',
      receivedAt: at(10),
    });
    await insertSentApplication(services, {
      municipalityCode: '9902',
      ownerId: sent.applicant.account.id,
      period: '2026-08',
      receivedAt: at(8),
    });
    await insertSentApplication(services, {
      municipalityCode: '9901',
      period: '2026-07',
      receivedAt: at(7),
    });
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/arenden/${sent.id}`);
    const items = $('section[aria-labelledby="tidigare"] li')
      .toArray()
      .map((li) => ({
        text: $(li).text().replace(/\s+/g, ' ').trim(),
        href: $(li).find('a').attr('href'),
      }));
    assert.deepEqual(items, [
      {
        text: 'oktober 2026, inkommen 2026-10-05 Avslag',
        href: `/handlaggare/arenden/${asPartner}`,
      },
      {
        text: 'september 2026, inkommen 2026-09-05 Beviljad',
        href: `/handlaggare/arenden/${owned}`,
      },
    ]);
    // Both 9901 and 9902: the other municipality's application is there too.
    const both = await staffAgent(testApp(), [
      ...CASEWORKER_9901,
      { municipalityCode: '9902', role: 'readonly' },
    ]);
    const wider = await getPage(both.agent, `/handlaggare/arenden/${sent.id}`);
    assert.equal(wider.$('section[aria-labelledby="tidigare"] li').length, 3);
  });
});

describe('"Tilldela mig" on a case a colleague has', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  /** The case page's assignment button pressed as a browser sends its form, from `shown`. */
  const pressAssign = async (agent: Agent, shown: Page, name: string) =>
    (await postFormOf(agent, buttonNamed(shown, name).closest('form') as never, {})).response;

  it('says whose it is on the button, and a page from before a colleague took it takes nothing', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const anna = await staffAgent(testApp(), CASEWORKER_9901);
    const bertil = await staffAgent(testApp(), CASEWORKER_9901);
    const annasName = anna.staff.account.name;
    // Bertil's tab opens while nobody has the case; then Anna takes it.
    const bertilsTab = await getPage(bertil.agent, casePath);
    const annasTab = await getPage(anna.agent, casePath);
    assert.equal((await pressAssign(anna.agent, annasTab.$, 'Tilldela mig')).status, 303);

    const stale = await pressAssign(bertil.agent, bertilsTab.$, 'Tilldela mig');
    assert.equal(stale.status, 303);
    const told = await getPage(bertil.agent, stale.headers.location ?? '');
    assert.deepEqual(
      errorSummaryLinks(told.$).map((link) => link.text),
      [
        'Någon annan fick ärendet medan sidan var öppen, så du har inte tagit det. Se här vem som har det nu. Om du vill ta över det, tryck på knappen igen.',
      ],
    );
    assert.ok(textOf(told.$, 'main').includes(annasName));
    const takeOver = `Ta över ärendet från ${annasName}`;
    assert.equal(buttonNamed(told.$, takeOver).length, 1);

    const taken = await pressAssign(bertil.agent, told.$, takeOver);
    assert.equal(taken.status, 303);
    const after = await getPage(bertil.agent, taken.headers.location ?? '');
    assert.match(
      textOf(after.$, 'main'),
      /Du har tagit över ärendet\. Säg gärna till kollegan som hade det\./,
    );
    const row = await testApp()
      .services.database.db.selectFrom('application')
      .select('assignee_id')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.assignee_id, bertil.staff.account.id);
  });
});
