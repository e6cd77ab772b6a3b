import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * "Fel och brister" (cases with an open mark) as an index range, like the other lists.
 *
 * Until now the list asked which of the municipality's applications had an open mark: at a
 * million applications on PostgreSQL it read some 20,000 ids of the municipality's index to
 * find the oldest 26 marked (about 30 ms). `open_marks` counts an application's open marks
 * (CaseMarks keeps it in the same transaction as the marks) and partial indexes hold only the
 * marked applications, in each of the list's orders. The condition is written as a literal
 * (`open_marks > 0`) in the query too: neither database uses a partial index for a bound value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('application')
    .addColumn('open_marks', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`update application set open_marks = (
      select count(*) from case_mark m
      where m.application_id = application.id and m.cleared_at is null)
    where id in (select application_id from case_mark where cleared_at is null)`.execute(db);
  const marked = (name: string, columns: string[]) =>
    db.schema
      .createIndex(name)
      .on('application')
      .columns(columns)
      .where(sql.ref('open_marks'), '>', sql.lit(0))
      .execute();
  await marked('application_marked', ['municipality_code', 'received_at', 'id']);
  await marked('application_marked_period', ['municipality_code', 'period', 'received_at', 'id']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('application_marked_period').execute();
  await db.schema.dropIndex('application_marked').execute();
  await db.schema.alterTable('application').dropColumn('open_marks').execute();
}
