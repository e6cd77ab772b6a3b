import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StaffRequest } from '../../services/cases';
import { loadStaffMember } from '../../services/staff-access';
import { insertSentApplication } from '../helpers/casework';
import { databaseTargets } from '../helpers/database-targets';
import { createApplicant } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(
    `notes, messages, history and assignment on ${target.name}`,
    { skip: target.skip },
    () => {
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
      const fresh = (who: StaffRequest): StaffRequest => ({ ...who, requestId: randomUUID() });
      const auditOf = (who: StaffRequest) =>
        opened.services.auditLog
          .ofRequest(who.requestId)
          .then((rows) => rows.map(({ action, outcome, role }) => ({ action, outcome, role })));

      it('notes: newest first, each write and refusal one audit row in its transaction', async () => {
        const { services } = opened;
        const id = await insertSentApplication(services, {
          municipalityCode: '9901',
          period: '2026-12',
          receivedAt: clock.now().getTime(),
        });
        const first = fresh(caseworker);
        assert.deepEqual(await services.caseNotes.add(first, id, '  Första.\n'), {
          outcome: 'added',
        });
        assert.deepEqual(await auditOf(first), [
          { action: 'change', outcome: 'ok', role: 'caseworker' },
        ]);
        clock.advanceMinutes(1);
        await services.caseNotes.add(fresh(caseworker), id, 'Andra.');
        assert.deepEqual(
          (await services.caseNotes.list(caseworker.staff, id)).map((note) => note.text),
          ['Andra.', 'Första.'],
        );
        assert.deepEqual(await services.caseNotes.list(other.staff, id), []);
        const tooLong = fresh(caseworker);
        assert.deepEqual(await services.caseNotes.add(tooLong, id, 'x'.repeat(2001)), {
          outcome: 'invalid',
          problem: 'tooLong',
        });
        assert.deepEqual(await auditOf(tooLong), [
          { action: 'change', outcome: 'invalid', role: 'caseworker' },
        ]);
        assert.deepEqual(await services.caseNotes.add(fresh(reader), id, 'Hej'), {
          outcome: 'forbidden',
        });
        assert.deepEqual(await services.caseNotes.add(fresh(other), id, 'Hej'), {
          outcome: 'notFound',
        });
        assert.equal((await services.caseNotes.list(reader.staff, id)).length, 2);
      });

      it('messages: read times on both sides, unread counts, and only the owner reaches the thread', async () => {
        const { services } = opened;
        const applicant = await createApplicant(services);
        const id = await insertSentApplication(services, {
          municipalityCode: '9901',
          ownerId: applicant.account.id,
          period: '2026-12',
          receivedAt: clock.now().getTime(),
        });
        const written = await services.caseMessages.writeAsStaff(fresh(caseworker), id, 'Hej!');
        assert.deepEqual(written, { outcome: 'sent', notice: 'sent' });
        assert.equal(await services.caseMessages.unreadForApplicant(applicant.account.id, id), 1);
        const stranger = await createApplicant(services);
        assert.equal(await services.caseMessages.unreadForApplicant(stranger.account.id, id), 0);
        assert.equal(
          await services.caseMessages.threadForApplicant(stranger.account.id, id),
          undefined,
        );
        assert.deepEqual(
          await services.caseMessages.writeAsApplicant(stranger.account.id, id, 'Hej'),
          {
            outcome: 'notFound',
          },
        );

        clock.advanceMinutes(2);
        const applicantRead = clock.now().toISOString();
        const seen = await services.caseMessages.threadForApplicant(applicant.account.id, id);
        assert.equal(seen?.[0]?.readAt, undefined, 'new to this reading');
        assert.equal(seen?.[0]?.staffName, undefined);
        assert.equal(await services.caseMessages.unreadForApplicant(applicant.account.id, id), 0);
        assert.deepEqual(
          await services.caseMessages.writeAsApplicant(applicant.account.id, id, 'Svar.'),
          {
            outcome: 'sent',
          },
        );

        clock.advanceMinutes(2);
        const staffRead = clock.now().toISOString();
        const readOnly = await services.caseMessages.threadForStaff(reader.staff, id);
        assert.equal(readOnly.mayWrite, false);
        assert.equal(readOnly.messages[1]?.readAt, undefined);
        const staffThread = await services.caseMessages.threadForStaff(caseworker.staff, id);
        assert.equal(staffThread.messages[0]?.readAt?.toISOString(), applicantRead);
        assert.equal(staffThread.messages[0].staffName, caseworker.staff.account.name);
        assert.equal(
          staffThread.messages[1]?.readAt,
          undefined,
          'the read-only look did not count',
        );
        const again = await services.caseMessages.threadForStaff(caseworker.staff, id);
        assert.equal(again.messages[1]?.readAt?.toISOString(), staffRead);
        assert.deepEqual(await services.caseMessages.threadForStaff(other.staff, id), {
          messages: [],
          hasApplicantAccount: false,
          mayWrite: false,
        });
      });

      it('earlier applications by either person, within the municipalities; colleagues and assignment', async () => {
        const { services } = opened;
        const applicant = await createApplicant(services);
        const at = clock.now().getTime();
        const current = await insertSentApplication(services, {
          municipalityCode: '9901',
          ownerId: applicant.account.id,
          coApplicantPersonnummer: '199001019999',
          period: '2026-12',
          receivedAt: at,
        });
        const asPartner = await insertSentApplication(services, {
          municipalityCode: '9901',
          coApplicantPersonnummer: applicant.personnummer,
          period: '2026-11',
          receivedAt: at - 30 * 86_400_000,
        });
        const partnersOwn = await insertSentApplication(services, {
          municipalityCode: '9901',
          coApplicantPersonnummer: '199001019999',
          period: '2026-10',
          receivedAt: at - 60 * 86_400_000,
        });
        await insertSentApplication(services, {
          municipalityCode: '9902',
          ownerId: applicant.account.id,
          period: '2026-09',
          receivedAt: at - 90 * 86_400_000,
        });
        assert.deepEqual(
          (await services.earlierApplications.of(caseworker.staff, current)).map((one) => [
            one.id,
            one.period,
          ]),
          [
            [asPartner, '2026-11'],
            [partnersOwn, '2026-10'],
          ],
        );
        assert.deepEqual(await services.earlierApplications.of(other.staff, current), []);

        const names = (await services.caseAssignment.colleagues(caseworker.staff, current)).map(
          (one) => one.id,
        );
        assert.ok(names.includes(caseworker.staff.account.id));
        assert.ok(!names.includes(reader.staff.account.id));
        assert.ok(!names.includes(other.staff.account.id));
        assert.equal(
          await services.caseAssignment.assignTo(
            fresh(caseworker),
            current,
            other.staff.account.id,
          ),
          'notColleague',
        );
        const who = fresh(caseworker);
        assert.equal(
          await services.caseAssignment.assignTo(who, current, caseworker.staff.account.id),
          'started',
          'an Inkommen case is taken up by being assigned',
        );
        const taken = await services.database.db
          .selectFrom('application')
          .select('status')
          .where('id', '=', current)
          .executeTakeFirstOrThrow();
        assert.equal(taken.status, 'under-handlaggning');
        // Given on to someone else while it is worked: assigned only.
        assert.equal(
          await services.caseAssignment.assignTo(
            fresh(caseworker),
            current,
            caseworker.staff.account.id,
          ),
          'assigned',
        );
        assert.deepEqual(await auditOf(who), [
          { action: 'assign', outcome: 'ok', role: 'caseworker' },
        ]);
        assert.equal(
          await services.caseAssignment.assignTo(
            fresh(reader),
            current,
            caseworker.staff.account.id,
          ),
          'forbidden',
        );
        assert.equal(
          await services.caseAssignment.assignTo(fresh(other), current, other.staff.account.id),
          'notFound',
        );
      });
    },
  );
}
