import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StaffRequest } from '../../services/cases';
import { outstandingSignature } from '../../services/co-applicant-signatures';
import { loadStaffMember } from '../../services/staff-access';
import { insertSentApplication } from '../helpers/casework';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`co-applicant signatures on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let caseworker: StaffRequest;
    before(async () => {
      opened = await target.open({ clock });
      const created = await createStaff(opened.services, [
        { municipalityCode: '9901', role: 'caseworker' },
      ]);
      const staff = await loadStaffMember(opened.services.accounts, created.account.id);
      assert.ok(staff);
      caseworker = { staff, requestId: randomUUID() };
    });
    after(async () => {
      await opened.cleanup();
    });

    const fresh = (): StaffRequest => ({ ...caseworker, requestId: randomUUID() });
    const sentCase = (status: string) =>
      insertSentApplication(opened.services, {
        municipalityCode: '9901',
        coApplicantPersonnummer: '198703124563',
        period: '2026-12',
        status,
        receivedAt: Date.parse('2026-11-20T10:00:00Z'),
      });

    it('registers the day once, with an event of its kind and one audit row; the stop is lifted', async () => {
      const { services } = opened;
      const db = services.database.db;
      const id = await sentCase('under-handlaggning');
      assert.equal(await outstandingSignature(db, id), 'Medsökande');
      const who = fresh();
      assert.deepEqual(await services.coApplicantSignatures.register(who, id, '2026-11-23'), {
        outcome: 'registered',
      });
      assert.equal(await outstandingSignature(db, id), undefined);
      const row = await db
        .selectFrom('co_applicant')
        .select(['state', 'signature_received_on'])
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { state: 'signed', signature_received_on: '2026-11-23' });
      const events = await db
        .selectFrom('application_event')
        .select(['from_status', 'to_status', 'kind', 'actor_kind'])
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(events, [
        {
          from_status: 'under-handlaggning',
          to_status: 'under-handlaggning',
          kind: 'co-applicant-signature',
          actor_kind: 'staff',
        },
      ]);
      const audit = await services.auditLog.ofRequest(who.requestId);
      assert.deepEqual(
        audit.map(({ action, outcome }) => [action, outcome]),
        [['change', 'ok']],
      );
      // A second registration changes nothing and is a refusal.
      const again = fresh();
      assert.deepEqual(await services.coApplicantSignatures.register(again, id, '2026-11-24'), {
        outcome: 'notOutstanding',
      });
      assert.deepEqual(
        (await services.auditLog.ofRequest(again.requestId)).map(({ outcome }) => outcome),
        ['invalid'],
      );
    });

    it('refuses a day in the future, before the application was sent, or not a day; two at once register once', async () => {
      const { services } = opened;
      const id = await sentCase('inkommen');
      const register = (day: string) => services.coApplicantSignatures.register(fresh(), id, day);
      assert.deepEqual(await register('2026-11-25'), { outcome: 'futureDate' });
      assert.deepEqual(await register('2026-11-19'), {
        outcome: 'beforeSent',
        sentOn: '2026-11-20',
      });
      assert.deepEqual(await register('2026-02-30'), { outcome: 'invalidDate' });
      const results = await Promise.all([register('2026-11-24'), register('2026-11-24')]);
      assert.deepEqual(results.map((result) => result.outcome).sort(), [
        'notOutstanding',
        'registered',
      ]);
      const events = await services.database.db
        .selectFrom('application_event')
        .select('kind')
        .where('application_id', '=', id)
        .execute();
      assert.equal(events.length, 1);
    });

    it('a case closed without a decision waits for nothing', async () => {
      const id = await sentCase('aterkallad');
      assert.deepEqual(
        await opened.services.coApplicantSignatures.register(fresh(), id, '2026-11-24'),
        { outcome: 'notOutstanding' },
      );
    });
  });
}
