import type { Kysely } from 'kysely';
import { sql } from '../services/db/kysely';

/**
 * `application.opened_at` now means "first opened by a caseworker of its municipality" (not by
 * a read-only user or an admin, and never by the caseworker who registered it from paper), so
 * that "Nya" holds what no caseworker has looked at yet. Rows opened only by someone who no
 * longer counts are unopened again: no case_view row of a caseworker of the municipality who is
 * not the paper registrar. (case_view keeps each person's latest look, so a kept opened_at is
 * left as it was.)
 *
 * application_inbox_mine (municipality, assignee, status, received, id): "Mina ärenden" shows
 * open cases only, asked one status at a time, each an index range read in order; the older
 * (municipality, assignee, received) index would read through every decided case first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update application set opened_at = null
    where opened_at is not null
      and not exists (
        select 1 from case_view v
        inner join staff_grant g on g.account_id = v.account_id
        where v.application_id = application.id
          and g.municipality_code = application.municipality_code
          and g.role = 'caseworker'
          and not exists (
            select 1 from submission s
            where s.application_id = application.id
              and s.login_method = 'papper'
              and s.submitted_by = v.account_id
          )
      )`.execute(db);
  await db.schema
    .createIndex('application_inbox_mine')
    .on('application')
    .columns(['municipality_code', 'assignee_id', 'status', 'received_at', 'id'])
    .execute();
}

/** Back to "any look opens it": opened at the earliest look anyone's case_view row still has. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('application_inbox_mine').execute();
  await sql`
    update application set opened_at = (
      select min(v.viewed_at) from case_view v where v.application_id = application.id
    )
    where opened_at is null
      and exists (select 1 from case_view v where v.application_id = application.id)`.execute(db);
}
