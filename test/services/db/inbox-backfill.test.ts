import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from '../../../services/db/kysely';
import { migrationProvider } from '../../../migrations';
import { migrationsAfter } from '../../helpers/migrations';
import { migrateToLatest } from '../../../services/db/migrate';
import { familyAnswersOf } from '../../helpers/application';
import { databaseTargets } from '../../helpers/database-targets';
import type { TestServices } from '../../helpers/test-services';

const ID = '00000000-0000-4000-8000-0000000000b1';

for (const target of databaseTargets()) {
  describe(`migration 014 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('goes down and up again, filling the columns and name words of applications sent before it', async () => {
      const handle = opened.services.database;
      const migrator = new Migrator({
        db: handle.db,
        provider: migrationProvider,
        ...(handle.migrationSchema ? { migrationTableSchema: handle.migrationSchema } : {}),
      });
      const down = await migrator.migrateTo('013-decisions');
      assert.equal(down.error, undefined);
      const at = Date.parse('2026-11-24T08:00:00Z');
      // The family's answers, with the personnummer as a sent snapshot keeps them (12 digits).
      const answers = Object.fromEntries(
        familyAnswersOf('198501011234').map(([step, values]) => [
          step,
          step === 'medsokande' ? { ...values, personnummer: '198703124563' } : values,
        ]),
      );
      await handle.db
        .insertInto('application')
        .values({
          id: ID,
          form_id: 'ekonomiskt-bistand',
          form_version: 1,
          municipality_code: '9901',
          owner_id: null,
          channel: 'post',
          status: 'inkommen',
          input: '{}',
          answers: '{}',
          row_version: 2,
          created_at: at,
          updated_at: at,
          received_at: at,
        })
        .execute();
      await handle.db
        .insertInto('submission')
        .values({
          application_id: ID,
          receipt_number: 'EB-BACK-FILL',
          submitted_at: at,
          submitted_by: 'test',
          login_method: 'sms',
          snapshot: JSON.stringify({
            formId: 'ekonomiskt-bistand',
            formVersion: 1,
            sections: [],
            answers,
          }),
          pdf: null,
          pdf_sha256: null,
        })
        .execute();
      assert.deepEqual(await migrateToLatest(handle), await migrationsAfter('013-decisions'));
      const row = await handle.db
        .selectFrom('application')
        .select([
          'period',
          'applicant_name',
          'applicant_personnummer',
          'co_personnummer',
          'household_size',
        ])
        .where('id', '=', ID)
        .executeTakeFirstOrThrow();
      assert.equal(row.period, '2026-12');
      assert.equal(row.applicant_name, 'Łukasz Øvergård');
      assert.equal(row.applicant_personnummer, '198501011234');
      assert.equal(row.co_personnummer, '198703124563');
      // Two adults; the children as a form posts them are flat keys, not a list, so none here.
      assert.equal(row.household_size, 2);
      const words = await handle.db
        .selectFrom('case_name_word')
        .select(['person', 'word', 'received_at'])
        .where('application_id', '=', ID)
        .orderBy('person')
        .orderBy('word')
        .execute();
      assert.deepEqual(
        words.map((word) => [word.person, word.word, Number(word.received_at)]),
        [
          [0, 'lukasz', at],
          [0, 'overgard', at],
          [1, 'minh', at],
          [1, 'nguyen', at],
          [1, 'thi', at],
        ],
      );
    });
  });
}
