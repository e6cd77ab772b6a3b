import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Migrator } from '../../services/db/kysely';
import { migrationProvider } from '../../migrations';
import { migrationsAfter } from '../helpers/migrations';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import type { StaffRequest } from '../../services/cases';
import { migrateToLatest } from '../../services/db/migrate';
import { loadStaffMember } from '../../services/staff-access';
import { databaseTargets } from '../helpers/database-targets';
import { createApplicant, type TestApplicant } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { form, sentApplication } from '../helpers/sent-for-completion';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

const BALANCE = 'tillgangar.bankBalance';
const MESSAGE = 'meddelande.message';

for (const target of databaseTargets()) {
  describe(`completion drafts (migration 023) on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let caseworker: StaffRequest;
    let owner: TestApplicant;
    let now = 0;
    before(async () => {
      opened = await target.open({ clock, forms: [ekonomisktBistand, form] });
      const created = await createStaff(opened.services, [
        { municipalityCode: '9901', role: 'caseworker' },
      ]);
      const staff = await loadStaffMember(opened.services.accounts, created.account.id);
      assert.ok(staff);
      caseworker = { staff, requestId: randomUUID() };
      owner = await createApplicant(opened.services, { mobile: '+46701112244' });
    });
    after(async () => {
      await opened.cleanup();
    });

    const fresh = (): StaffRequest => ({ ...caseworker, requestId: randomUUID() });
    const applicant = () => ({ kind: 'applicant' as const, userId: owner.account.id });

    /** A case asking about the bank balance and the message. */
    async function asked() {
      const { caseMarks, completionRequests } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', (now += 1));
      await caseMarks.mark(fresh(), id, `answer:${BALANCE}`, 'Fel saldo.');
      clock.advanceMinutes(1);
      await caseMarks.mark(fresh(), id, `answer:${MESSAGE}`, 'Oklart.');
      const requested = await completionRequests.request(fresh(), id, {
        dueDate: '2026-12-20',
        message: '',
      });
      assert.equal(requested.outcome, 'requested');
      return id;
    }

    async function row(id: string) {
      return opened.services.database.db
        .selectFrom('completion_request')
        .select(['draft_answers', 'draft_version', 'draft_saved_at', 'changes'])
        .where('application_id', '=', id)
        .orderBy('requested_at', 'desc')
        .executeTakeFirstOrThrow();
    }

    it('saves only the marked answers within their bounds, counts versions and refuses a stale one', async () => {
      const { completions } = opened.services;
      const id = await asked();
      const start = await completions.openRequest(applicant(), id, 'sv');
      assert.equal(start?.draftVersion, 0);
      assert.equal(start.savedAnswers, undefined);

      const first = await completions.saveDraft(
        applicant(),
        id,
        {
          [BALANCE]: 'tusen',
          [MESSAGE]: 'Hej\r\nigen',
          'tillgangar.hasShares': 'ja',
          status: 'beviljad',
        },
        0,
      );
      assert.deepEqual(first, { outcome: 'saved', version: 1 });
      const saved = await row(id);
      assert.deepEqual(JSON.parse(saved.draft_answers ?? ''), {
        [BALANCE]: 'tusen',
        [MESSAGE]: 'Hej\nigen',
      });
      assert.equal(saved.draft_version, 1);
      assert.equal(Number(saved.draft_saved_at), clock.now().getTime());
      assert.equal(saved.changes, null, 'a draft is no change');

      // A value that may not be stored keeps the one saved before; a wrong shape is not read.
      const second = await completions.saveDraft(
        applicant(),
        id,
        { [BALANCE]: '12\u202e3', [MESSAGE]: ['a', 'b'] },
        1,
      );
      assert.deepEqual(second, { outcome: 'saved', version: 2 });
      assert.deepEqual(JSON.parse((await row(id)).draft_answers ?? ''), {
        [BALANCE]: 'tusen',
        [MESSAGE]: 'Hej\nigen',
      });

      const stale = await completions.saveDraft(applicant(), id, { [BALANCE]: '5' }, 1);
      assert.deepEqual(stale, { outcome: 'staleDraft', version: 2 });
      const staleSend = await completions.answer(
        applicant(),
        id,
        { [BALANCE]: '5', [MESSAGE]: 'Hej' },
        'sv',
        1,
      );
      assert.deepEqual(staleSend, { outcome: 'staleDraft', version: 2 });
      assert.equal((await row(id)).draft_version, 2, 'nothing written by a stale page');

      const parallel = await Promise.all(
        ['1', '2', '3', '4'].map((n) =>
          completions.saveDraft(applicant(), id, { [BALANCE]: n }, 2),
        ),
      );
      assert.equal(parallel.filter((result) => result.outcome === 'saved').length, 1);
      assert.equal((await row(id)).draft_version, 3);

      const open = await completions.openRequest(applicant(), id, 'sv');
      assert.equal(open?.draftVersion, 3);
      assert.deepEqual(Object.keys(open.savedAnswers ?? {}).sort(), [MESSAGE, BALANCE]);
    });

    it('an invalid send is saved as the draft; a valid one empties it; a stranger reaches nothing', async () => {
      const { completions } = opened.services;
      const id = await asked();
      const stranger = await createApplicant(opened.services);
      assert.deepEqual(
        await completions.saveDraft(
          { kind: 'applicant', userId: stranger.account.id },
          id,
          { [BALANCE]: '1' },
          0,
        ),
        { outcome: 'notFound' },
      );
      const invalid = await completions.answer(
        applicant(),
        id,
        { [BALANCE]: 'tusen', [MESSAGE]: 'Nytt' },
        'sv',
        0,
      );
      assert.equal(invalid.outcome, 'invalid');
      assert.equal(invalid.version, 1);
      assert.deepEqual(JSON.parse((await row(id)).draft_answers ?? ''), {
        [BALANCE]: 'tusen',
        [MESSAGE]: 'Nytt',
      });
      const sent = await completions.answer(
        applicant(),
        id,
        { [BALANCE]: '1 000', [MESSAGE]: 'Nytt' },
        'sv',
        1,
      );
      assert.deepEqual(sent, { outcome: 'sent' });
      const after = await row(id);
      assert.equal(after.draft_answers, null);
      assert.equal(after.draft_saved_at, null);
      assert.notEqual(after.changes, null);
      assert.deepEqual(
        await completions.saveDraft(applicant(), id, { [BALANCE]: '2' }, 2),
        { outcome: 'stale' },
        'nothing to save for once it is sent',
      );
    });

    it('the draft is emptied when the caseworker moves the case on without an answer', async () => {
      const { cases, completions } = opened.services;
      for (const to of ['under-handlaggning', 'aterkallad']) {
        const id = await asked();
        await completions.saveDraft(applicant(), id, { [MESSAGE]: 'Utkast' }, 0);
        assert.notEqual((await row(id)).draft_answers, null);
        const moved = await cases.changeStatus(fresh(), id, to, 'Återkallad i telefon.');
        assert.equal(moved.outcome, 'changed', to);
        assert.equal((await row(id)).draft_answers, null, to);
        assert.deepEqual(
          await completions.saveDraft(applicant(), id, { [MESSAGE]: 'Sent' }, 1),
          { outcome: 'stale' },
          `${to}: nothing is asked any more`,
        );
      }
    });

    it('goes down and up again: the request stays, its draft columns come back empty', async () => {
      const id = await asked();
      await opened.services.completions.saveDraft(applicant(), id, { [MESSAGE]: 'Utkast' }, 0);
      const handle = opened.services.database;
      const migrator = new Migrator({
        db: handle.db,
        provider: migrationProvider,
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      assert.equal((await migrator.migrateTo('022-session-renewed-from')).error, undefined);
      const columns = async () =>
        (await handle.db.introspection.getTables())
          .find(
            (table) =>
              table.name === 'completion_request' &&
              // On PostgreSQL, this test's own schema (others may run beside it).
              (handle.migrationSchema === undefined || table.schema === handle.migrationSchema),
          )
          ?.columns.map((column) => column.name) ?? [];
      assert.ok(!(await columns()).includes('draft_answers'));
      assert.deepEqual(
        await migrateToLatest(handle),
        await migrationsAfter('022-session-renewed-from'),
      );
      assert.ok((await columns()).includes('draft_answers'));
      const back = await row(id);
      assert.equal(back.draft_answers, null);
      assert.equal(back.draft_version, 0);
    });
  });
}
