import type { Kysely } from 'kysely';

/**
 * The medsökande's paper signature and the decision letter's texts per municipality.
 *
 * - `co_applicant.signature_received_on`: the day (YYYY-MM-DD) the signed paper came in, as the
 *   caseworker registered it (state 'signed'); a case is not decided while a medsökande has
 *   neither confirmed nor signed.
 * - `application_event.kind`: what an event that moves no status records (null for a status
 *   move), so the case history can say it: 'co-applicant-signature' for the registration.
 * - `municipality.decision_legal_basis` and `municipality.payment_info`: what the letter says
 *   about the law the decision rests on and how the money is paid; null means the default text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('co_applicant')
    .addColumn('signature_received_on', 'varchar(10)')
    .execute();
  await db.schema.alterTable('application_event').addColumn('kind', 'varchar(40)').execute();
  await db.schema.alterTable('municipality').addColumn('decision_legal_basis', 'text').execute();
  await db.schema.alterTable('municipality').addColumn('payment_info', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('municipality').dropColumn('payment_info').execute();
  await db.schema.alterTable('municipality').dropColumn('decision_legal_basis').execute();
  await db.schema.alterTable('application_event').dropColumn('kind').execute();
  await db.schema.alterTable('co_applicant').dropColumn('signature_received_on').execute();
}
