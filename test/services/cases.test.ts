import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Services } from '../../services';
import { translator, type MessageKey } from '../../locales';
import { CASE_STATUSES, caseworkerMoves, transition } from '../../services/case-statuses';
import type { StaffRequest } from '../../services/cases';
import { loadStaffMember } from '../../services/staff-access';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

describe('case statuses as data', () => {
  it('allows only the moves in the table, each by the one who makes it', () => {
    assert.equal(transition('inkommen', 'under-handlaggning'), 'caseworker');
    assert.equal(transition('inkommen', 'beviljad'), undefined);
    assert.equal(transition('under-handlaggning', 'beviljad'), 'decision');
    assert.equal(transition('under-handlaggning', 'komplettering-begard'), 'completion');
    assert.equal(transition('beviljad', 'under-handlaggning'), undefined);
    assert.equal(transition('draft', 'inkommen'), undefined);
    assert.deepEqual(caseworkerMoves('inkommen'), [
      'under-handlaggning',
      'aterkallad',
      'makulerad',
    ]);
    assert.deepEqual(caseworkerMoves('makulerad'), []);
  });

  it('every status has a text for the applicant and a label for the caseworker in both languages', () => {
    for (const language of ['sv', 'en'] as const) {
      const t = translator(language);
      for (const status of CASE_STATUSES) {
        assert.ok(t(`status.${status}` as MessageKey), `${language} status.${status}`);
        assert.ok(t(`case.status.${status}` as MessageKey), `${language} case.status.${status}`);
      }
    }
  });
});

/** A sent application of `municipalityCode`, as SubmissionService leaves it. */
async function sentApplication(services: Services, municipalityCode: string, now: number) {
  const id = randomUUID();
  const db = services.database.db;
  await db
    .insertInto('application')
    .values({
      id,
      form_id: 'ekonomiskt-bistand',
      form_version: 1,
      municipality_code: municipalityCode,
      owner_id: null,
      channel: 'e-tjanst',
      status: 'inkommen',
      input: '{}',
      answers: '{}',
      row_version: 2,
      created_at: now,
      updated_at: now,
      received_at: now,
    })
    .execute();
  await db
    .insertInto('submission')
    .values({
      application_id: id,
      receipt_number: `EB-${id.slice(0, 8)}`,
      submitted_at: now,
      submitted_by: 'nobody',
      login_method: 'sms',
      snapshot: JSON.stringify({
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        sections: [],
        answers: {},
      }),
      pdf: null,
      pdf_sha256: null,
    })
    .execute();
  return id;
}

for (const target of databaseTargets()) {
  describe(`case status changes on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let caseworker: StaffRequest;
    let reader: StaffRequest;
    let other: StaffRequest;
    before(async () => {
      opened = await target.open({ clock });
      const member = async (grants: Parameters<typeof createStaff>[1]) => {
        const created = await createStaff(opened.services, grants);
        const staff = await loadStaffMember(opened.services.accounts, created.account.id);
        assert.ok(staff);
        return { staff, requestId: randomUUID() };
      };
      caseworker = await member([{ municipalityCode: '9901', role: 'caseworker' }]);
      reader = await member([{ municipalityCode: '9901', role: 'readonly' }]);
      other = await member([{ municipalityCode: '9902', role: 'caseworker' }]);
    });
    after(async () => {
      await opened.cleanup();
    });

    const auditOf = (who: StaffRequest) =>
      opened.services.auditLog.ofRequest(who.requestId).then((rows) =>
        rows.map(({ action, outcome, role, municipality }) => ({
          action,
          outcome,
          role,
          municipality,
        })),
      );
    const fresh = (who: StaffRequest): StaffRequest => ({ ...who, requestId: randomUUID() });

    it('moves a case with one event row and one audit row, and refuses an illegal move unchanged', async () => {
      const { services } = opened;
      const id = await sentApplication(services, '9901', clock.now().getTime());
      const who = fresh(caseworker);
      assert.deepEqual(await services.cases.changeStatus(who, id, 'under-handlaggning', ''), {
        outcome: 'changed',
      });
      const events = await services.database.db
        .selectFrom('application_event')
        .selectAll()
        .where('application_id', '=', id)
        .execute();
      const [event, ...more] = events;
      assert.ok(event);
      assert.equal(more.length, 0);
      assert.equal(event.from_status, 'inkommen');
      assert.equal(event.to_status, 'under-handlaggning');
      assert.equal(event.actor_id, caseworker.staff.account.id);
      assert.deepEqual(await auditOf(who), [
        { action: 'change', outcome: 'ok', role: 'caseworker', municipality: '9901' },
      ]);

      const illegal = fresh(caseworker);
      assert.deepEqual(await services.cases.changeStatus(illegal, id, 'inkommen', ''), {
        outcome: 'illegal',
        from: 'under-handlaggning',
      });
      const decided = await services.cases.changeStatus(fresh(caseworker), id, 'beviljad', '');
      assert.equal(decided.outcome, 'illegal', 'a decision is made with its letter, not a button');
      const row = await services.database.db
        .selectFrom('application')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'under-handlaggning');
      assert.deepEqual(await auditOf(illegal), [
        { action: 'change', outcome: 'invalid', role: 'caseworker', municipality: '9901' },
      ]);
    });

    it('SEC-15 SEC-16 another municipality gets notFound and read-only gets forbidden, each logged once', async () => {
      const { services } = opened;
      const id = await sentApplication(services, '9901', clock.now().getTime());
      const outside = fresh(other);
      assert.deepEqual(await services.cases.changeStatus(outside, id, 'under-handlaggning', ''), {
        outcome: 'notFound',
      });
      assert.deepEqual(await auditOf(outside), [
        { action: 'change', outcome: 'denied', role: null, municipality: '9901' },
      ]);
      const readOnly = fresh(reader);
      assert.deepEqual(await services.cases.changeStatus(readOnly, id, 'under-handlaggning', ''), {
        outcome: 'forbidden',
      });
      assert.equal(await services.cases.assignToMe(fresh(reader), id), 'forbidden');
      assert.deepEqual(await auditOf(readOnly), [
        { action: 'change', outcome: 'denied', role: 'readonly', municipality: '9901' },
      ]);
    });

    it('a move that ends a case needs a reason; two parallel moves from the same status give one change', async () => {
      const { services } = opened;
      const id = await sentApplication(services, '9901', clock.now().getTime());
      assert.deepEqual(await services.cases.changeStatus(fresh(caseworker), id, 'makulerad', ' '), {
        outcome: 'reasonRequired',
      });
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          services.cases.changeStatus(fresh(caseworker), id, 'under-handlaggning', ''),
        ),
      );
      assert.equal(results.filter((result) => result.outcome === 'changed').length, 1);
      const events = await services.database.db
        .selectFrom('application_event')
        .select('id')
        .where('application_id', '=', id)
        .execute();
      assert.equal(events.length, 1);
    });
  });
}
