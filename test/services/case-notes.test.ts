import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { StaffRequest } from '../../services/cases';
import { loadStaffMember } from '../../services/staff-access';
import { insertSentApplication } from '../helpers/casework';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`a note written under its form's key on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    const member = async () => {
      const created = await createStaff(opened.services, [
        { municipalityCode: '9901', role: 'caseworker' },
      ]);
      const staff = await loadStaffMember(opened.services.accounts, created.account.id);
      assert.ok(staff);
      return (): StaffRequest => ({ staff, requestId: randomUUID() });
    };
    const notesOf = (applicationId: string) =>
      opened.services.database.db
        .selectFrom('case_note')
        .select(['id', 'author_id', 'text'])
        .where('application_id', '=', applicationId)
        .orderBy('text')
        .execute();
    before(async () => {
      opened = await target.open({ clock });
    });
    after(async () => {
      await opened.cleanup();
    });

    it('SEC-31 ten posts of one form at once write one note; another writer’s key is not theirs', async () => {
      const { services } = opened;
      const id = await insertSentApplication(services, {
        municipalityCode: '9901',
        period: '2026-12',
        receivedAt: clock.now().getTime(),
      });
      const caseworker = await member();
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => services.caseNotes.add(caseworker(), id, 'En gång.', key)),
      );
      assert.ok(results.every((result) => result.outcome === 'added'));
      const colleague = await member();
      const who = colleague();
      assert.deepEqual(await services.caseNotes.add(who, id, 'Min egen.', key), {
        outcome: 'added',
      });
      const notes = await notesOf(id);
      assert.deepEqual(
        notes.map((note) => note.text),
        ['En gång.', 'Min egen.'],
      );
      assert.equal(notes[0]?.id, key);
      assert.notEqual(notes[1]?.id, key);
      assert.equal(notes[1]?.author_id, who.staff.account.id);
    });
  });
}
