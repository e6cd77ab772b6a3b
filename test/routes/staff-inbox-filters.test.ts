import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  caseRows,
  changeStatus,
  currentTab,
  searchCases,
  sendApplication,
  tabHref,
} from '../helpers/cases';
import { caseUnderHandling, markAnswer, postFormOf } from '../helpers/completion';
import { linkNamed } from '../helpers/fields';
import { chosenOption, getFormAddress } from '../helpers/get-form';
import { csrfTokenOf, getPage, textOf } from '../helpers/http';
import { insertCase, insertMark } from '../helpers/inbox-rows';
import { newPersonnummer } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const DAY = 24 * 60 * 60 * 1000;

describe('inbox filters, sorting, name search and duplicates', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the filters fold away under "Filtrera och sortera" until one is in use, so the list starts high on the page', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const summaryOf = (page: Awaited<ReturnType<typeof getPage>>) =>
      page.$('details').filter((_, box) => page.$(box).find('select#status').length > 0);
    const plain = await getPage(agent, '/handlaggare');
    assert.equal(textOf(plain.$, 'details:has(select#status) > summary'), 'Filtrera och sortera');
    assert.equal(summaryOf(plain).attr('open'), undefined);
    const filtered = await getPage(agent, '/handlaggare?status=inkommen');
    assert.notEqual(summaryOf(filtered).attr('open'), undefined);
    assert.equal(chosenOption(filtered.$, 'Status'), 'Inkommen');
  });

  it('filters by period, status, assignee and channel together, kept in the address and shown as chosen, in three sorts', async () => {
    const { services } = testApp();
    const db = services.database.db;
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    const start = Date.parse('2026-10-02T08:00:00Z');
    const made: string[] = [];
    for (let index = 0; index < 12; index++) {
      made.push(
        await insertCase(db, {
          receivedAt: start + index * DAY,
          period: index < 6 ? '2026-10' : '2026-11',
          channel: index % 2 === 0 ? 'post' : 'e-tjanst',
          status: index % 3 === 0 ? 'under-handlaggning' : 'inkommen',
          assigneeId:
            index % 4 === 0
              ? staff.account.id
              : index % 4 === 1
                ? colleague.staff.account.id
                : null,
          name: `Filtrerad Person${index}`,
          openedAt: start,
        }),
      );
    }
    const path = (id: string) => `/handlaggare/arenden/${id}`;
    const first = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    assert.equal(chosenOption(first.$, 'Sortering'), 'Inkommen, äldst först');
    const address = getFormAddress(first.$, 'Visa', {
      Period: 'oktober 2026',
      Kanal: 'Post',
      Handläggare: 'Ingen handläggare',
    });
    assert.match(
      address,
      /^\/handlaggare\?lista=ej-beslutade&period=2026-10&status=&handlaggare=ingen&kanal=post&sortering=aldst$/,
    );
    const filtered = await getPage(agent, address);
    // Post (even), nobody's (index % 4 is 2 or 3), October (index < 6): 2.
    assert.deepEqual(
      caseRows(filtered.$).map((row) => row.href),
      [path(made[2] ?? '')],
    );
    assert.equal(chosenOption(filtered.$, 'Period'), 'oktober 2026');
    assert.equal(chosenOption(filtered.$, 'Kanal'), 'Post');
    assert.equal(chosenOption(filtered.$, 'Handläggare'), 'Ingen handläggare');
    assert.equal(chosenOption(filtered.$, 'Status'), 'Alla');
    // "Ej beslutade" offers only the statuses it can hold: nothing decided.
    const offered = filtered
      .$('#' + (filtered.$('label:contains("Status")').attr('for') ?? ''))
      .find('option')
      .toArray()
      .map((option) => filtered.$(option).text().trim());
    assert.ok(offered.includes('Under handläggning'), offered.join(', '));
    assert.ok(!offered.includes('Beviljad'), offered.join(', '));
    assert.equal(
      textOf(filtered.$, '#list-heading + p'),
      'Filter: oktober 2026, Ingen handläggare, Post',
    );
    assert.equal(
      linkNamed(filtered.$, 'Ta bort filtren').attr('href'),
      '/handlaggare?lista=ej-beslutade',
    );
    // Another tab keeps the month and the channel; the assignee and status belong to this list.
    assert.equal(tabHref(filtered.$, 'Nya'), '/handlaggare?period=2026-10&kanal=post');

    const colleagues = await getPage(
      agent,
      getFormAddress(first.$, 'Visa', {
        Handläggare: colleague.staff.account.name,
        Status: 'Inkommen',
      }),
    );
    assert.deepEqual(
      caseRows(colleagues.$).map((row) => [row.href, row.assignee]),
      [1, 5].map((index) => [path(made[index] ?? ''), colleague.staff.account.name]),
    );
    assert.equal(chosenOption(colleagues.$, 'Handläggare'), colleague.staff.account.name);

    const mine = await getPage(agent, getFormAddress(first.$, 'Visa', { Handläggare: 'Jag' }));
    assert.deepEqual(
      caseRows(mine.$).map((row) => row.href),
      [0, 4, 8].map((index) => path(made[index] ?? '')),
    );

    const newest = await getPage(
      agent,
      getFormAddress(first.$, 'Visa', { Sortering: 'Inkommen, nyast först' }),
    );
    assert.deepEqual(
      caseRows(newest.$).map((row) => row.href),
      [...made].reverse().map(path),
    );
    const byPeriod = await getPage(
      agent,
      getFormAddress(first.$, 'Visa', { Sortering: 'Period, senaste först', Kanal: 'E-tjänst' }),
    );
    assert.deepEqual(
      caseRows(byPeriod.$).map((row) => [row.period, row.href]),
      [11, 9, 7, 5, 3, 1].map((index) => [
        index < 6 ? 'oktober 2026, sista dag 31 oktober' : 'november 2026, sista dag 30 november',
        path(made[index] ?? ''),
      ]),
    );
  });

  it('keeps the filters and the sort on "Nästa sida" and finds each case once', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'readonly' }]);
    const start = Date.parse('2026-09-01T08:00:00Z');
    const made: string[] = [];
    for (let index = 0; index < 30; index++) {
      made.push(
        await insertCase(services.database.db, {
          municipalityCode: '9902',
          receivedAt: start + Math.floor(index / 2) * 60_000,
          period: index % 2 === 0 ? '2026-09' : '2026-10',
          status: 'kompletterad',
        }),
      );
    }
    for (const sort of ['nyast', 'period']) {
      const seen: string[] = [];
      let next: string | undefined =
        `/handlaggare?lista=ej-beslutade&status=kompletterad&sortering=${sort}`;
      while (next) {
        const page = await getPage(agent, next);
        seen.push(...caseRows(page.$).map((row) => row.href.split('/').pop() ?? ''));
        next = linkNamed(page.$, 'Nästa sida').attr('href');
        if (next) assert.match(next, new RegExp(`status=kompletterad&sortering=${sort}&efter=`));
      }
      assert.equal(seen.length, 30, sort);
      assert.deepEqual([...seen].sort(), [...made].sort(), sort);
    }
  });

  it('"Fel och brister" lists the cases with an open mark only; other lists show a badge', async () => {
    const { services } = testApp();
    const db = services.database.db;
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const at = Date.parse('2026-08-01T08:00:00Z');
    const open = await insertCase(db, { receivedAt: at, status: 'under-handlaggning' });
    const cleared = await insertCase(db, { receivedAt: at + 1, status: 'under-handlaggning' });
    await insertMark(db, open, staff.account.id);
    await insertMark(db, open, staff.account.id, at);
    await insertMark(db, cleared, staff.account.id, at);
    const inbox = await getPage(agent, '/handlaggare');
    const tab = await getPage(agent, tabHref(inbox.$, 'Fel och brister'));
    assert.equal(currentTab(tab.$), 'Fel och brister');
    assert.equal(textOf(tab.$, '#list-heading'), 'Fel och brister');
    assert.deepEqual(
      caseRows(tab.$).map((row) => row.href),
      [`/handlaggare/arenden/${open}`],
    );
    // Every other list says so too: such a case cannot be decided until its marks are cleared.
    const undecided = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    const warnings = new Map(caseRows(undecided.$).map((row) => [row.href, row.warning]));
    assert.equal(warnings.get(`/handlaggare/arenden/${open}`), 'Fel markerade');
    assert.equal(warnings.get(`/handlaggare/arenden/${cleared}`), '');
  });

  it('searches by name or personnummer; another municipality’s person is "Ingen träff" as nobody', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const other = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'caseworker' }]);
    const href = `/handlaggare/arenden/${sent.id}`;
    // The date of birth alone, as eight digits, with or without dashes.
    const born = sent.applicant.personnummer.replace(/\D/g, '').slice(0, 8);
    const bornDashed = `${born.slice(0, 4)}-${born.slice(4, 6)}-${born.slice(6)}`;
    for (const typed of [
      'øvergård',
      'Lukasz Overg',
      'NGUYEN minh',
      sent.applicant.personnummer,
      born,
      bornDashed,
    ]) {
      const { response, $ } = await searchCases(agent, typed);
      assert.equal(response.status, 200, typed);
      assert.equal(textOf($, '#list-heading'), 'Sökresultat');
      assert.deepEqual(
        caseRows($).map((row) => row.href),
        [href],
        typed,
      );
      assert.equal($('#sokord').val(), typed, 'what was typed stays in the box');
    }
    const theirsBorn = await searchCases(other.agent, born);
    assert.equal(caseRows(theirsBorn.$).length, 0);
    assert.match(textOf(theirsBorn.$, '[role=status]'), /^Ingen träff\./);
    const theirs = await searchCases(other.agent, 'Øvergård');
    const nobody = await searchCases(other.agent, 'Ingenalls');
    assert.equal(caseRows(theirs.$).length, 0);
    assert.equal(
      textOf(theirs.$, '[role=status]'),
      'Ingen träff. Det finns inget ärende med det personnumret, födelsedatumet, namnet eller kvittonumret i dina kommuner.',
    );
    assert.equal(textOf(theirs.$, '[role=status]'), textOf(nobody.$, '[role=status]'));
    const audit = async (response: { headers: Record<string, unknown> }) =>
      (await testApp().services.auditLog.ofRequest(String(response.headers['x-request-id']))).map(
        (event) => [event.action, event.outcome],
      );
    assert.deepEqual(await audit(theirs.response), [['search', 'denied']]);
    assert.deepEqual(await audit(nobody.response), [['search', 'ok']]);

    const empty = await searchCases(agent, '  ');
    assert.equal(empty.response.status, 400);
    assert.match(
      textOf(empty.$, '.error-list, [role=alert], main'),
      /Skriv ett personnummer, ett namn eller ett kvittonummer\./,
    );
    const short = await searchCases(agent, 'Ø');
    assert.equal(short.response.status, 400);
    assert.match(textOf(short.$, 'main'), /Skriv minst två bokstäver av namnet\./);
    assert.equal(short.$('#sokord').val(), 'Ø');
    // Said first in the title too, which a screen reader reads when the page opens.
    assert.match(short.$('title').text(), /^Fel: /);
  });

  it('"121212-1212" also finds the person born in 1912, who would have to be written with "+"', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const id = await insertCase(testApp().services.database.db, {
      receivedAt: Date.parse('2026-11-20T08:00:00Z'),
      personnummer: '191212121212',
      name: 'Tolvan Tolvansson',
    });
    const { $ } = await searchCases(agent, '121212-1212');
    assert.deepEqual(
      caseRows($).map((row) => row.href),
      [`/handlaggare/arenden/${id}`],
    );
  });

  it('finds a case by the receipt number the applicant reads out, typed in any case and spacing; not in another municipality', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const other = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'caseworker' }]);
    const { receipt_number: receipt } = await testApp()
      .services.database.db.selectFrom('submission')
      .select('receipt_number')
      .where('application_id', '=', sent.id)
      .executeTakeFirstOrThrow();
    const [, first, second] = receipt.split('-') as [string, string, string];
    const { $: inbox } = await getPage(agent, '/handlaggare');
    assert.match(textOf(inbox, 'label[for=sokord]'), /kvittonummer/);
    for (const typed of [
      receipt,
      receipt.toLowerCase(),
      ` EB ${first} ${second} `,
      `EB–${first}–${second}`,
      `EB${first}-${second}`,
    ]) {
      const { response, $ } = await searchCases(agent, typed);
      assert.equal(response.status, 200, typed);
      assert.deepEqual(
        caseRows($).map((row) => row.href),
        [`/handlaggare/arenden/${sent.id}`],
        typed,
      );
      assert.equal($('#sokord').val(), typed, 'what was typed stays in the box');
    }
    const unknown = await searchCases(agent, 'EB-2222-2222');
    assert.equal(caseRows(unknown.$).length, 0);
    assert.match(textOf(unknown.$, '[role=status]'), /^Ingen träff\./);
    const theirs = await searchCases(other.agent, receipt);
    assert.equal(caseRows(theirs.$).length, 0);
    assert.equal(textOf(theirs.$, '[role=status]'), textOf(unknown.$, '[role=status]'));
    const events = await testApp().services.auditLog.ofRequest(
      String(theirs.response.headers['x-request-id']),
    );
    assert.deepEqual(
      events.map((event) => [event.action, event.outcome]),
      [['search', 'denied']],
    );
  });

  it('flags the same medsökande on two live applications for the same period, on both, and links them (SEC-29 the view names them)', async () => {
    const shared = newPersonnummer();
    const typed = `${shared.slice(0, 8)}-${shared.slice(8)}`;
    const naming = (options: { municipalityCode?: string; period?: string } = {}) =>
      sendApplication(testApp(), {
        ...(options.municipalityCode ? { municipalityCode: options.municipalityCode } : {}),
        changes: {
          medsokande: { personnummer: typed },
          ...(options.period ? { period: { period: options.period } } : {}),
        },
      });
    const first = await naming();
    const second = await naming();
    const otherPeriod = await naming({ period: '2026-11' });
    const elsewhere = await naming({ municipalityCode: '9902' });
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const warnings = async () => {
      const { $ } = await getPage(agent, '/handlaggare?lista=ej-beslutade&sortering=nyast');
      return new Map(caseRows($).map((row) => [row.href.split('/').pop(), row.warning]));
    };
    const listed = await warnings();
    assert.equal(listed.get(first.id), 'Dubblett');
    assert.equal(listed.get(second.id), 'Dubblett');
    assert.equal(listed.get(otherPeriod.id), '', 'another period is no duplicate');
    assert.equal(listed.has(elsewhere.id), false);

    const casePage = await getPage(agent, `/handlaggare/arenden/${first.id}`);
    const box = casePage.$('[aria-labelledby="duplicates-heading"]');
    assert.equal(textOf(casePage.$, '#duplicates-heading'), 'Möjlig dubblett');
    assert.deepEqual(
      box
        .find('a')
        .toArray()
        .map((link) => casePage.$(link).attr('href')),
      [`/handlaggare/arenden/${second.id}`],
      'linked to the other live case here, never to another municipality’s',
    );
    assert.match(box.find('a').text(), /^Łukasz Øvergård, inkommen 2026-11-24, Inkommen$/);
    // The view's one audit row names every other application the page shows: the duplicate and
    // the person's application for another month (under "Tidigare ansökningar").
    const [view, ...more] = await testApp().services.auditLog.ofRequest(
      String(casePage.response.headers['x-request-id']),
    );
    assert.deepEqual(more, []);
    assert.ok(view);
    assert.equal(view.action, 'view');
    assert.deepEqual([...(view.shown ?? [])].sort(), [second.id, otherPeriod.id].sort());
    const back = await getPage(agent, `/handlaggare/arenden/${second.id}`);
    assert.deepEqual(
      back
        .$('[aria-labelledby="duplicates-heading"] a')
        .toArray()
        .map((link) => back.$(link).attr('href')),
      [`/handlaggare/arenden/${first.id}`],
    );

    // A closed case is no longer live: neither is flagged any more.
    const closed = await changeStatus(
      agent,
      `/handlaggare/arenden/${second.id}`,
      'Makulerad (skriv varför)',
      'Dubblett av den andra.',
    );
    assert.equal(closed.response.status, 303);
    // Asked once more first, with the reason: it cannot be undone.
    assert.equal(
      textOf(closed.confirmPage ?? closed.$, 'h1'),
      'Vill du ändra status till Makulerad?',
    );
    assert.match(textOf(closed.confirmPage ?? closed.$, 'main'), /Orsak: Dubblett av den andra\./);
    const after = await warnings();
    assert.equal(after.get(first.id), '');
    const firstAgain = await getPage(agent, `/handlaggare/arenden/${first.id}`);
    assert.equal(firstAgain.$('#duplicates-heading').length, 0);
  });
});

describe('"Fel och brister" follows the marks', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('a mark made on the case page puts the case in "Fel och brister"; clearing the last takes it out', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const href = `/handlaggare/arenden/${sent.id}`;
    // Other tests' cases share the database: whether this one is listed is what counts.
    const listed = async () => {
      const inbox = await getPage(agent, '/handlaggare');
      const tab = await getPage(agent, tabHref(inbox.$, 'Fel och brister'));
      return caseRows(tab.$).some((row) => row.href === href);
    };
    assert.equal(await listed(), false);
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte.');
    await markAnswer(agent, casePath, 'Ort', 'Orten stämmer inte.');
    assert.equal(await listed(), true);
    const clearOne = async () => {
      const { $ } = await getPage(agent, casePath);
      const button = $('.portal-marks button')
        .filter((_, one) => $(one).text().startsWith('Ta bort markering'))
        .first();
      const cleared = await postFormOf(agent, button.closest('form') as never, {});
      assert.equal(cleared.response.status, 303);
    };
    await clearOne();
    assert.equal(await listed(), true, 'one mark is still open');
    await clearOne();
    assert.equal(await listed(), false);
  });
});

describe('the inbox search as a page of its own', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('a search is posted, then its results are a page of their own: no personnummer in any address, and "back" from a case shows them again', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const nothingYet = await agent.get('/handlaggare/arenden/sok');
    assert.equal(nothingYet.status, 303);
    assert.equal(nothingYet.headers.location, '/handlaggare');

    const { $ } = await getPage(agent, '/handlaggare');
    const posted = await agent
      .post('/handlaggare/arenden/sok')
      .type('form')
      .send({ sokord: sent.applicant.personnummer, _csrf: csrfTokenOf($) });
    assert.equal(posted.status, 303);
    const resultsPath = posted.headers.location ?? '';
    assert.match(resultsPath, /^\/handlaggare\/arenden\/sok\?s=[\w-]{8}$/);
    for (let visit = 0; visit < 2; visit++) {
      // The second visit is the browser's "back" from the case: a plain GET.
      const results = await getPage(agent, resultsPath);
      assert.equal(results.response.status, 200);
      assert.equal(results.$('input[name="sokord"]').val(), sent.applicant.personnummer);
      assert.deepEqual(
        caseRows(results.$).map((row) => row.href),
        [`/handlaggare/arenden/${sent.id}`],
      );
      await getPage(agent, `/handlaggare/arenden/${sent.id}`);
    }
  });

  it("two tabs' searches keep their own results: a search in one never changes the other's page", async () => {
    const first = await sendApplication(testApp());
    const second = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const search = async (words: string) => {
      const { $ } = await getPage(agent, '/handlaggare');
      const posted = await agent
        .post('/handlaggare/arenden/sok')
        .type('form')
        .send({ sokord: words, _csrf: csrfTokenOf($) });
      return posted.headers.location ?? '';
    };
    const tabOne = await search(first.applicant.personnummer);
    const tabTwo = await search(second.applicant.personnummer);
    // Tab one reloaded (or reached with "back") after tab two searched.
    const again = await getPage(agent, tabOne);
    assert.equal(again.$('input[name="sokord"]').val(), first.applicant.personnummer);
    assert.deepEqual(
      caseRows(again.$).map((row) => row.href),
      [`/handlaggare/arenden/${first.id}`],
    );
    // The title names the search, so the tab says what it holds.
    assert.match(again.$('title').text(), /^Sökresultat – Ärenden – /);
    const other = await getPage(agent, tabTwo);
    assert.deepEqual(
      caseRows(other.$).map((row) => row.href),
      [`/handlaggare/arenden/${second.id}`],
    );
    // An address with a key this session never made is no search: back to the inbox.
    const made = await agent.get('/handlaggare/arenden/sok?s=AAAAAAAA');
    assert.equal(made.status, 303);
    assert.equal(made.headers.location, '/handlaggare');
  });
});
