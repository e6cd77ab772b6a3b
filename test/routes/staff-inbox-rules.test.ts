import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseRows, inboxTabs, pressButton, sendApplication } from '../helpers/cases';
import { fieldByLabel, linkNamed } from '../helpers/fields';
import { getFormAddress } from '../helpers/get-form';
import { getPage, textOf, type Agent, type Page } from '../helpers/http';
import { insertCase } from '../helpers/inbox-rows';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** The tabs above the lists, by their text. */
function tabsOf($: Page): string[] {
  return inboxTabs($).map((tab) => tab.name);
}

/** The checkbox "Visa även avslutade ärenden", by its label. */
function closedBox($: Page) {
  const label = $('label').filter(
    (_, one) => $(one).text().trim() === 'Visa även avslutade ärenden',
  );
  assert.equal(label.length, 1);
  return $(`input[type=checkbox][id="${label.attr('for') ?? ''}"]`);
}

/** The links under the list, by their text, with where they lead. */
function pageLinks($: Page): Record<string, string> {
  const links: Record<string, string> = {};
  $(`nav[aria-label="Sidor"] a`).each((_, link) => {
    links[$(link).text().trim()] = $(link).attr('href') ?? '';
  });
  return links;
}

describe('the inbox on a Monday morning: Nya, assigning, paging and Mina ärenden', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a look by a read-only user or an admin leaves a case in "Nya" and marked Ny; a caseworker of the municipality opening it takes it out', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const caseworker = await staffAgent(testApp(), CASEWORKER_9901);
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const admin = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'admin' }]);
    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const rowIn = async (agent: Agent, path: string) =>
      caseRows((await getPage(agent, path)).$).find((row) => row.href === casePath);

    for (const { agent } of [reader, admin]) {
      assert.equal((await getPage(agent, casePath)).response.status, 200);
    }
    assert.equal((await elsewhere.agent.get(casePath)).status, 404);
    assert.ok(await rowIn(caseworker.agent, '/handlaggare'), 'still in Nya');
    const undecided = await rowIn(caseworker.agent, '/handlaggare?lista=ej-beslutade');
    assert.deepEqual(undecided && [undecided.status, undecided.unread], ['Inkommen', true]);

    assert.equal((await getPage(caseworker.agent, casePath)).response.status, 200);
    assert.equal(await rowIn(caseworker.agent, '/handlaggare'), undefined, 'out of Nya');
    assert.equal(await rowIn(reader.agent, '/handlaggare'), undefined, 'for everyone');
    const opened = await rowIn(caseworker.agent, '/handlaggare?lista=ej-beslutade');
    assert.deepEqual(opened && [opened.status, opened.unread], ['Inkommen', false]);
  });

  it('"Tilldela" to a colleague takes an Inkommen case up too: Under handläggning, with an event, and the page says so', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, casePath);
    const choice = fieldByLabel($, 'Tilldela en kollega')
      .find('option')
      .filter((_, option) => $(option).text().trim() === colleague.staff.account.name);
    clock.advanceMinutes(3);
    const given = await pressButton(agent, casePath, 'Tilldela', {
      handlaggare: String(choice.attr('value')),
    });
    assert.equal(given.response.status, 303);
    const after = await getPage(agent, given.response.headers.location ?? '');
    assert.equal(
      textOf(after.$, '[role=status]'),
      'Ärendet är tilldelat och har nu status Under handläggning.',
    );
    const main = textOf(after.$, 'main');
    assert.match(main, /Status ?Under handläggning/);
    assert.match(main, /Handläggare ?Personal \d+/);
    const events = await testApp()
      .services.database.db.selectFrom('application_event')
      .select(['from_status', 'to_status', 'actor_id'])
      .where('application_id', '=', sent.id)
      // Status moves only: the assignment is an event of its own (the status stays in it).
      .where('assignee_id', 'is', null)
      .orderBy('at')
      .execute();
    assert.deepEqual(
      events.map((event) => [event.from_status, event.to_status]),
      [
        ['draft', 'inkommen'],
        ['inkommen', 'under-handlaggning'],
      ],
    );
    // Completion and decision are open now: no "Ändra status … innan" in the way.
    assert.doesNotMatch(main, /Ändra status till Under handläggning innan/);

    // Taken back from the colleague while it is Under handläggning: assigned, nothing else moves.
    const takeOver = `Ta över ärendet från ${colleague.staff.account.name}`;
    const mine = await pressButton(agent, casePath, takeOver);
    assert.equal(mine.response.status, 303);
    const again = await getPage(agent, mine.response.headers.location ?? '');
    assert.match(textOf(again.$, 'main'), /Status ?Under handläggning/);
    const count = await testApp()
      .services.database.db.selectFrom('application_event')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('application_id', '=', sent.id)
      .where('assignee_id', 'is', null)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.count), 2, 'no status move beside the two before');
  });

  it('"Föregående sida" goes back page by page with the filters kept, to a first page without it', async () => {
    const { services } = testApp();
    await services.municipalities.add({
      code: '9903',
      name: 'Tredje kommunen',
      unitName: 'Försörjningsstöd',
      streetAddress: 'Gatan 1',
      postalCode: '123 45',
      city: 'Staden',
      phone: '010-100 00 00',
      email: 'fs@tredje.example',
      website: null,
    });
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9903', role: 'caseworker' },
    ]);
    const db = services.database.db;
    const base = Date.parse('2026-10-01T08:00:00Z');
    for (let index = 0; index < 60; index++) {
      await insertCase(db, {
        municipalityCode: '9903',
        receivedAt: base + Math.floor(index / 2) * 60_000,
        status: index % 3 === 0 ? 'under-handlaggning' : 'inkommen',
        channel: index % 10 === 0 ? 'post' : 'e-tjanst',
        period: '2026-11',
      });
    }
    const first = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    const filtered = await getPage(
      agent,
      getFormAddress(first.$, 'Visa', { Kanal: 'E-tjänst', Sortering: 'Inkommen, nyast först' }),
    );
    const pages: string[][] = [caseRows(filtered.$).map((row) => row.href)];
    assert.deepEqual(Object.keys(pageLinks(filtered.$)), ['Nästa sida']);
    let page = filtered;
    for (let index = 1; index < 3; index++) {
      page = await getPage(agent, pageLinks(page.$)['Nästa sida'] ?? '');
      pages.push(caseRows(page.$).map((row) => row.href));
    }
    assert.deepEqual(
      pages.map((one) => one.length),
      [25, 25, 4],
      '54 by e-tjänst',
    );
    assert.deepEqual(Object.keys(pageLinks(page.$)), ['Första sidan', 'Föregående sida']);
    for (const index of [1, 0]) {
      const previous = pageLinks(page.$)['Föregående sida'] ?? '';
      assert.match(previous, /kanal=e-tjanst.*sortering=nyast.*fore=/);
      page = await getPage(agent, previous);
      assert.deepEqual(
        caseRows(page.$).map((row) => row.href),
        pages[index],
      );
    }
    assert.deepEqual(Object.keys(pageLinks(page.$)), ['Nästa sida'], 'the first page again');
    assert.match(textOf(page.$, 'main'), /E-tjänst, Inkommen, nyast först/);
  });

  it('"Mina ärenden" shows open cases; a choice shows the decided and ended ones too', async () => {
    const { services } = testApp();
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const db = services.database.db;
    const at = Date.parse('2026-09-01T08:00:00Z');
    const made: Record<string, string> = {};
    for (const [index, status] of [
      'under-handlaggning',
      'beviljad',
      'komplettering-begard',
      'makulerad',
    ].entries()) {
      made[status] = await insertCase(db, {
        receivedAt: at + index * 60_000,
        status,
        assigneeId: staff.account.id,
        name: `Person ${status}`,
      });
    }
    const hrefs = (page: Page) => caseRows(page).map((row) => row.href.split('/').pop());
    const mine = await getPage(agent, '/handlaggare?lista=mina');
    assert.deepEqual(hrefs(mine.$), [made['under-handlaggning'], made['komplettering-begard']]);
    assert.match(textOf(mine.$, 'main'), /Här visas ärenden som inte är avslutade\./);
    const box = closedBox(mine.$);
    const address = `${getFormAddress(mine.$, 'Visa', {})}&${String(box.attr('name'))}=${String(box.attr('value'))}`;
    const all = await getPage(agent, address);
    assert.deepEqual(hrefs(all.$), [
      made['under-handlaggning'],
      made.beviljad,
      made['komplettering-begard'],
      made.makulerad,
    ]);
    assert.equal(closedBox(all.$).attr('checked'), 'checked');
    assert.match(textOf(all.$, 'main'), /även avslutade ärenden/);
  });

  it('"Alla ärenden" holds every case, a colleague\'s decided one too, and its status filter finds it', async () => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const colleague = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const db = testApp().services.database.db;
    const decided = await insertCase(db, {
      receivedAt: Date.parse('2026-10-02T08:00:00Z'),
      status: 'beviljad',
      assigneeId: colleague.staff.account.id,
      name: 'Beviljad Kollegasdotter',
    });
    const all = caseRows((await getPage(agent, '/handlaggare?lista=alla')).$);
    assert.ok(all.some((row) => row.href === `/handlaggare/arenden/${decided}`));
    const granted = caseRows((await getPage(agent, '/handlaggare?lista=alla&status=beviljad')).$);
    assert.ok(granted.some((row) => row.href === `/handlaggare/arenden/${decided}`));
    assert.deepEqual([...new Set(granted.map((row) => row.status))], ['Beviljad']);
  });

  it('a read-only user gets no "Mina ärenden" tab and no "Jag" to filter by: nothing is ever theirs', async () => {
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const { $ } = await getPage(reader.agent, '/handlaggare');
    assert.deepEqual(tabsOf($), [
      'Nya',
      'Väntar på komplettering',
      'Fel och brister',
      'Ej beslutade',
      'Alla ärenden',
      'Senast öppnade',
    ]);
    const assignees = fieldByLabel($, 'Handläggare')
      .find('option')
      .toArray()
      .map((option) => $(option).text().trim());
    assert.ok(!assignees.includes('Jag'), assignees.join(', '));
    assert.ok(assignees.includes('Ingen handläggare'), assignees.join(', '));
    assert.equal(linkNamed($, 'Mina ärenden').length, 0);
    const caseworker = await staffAgent(testApp(), CASEWORKER_9901);
    assert.ok(tabsOf((await getPage(caseworker.agent, '/handlaggare')).$).includes('Mina ärenden'));
  });
});
