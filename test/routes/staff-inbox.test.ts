import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  caseRows,
  changeStatus,
  currentTab,
  pressButton,
  sendApplication,
  tabHref,
} from '../helpers/cases';
import { linkNamed } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { insertCase } from '../helpers/inbox-rows';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

describe('the caseworker inbox and case view', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('an application sent by an applicant is in "Nya", leaves it when opened, is assigned and handled', async () => {
    const sent = await sendApplication(testApp());
    clock.advanceMinutes(10);
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);

    const inbox = await getPage(agent, '/handlaggare');
    assert.equal(inbox.response.status, 200);
    assert.equal(textOf(inbox.$, 'h1'), 'Ärenden');
    assert.equal(currentTab(inbox.$), 'Nya');
    const pnr = sent.applicant.personnummer;
    const row = caseRows(inbox.$).find((one) => one.href === `/handlaggare/arenden/${sent.id}`);
    assert.deepEqual(row && { ...row, href: '' }, {
      received: '2026-11-24',
      period: 'december 2026',
      name: 'Łukasz Øvergård',
      personnummer: `${pnr.slice(0, 8)}-XXXX`,
      household: '4',
      status: 'Inkommen',
      // Every row of "Nya" is unopened: no "Inte öppnad" badge there (other lists have it).
      unread: false,
      assignee: 'Ingen',
      warning: '',
      href: '',
    });
    assert.ok(!inbox.response.text.includes(pnr), 'the full personnummer is not in the list');

    const casePath = `/handlaggare/arenden/${sent.id}`;
    const opened = await getPage(agent, casePath);
    assert.equal(opened.response.status, 200);
    assert.equal(textOf(opened.$, 'h1'), 'Ansökan från Łukasz Øvergård');
    const main = textOf(opened.$, 'main');
    assert.match(main, /Status ?Inkommen/);
    assert.match(
      main,
      /Medsökande ?Nguyễn Thị Minh: har inget konto\. Medsökande ska skriva under på papper\./,
    );
    assert.match(main, /Svaren i ansökan.*Om dig/);
    assert.match(main, /Jag har fått en tid hos tandläkaren i januari\./);
    assert.match(
      main,
      /Händelser.*24 november 2026 kl\. 09\.30: Testperson \d{4} skickade in ansökan\. Status: Inkommen\./,
    );

    const afterOpening = await getPage(agent, '/handlaggare');
    assert.ok(!caseRows(afterOpening.$).some((one) => one.href === casePath), 'left "Nya"');
    const recentHref = tabHref(afterOpening.$, 'Senast öppnade');
    const recent = await getPage(agent, recentHref);
    assert.equal(currentTab(recent.$), 'Senast öppnade');
    assert.deepEqual(
      caseRows(recent.$).map((one) => one.href),
      [casePath],
    );

    clock.advanceMinutes(1);
    // Who takes an Inkommen case works it: it is Under handläggning at once, and the page says so.
    const assigned = await pressButton(agent, casePath, 'Tilldela mig');
    assert.equal(assigned.response.status, 303);
    const after = await getPage(agent, assigned.response.headers.location ?? '');
    assert.equal(
      textOf(after.$, '[role=status]'),
      'Ärendet är tilldelat och har nu status Under handläggning.',
    );
    assert.match(textOf(after.$, 'main'), /Status ?Under handläggning/);
    assert.match(
      textOf(after.$, 'main'),
      new RegExp(
        `kl\\. 09\\.41: ${staff.account.name} ändrade från Inkommen till Under handläggning\\.`,
      ),
    );
    const mine = await getPage(agent, '/handlaggare?lista=mina');
    assert.deepEqual(
      caseRows(mine.$).map((one) => [one.href, one.assignee, one.status, one.unread]),
      [[casePath, staff.account.name, 'Under handläggning', false]],
    );
  });

  it('"Nya" holds every unopened application, last month\'s too (an applicant may apply for it); "Ej beslutade" shows each period\'s last day', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const db = services.database.db;
    const at = Date.parse('2026-11-20T08:00:00Z');
    const october = await insertCase(db, {
      receivedAt: at,
      period: '2026-10',
      name: 'Olle Oktober',
    });
    const november = await insertCase(db, {
      receivedAt: at,
      period: '2026-11',
      name: 'Nora November',
    });
    const december = await insertCase(db, {
      receivedAt: at,
      period: '2026-12',
      name: 'Dora December',
    });
    const fresh = caseRows((await getPage(agent, '/handlaggare')).$).map((row) => row.href);
    assert.ok(fresh.includes(`/handlaggare/arenden/${october}`), 'last month is new too');
    assert.ok(fresh.includes(`/handlaggare/arenden/${november}`));
    assert.ok(fresh.includes(`/handlaggare/arenden/${december}`));
    const undecided = caseRows((await getPage(agent, '/handlaggare?lista=ej-beslutade')).$);
    const periodOf = (id: string) =>
      undecided.find((row) => row.href === `/handlaggare/arenden/${id}`)?.period;
    assert.equal(periodOf(october), 'oktober 2026, sista dag 31 oktober');
    assert.equal(periodOf(november), 'november 2026, sista dag 30 november');
    assert.equal(periodOf(december), 'december 2026, sista dag 31 december');
  });

  it('staff with no grant left are told why the list is empty, and whom to ask; no link to reports', async () => {
    const { agent } = await staffAgent(testApp(), []);
    const { $ } = await getPage(agent, '/handlaggare');
    assert.equal(
      textOf($, '.message-box--warning'),
      'Du har ingen behörighet i någon kommun just nu, så du ser inga ärenden. Kontakta systemadministratören i din kommun om du ska ha behörighet.',
    );
    assert.equal($('a').filter((_, link) => $(link).text().trim() === 'Rapporter').length, 0);
  });

  it('an illegal status change is refused with a message and nothing changes', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { $ } = await getPage(agent, casePath);
    const refused = await agent
      .post(`${casePath}/status`)
      .type('form')
      .send({ till: 'beviljad', orsak: '', _csrf: csrfTokenOf($) });
    assert.equal(refused.status, 303);
    const page = await getPage(agent, refused.headers.location ?? '');
    assert.deepEqual(errorSummaryLinks(page.$), [
      {
        text: 'Ärendet har status Inkommen. Då går det inte att ändra till Beviljad.',
        href: '#till-0',
      },
    ]);
    assert.match(textOf(page.$, 'main'), /Status ?Inkommen/);
    const noReason = await changeStatus(agent, casePath, 'Makulerad (skriv varför)', '');
    const again = await getPage(agent, noReason.response.headers.location ?? '');
    assert.deepEqual(errorSummaryLinks(again.$), [
      { text: 'Skriv varför du ändrar till Makulerad.', href: '#orsak' },
    ]);
    assert.match(textOf(again.$, 'main'), /Status ?Inkommen/);
  });

  it('pages of 25 by received time, with "Nästa sida", and filters by status', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'readonly' }]);
    const db = services.database.db;
    const base = Date.parse('2026-10-01T08:00:00Z');
    const ids: string[] = [];
    for (let index = 0; index < 30; index++) {
      const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
      ids.push(id);
      // Every other one at the same moment as the one before: the id breaks the tie.
      const at = base + Math.floor(index / 2) * 60_000;
      await db
        .insertInto('application')
        .values({
          id,
          form_id: 'ekonomiskt-bistand',
          form_version: 1,
          municipality_code: '9902',
          owner_id: null,
          channel: 'e-tjanst',
          status: index === 29 ? 'under-handlaggning' : 'inkommen',
          input: '{}',
          answers: '{}',
          row_version: 2,
          created_at: at,
          updated_at: at,
          received_at: at,
        })
        .execute();
      await db
        .insertInto('submission')
        .values({
          application_id: id,
          receipt_number: `EB-PAGE-${index}`,
          submitted_at: at,
          submitted_by: 'test',
          login_method: 'sms',
          snapshot: JSON.stringify({
            formId: 'ekonomiskt-bistand',
            formVersion: 1,
            sections: [],
            answers: { period: { period: '2026-11' } },
          }),
          pdf: null,
          pdf_sha256: null,
        })
        .execute();
    }
    const first = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    const firstRows = caseRows(first.$);
    assert.equal(firstRows.length, 25);
    assert.deepEqual(
      firstRows.map((row) => row.href),
      ids.slice(0, 25).map((id) => `/handlaggare/arenden/${id}`),
    );
    const next = linkNamed(first.$, 'Nästa sida').attr('href') ?? '';
    assert.match(next, /^\/handlaggare\?lista=ej-beslutade&efter=\d+\.[0-9a-f-]{36}$/);
    const second = await getPage(agent, next);
    assert.deepEqual(
      caseRows(second.$).map((row) => row.href),
      ids.slice(25).map((id) => `/handlaggare/arenden/${id}`),
    );
    assert.equal(linkNamed(second.$, 'Nästa sida').length, 0);
    const handled = await getPage(
      agent,
      '/handlaggare?lista=ej-beslutade&status=under-handlaggning',
    );
    assert.deepEqual(
      caseRows(handled.$).map((row) => [row.href, row.status]),
      [[`/handlaggare/arenden/${ids[29] ?? ''}`, 'Under handläggning']],
    );
    const post = await getPage(agent, '/handlaggare?lista=ej-beslutade&kanal=post');
    assert.equal(caseRows(post.$).length, 0);
    assert.match(textOf(post.$, 'main'), /Det finns inga ärenden i listan\./);
    const plan = services.database.db
      .selectFrom('application')
      .select('id')
      .where('municipality_code', 'in', ['9902'])
      .where('status', '=', 'inkommen')
      .orderBy('received_at')
      .orderBy('id')
      .limit(26)
      .compile();
    if (services.database.dialect === 'sqlite') {
      const explained = await services.database.db.executeQuery({
        ...plan,
        sql: `explain query plan ${plan.sql}`,
      });
      assert.match(JSON.stringify(explained.rows), /USING (COVERING )?INDEX application_inbox/);
      assert.doesNotMatch(JSON.stringify(explained.rows), /TEMP B-TREE/);
    }
  });
});
