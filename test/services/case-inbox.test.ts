import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  COUNTED_LISTS,
  type InboxFilter,
  type InboxList,
  type InboxSort,
} from '../../services/case-inbox';
import { compareRows, type ListedRow } from '../../services/inbox-query';
import { loadStaffMember, type StaffMember } from '../../services/staff-access';
import { ManualClock } from '../helpers/manual-clock';
import { databaseTargets } from '../helpers/database-targets';
import { insertCase, insertEvent, insertMark } from '../helpers/inbox-rows';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

const STATUSES = ['inkommen', 'under-handlaggning', 'komplettering-begard', 'beviljad', 'avslag'];
const PERIODS = ['2026-10', '2026-11', '2026-12'];
const BASE = Date.parse('2026-10-01T08:00:00Z');

interface Made {
  id: string;
  municipality: string;
  status: string;
  channel: string;
  period: string;
  receivedAt: number;
  assignee: string | null;
  opened: boolean;
  marked: boolean;
}

for (const target of databaseTargets()) {
  describe(`the inbox's lists, search and reports on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    let me: StaffMember;
    let colleague: StaffMember;
    const made: Made[] = [];

    before(async () => {
      // November 2026: "Nya" holds every unopened application, October's too.
      opened = await target.open({ clock: new ManualClock('2026-11-24T08:30:00Z') });
      const { services } = opened;
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
      const grants = [
        { municipalityCode: '9901', role: 'caseworker' as const },
        { municipalityCode: '9902', role: 'readonly' as const },
      ];
      const mine = await createStaff(services, grants);
      const theirs = await createStaff(services, grants);
      me = (await loadStaffMember(services.accounts, mine.account.id)) as StaffMember;
      colleague = (await loadStaffMember(services.accounts, theirs.account.id)) as StaffMember;
      const db = services.database.db;
      const assignees = [me.account.id, colleague.account.id, null];
      for (let index = 0; index < 90; index++) {
        const one: Made = {
          id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
          municipality: ['9901', '9902', '9903'][index % 3] ?? '9901',
          status: STATUSES[index % 5] ?? 'inkommen',
          channel: index % 4 === 0 ? 'post' : 'e-tjanst',
          period: PERIODS[index % 3 === 0 ? 0 : index % 7 === 0 ? 1 : 2] ?? '2026-12',
          // Pairs received at the same moment: the id breaks the tie.
          receivedAt: BASE + Math.floor(index / 2) * 60_000,
          assignee: assignees[index % 3] ?? null,
          opened: index % 2 === 0,
          marked: index % 6 === 1,
        };
        made.push(one);
        await insertCase(db, {
          id: one.id,
          municipalityCode: one.municipality,
          status: one.status,
          channel: one.channel,
          period: one.period,
          receivedAt: one.receivedAt,
          assigneeId: one.assignee,
          openedAt: one.opened ? one.receivedAt : null,
        });
        if (one.marked) await insertMark(db, one.id, me.account.id);
        // A cleared mark leaves a case out of "Fel och brister".
        if (index % 6 === 2) await insertMark(db, one.id, me.account.id, one.receivedAt);
      }
    });
    after(async () => {
      await opened.cleanup();
    });

    function expected(list: InboxList, filter: InboxFilter): Made[] {
      const sort: InboxSort = filter.sort ?? 'aldst';
      const undecided = ['inkommen', 'under-handlaggning', 'komplettering-begard'];
      return (
        made
          .filter((one) => one.municipality !== '9903')
          .filter((one) => list !== 'nya' || (one.status === 'inkommen' && !one.opened))
          .filter((one) => list !== 'mina' || one.assignee === me.account.id)
          // "Mina ärenden": open cases, unless the closed ones or a status were asked for.
          .filter(
            (one) =>
              list !== 'mina' ||
              filter.closed === true ||
              filter.status !== undefined ||
              undecided.includes(one.status),
          )
          .filter((one) => list !== 'komplettering' || one.status === 'komplettering-begard')
          .filter((one) => list !== 'ej-beslutade' || undecided.includes(one.status))
          .filter((one) => list !== 'fel' || one.marked)
          .filter((one) => !filter.status || one.status === filter.status)
          .filter((one) => !filter.channel || one.channel === filter.channel)
          .filter((one) => !filter.period || one.period === filter.period)
          .filter((one) => {
            const wanted = filter.assignee;
            if (!wanted) return true;
            if (wanted.kind === 'me') return one.assignee === me.account.id;
            if (wanted.kind === 'none') return one.assignee === null;
            return one.assignee === wanted.id;
          })
          .sort((a, b) => compareRows(asRow(a), asRow(b), sort))
      );
    }

    it('walks every page of every list, filter and sort in order, each case once, only in my municipalities', async () => {
      const { caseInbox } = opened.services;
      const filters: InboxFilter[] = [
        {},
        { period: '2026-12' },
        { status: 'inkommen', period: '2026-10' },
        { assignee: { kind: 'me' } },
        { assignee: { kind: 'none' }, channel: 'post' },
        { assignee: { kind: 'colleague', id: colleague.account.id }, period: '2026-12' },
        { channel: 'e-tjanst', status: 'under-handlaggning' },
        { closed: true },
        { status: 'beviljad' },
      ];
      const lists: InboxList[] = ['nya', 'mina', 'komplettering', 'fel', 'ej-beslutade', 'alla'];
      let checked = 0;
      for (const list of lists) {
        for (const base of filters) {
          for (const sort of ['aldst', 'nyast', 'period'] as const) {
            const filter = { ...base, sort };
            const pages: string[][] = [];
            let position;
            let page;
            for (let count = 0; count < 50; count++) {
              page = await caseInbox.page(me, list, filter, position, 4);
              pages.push(page.rows.map((row) => row.id));
              assert.equal(page.previous !== undefined, count > 0, 'a page before, but the first');
              if (!page.next) break;
              position = { direction: 'after' as const, cursor: page.next };
            }
            const want = expected(list, filter).map((one) => one.id);
            assert.deepEqual(pages.flat(), want, `${list} ${JSON.stringify(filter)}`);
            checked += want.length;
            // "Föregående sida" from the last page back to the first: the same pages.
            for (let index = pages.length - 2; index >= 0; index--) {
              assert.ok(page?.previous, `a page before page ${index + 2}`);
              page = await caseInbox.page(
                me,
                list,
                filter,
                { direction: 'before', cursor: page.previous },
                4,
              );
              assert.deepEqual(
                page.rows.map((row) => row.id),
                pages[index],
                `${list} ${JSON.stringify(filter)} page ${index + 1} read backwards`,
              );
              assert.equal(page.previous !== undefined, index > 0);
              assert.ok(page.next, 'the page after is offered');
            }
          }
        }
      }
      assert.ok(checked > 300, `only ${checked} rows were compared`);
    });

    it('counts the short lists as they list, with the month and channel chosen', async () => {
      const { caseInbox } = opened.services;
      for (const filter of [{}, { period: '2026-12' }, { channel: 'post' as const }]) {
        const counts = await caseInbox.counts(me, filter);
        for (const list of COUNTED_LISTS) {
          assert.equal(
            counts[list],
            expected(list, filter).length,
            `${list} ${JSON.stringify(filter)}`,
          );
        }
      }
    });

    it('SEC-29 a list page and an export each write one audit row naming every case they show', async () => {
      const { caseInbox, auditLog } = opened.services;
      const page = await caseInbox.list(
        { staff: me, requestId: 'list-shown' },
        'alla',
        {},
        undefined,
      );
      const listed = await auditLog.ofRequest('list-shown');
      assert.equal(listed.length, 1);
      assert.deepEqual(
        listed[0]?.shown,
        page.rows.map((row) => row.id),
      );
      assert.ok(page.rows.length > 0);
      const exported = await caseInbox.export({ staff: me, requestId: 'export-shown' }, 'alla', {});
      const [row, ...more] = await auditLog.ofRequest('export-shown');
      assert.equal(more.length, 0);
      assert.ok(row);
      assert.equal(row.action, 'export');
      assert.deepEqual(
        row.shown,
        exported.rows.map((one) => one.id),
      );
      assert.ok(await auditLog.verify().then((report) => report.ok));
    });

    it('finds a person by the start of their names, accents or not, only in my municipalities', async () => {
      const { caseInbox, auditLog } = opened.services;
      const db = opened.services.database.db;
      const at = BASE + 1000 * 60_000;
      const ours = await insertCase(db, {
        municipalityCode: '9901',
        receivedAt: at,
        name: 'Łukasz Øvergård-Ek',
        coName: 'Nguyễn Thị Minh',
      });
      const theirs = await insertCase(db, {
        municipalityCode: '9903',
        receivedAt: at,
        name: 'Zacharias Ödmark',
      });
      const who = (requestId: string) => ({ staff: me, requestId });
      const ids = async (name: string) =>
        (await caseInbox.search(who(`search-${name}`), { name })).map((row) => row.id);
      assert.deepEqual(await ids('overgard'), [ours]);
      assert.deepEqual(await ids('lukasz ek'), [ours]);
      assert.deepEqual(await ids('luk øverg'), [ours]);
      assert.deepEqual(await ids('nguyen minh'), [ours], 'the medsökande');
      assert.deepEqual(await ids('lukasz minh'), [], 'words of two different people');
      assert.deepEqual(await ids('zacharias'), [], 'another municipality’s');
      assert.deepEqual(await ids('qqqq'), []);
      const outcome = async (requestId: string) =>
        (await auditLog.ofRequest(requestId)).map((event) => [event.action, event.outcome]);
      assert.deepEqual(await outcome('search-zacharias'), [['search', 'denied']]);
      assert.deepEqual(await outcome('search-qqqq'), [['search', 'ok']]);
      // SEC-29: the row says whose applications the search showed, not only that it ran.
      const shown = async (requestId: string) =>
        (await auditLog.ofRequest(requestId)).map((event) => event.shown);
      assert.deepEqual(await shown('search-overgard'), [[ours]]);
      assert.deepEqual(await shown('search-zacharias'), [[]]);
      assert.ok(theirs);
    });

    it('reports counts per status and channel, the median days to a decision and the undecided', async () => {
      const { caseReports, auditLog } = opened.services;
      const db = opened.services.database.db;
      const day = 24 * 60 * 60 * 1000;
      const start = Date.parse('2026-08-03T08:00:00Z');
      const decided = [1, 2, 4.5, 10].map((days, index) => ({ days, index }));
      for (const { days, index } of decided) {
        const id = await insertCase(db, {
          period: '2026-08',
          receivedAt: start + index * 1000,
          status: index === 3 ? 'avslag' : 'beviljad',
          channel: index === 0 ? 'post' : 'e-tjanst',
        });
        await insertEvent(db, id, start + index * 1000 + day / 2, 'inkommen', 'under-handlaggning');
        await insertEvent(
          db,
          id,
          start + index * 1000 + days * day,
          'under-handlaggning',
          'beviljad',
        );
      }
      const waiting = await insertCase(db, { period: '2026-08', receivedAt: start + 9000 });
      await insertCase(db, { period: '2026-08', receivedAt: start, municipalityCode: '9902' });
      const report = await caseReports.report(
        { staff: me, requestId: 'report-1' },
        '9901',
        '2026-08',
      );
      assert.ok(report);
      assert.equal(report.total, 5);
      assert.deepEqual(report.byStatus, [
        { status: 'avslag', count: 1 },
        { status: 'beviljad', count: 3 },
        { status: 'inkommen', count: 1 },
      ]);
      assert.deepEqual(report.byChannel, [
        { channel: 'e-tjanst', count: 4 },
        { channel: 'post', count: 1 },
      ]);
      assert.equal(report.decided, 4);
      assert.equal(report.medianDays, 3.25);
      assert.deepEqual(
        report.undecided.map((row) => row.id),
        [waiting],
      );
      assert.equal(report.undecidedCount, 1);
      const refused = await caseReports.report(
        { staff: me, requestId: 'report-2' },
        '9903',
        '2026-08',
      );
      assert.equal(refused, undefined);
      assert.deepEqual(
        (await auditLog.ofRequest('report-1')).map((e) => [e.action, e.outcome, e.municipality]),
        [['report', 'ok', '9901']],
      );
      assert.deepEqual((await auditLog.ofRequest('report-1'))[0]?.shown, [waiting]);
      assert.deepEqual(
        (await auditLog.ofRequest('report-2')).map((e) => [e.action, e.outcome, e.municipality]),
        [['report', 'denied', '9903']],
      );
    });
  });
}

function asRow(one: Made): ListedRow {
  return {
    id: one.id,
    municipality_code: one.municipality,
    status: one.status,
    channel: one.channel,
    received_at: one.receivedAt,
    period: one.period,
    applicant_name: null,
    applicant_personnummer: null,
    co_personnummer: null,
    household_size: null,
    owner_personnummer: null,
    owner_name: null,
    assignee_name: null,
    opened_at: null,
    open_marks: 0,
    signature_outstanding: 0,
  };
}
