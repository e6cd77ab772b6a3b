import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from '../services/db/kysely';
import { publishedForms } from '../forms';
import type { DraftValues } from '../forms/types';
import { caseColumnsOf, nameWords } from '../services/case-columns';

/**
 * The inbox's filters, sorts, name search, duplicates and reports, kept fast at a million
 * applications.
 *
 * application gets, copied from the answers when it is sent (services/case-columns.ts):
 * `period` (YYYY-MM, '' for a draft), `applicant_name`, `applicant_personnummer`,
 * `co_personnummer` (the medsökande) and `household_size`. The list then never opens the JSON
 * snapshot, and paper applications (no owner account) have a personnummer like any other.
 *
 * case_name_word: each word of the applicant's (person 0) and the medsökande's (person 1) name,
 * folded (lower case, no accents), for a prefix search that an index answers.
 *
 * Index choices. The inbox asks one municipality at a time (CaseInbox runs one query per
 * municipality, and per status when a list takes several, and merges the sorted pages), so each
 * query is equalities followed by the sort order, which a B-tree answers by reading 26 entries:
 * - application_inbox (010): municipality, status, received — the lists and the status filter;
 * - application_inbox_all (010): municipality, received — no status;
 * - application_inbox_period: municipality, period, received — the period filter, and the
 *   period sort (read backwards: newest period first);
 * - application_inbox_status_period: municipality, status, period, received — a status or a
 *   list together with a period, and the period sort within a status;
 * - application_inbox_assignee: municipality, assignee, received — "mine", a colleague's, and
 *   unassigned (assignee is null), which otherwise would read the whole municipality;
 * - application_applicant_personnummer / application_co_personnummer: (personnummer, period) —
 *   the search and the duplicate check: a person's applications are a handful;
 * - case_name_word_prefix: municipality, word, received, application, person —
 *   `word >= 'sven' and word < 'sven{'` is a range on it (words are [a-z0-9] only, and
 *   PostgreSQL compares the column in the C collation, so the range is exactly the prefix);
 *   the newest 100 matches are sorted from the index alone, and only they are read from
 *   application (a common surname matches thousands; reading each row would dominate);
 * - case_mark_open_application (partial, cleared_at is null): "Fel och brister" starts from the few open
 *   marks instead of reading every application to find the marked ones.
 * The channel filter has no index of its own: it narrows one of the above, and a rare channel
 * costs at most a longer read of an index already in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = () => db.schema.alterTable('application');
  await table()
    .addColumn('period', 'varchar(7)', (column) => column.notNull().defaultTo(''))
    .execute();
  await table().addColumn('applicant_name', 'varchar(200)').execute();
  await table().addColumn('applicant_personnummer', 'varchar(12)').execute();
  await table().addColumn('co_personnummer', 'varchar(12)').execute();
  await table().addColumn('household_size', 'integer').execute();

  await db.schema
    .createTable('case_name_word')
    .addColumn('application_id', 'varchar(36)', (column) =>
      column.notNull().references('application.id'),
    )
    /** 0: the applicant; 1: the medsökande. */
    .addColumn('person', 'integer', (column) => column.notNull())
    .addColumn('word', isPostgres ? sql`varchar(50) collate "C"` : 'varchar(50)', (column) =>
      column.notNull(),
    )
    .addColumn('municipality_code', 'varchar(4)', (column) => column.notNull())
    /** The application's, so the newest matches come from the index without a table read. */
    .addColumn('received_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('case_name_word_pk', ['application_id', 'person', 'word'])
    .execute();

  await backfill(db as Kysely<BackfillTables>);

  const index = (name: string, on: string, columns: string[]) =>
    db.schema.createIndex(name).on(on).columns(columns).execute();
  await index('application_inbox_period', 'application', [
    'municipality_code',
    'period',
    'received_at',
    'id',
  ]);
  await index('application_inbox_status_period', 'application', [
    'municipality_code',
    'status',
    'period',
    'received_at',
    'id',
  ]);
  await index('application_inbox_assignee', 'application', [
    'municipality_code',
    'assignee_id',
    'received_at',
    'id',
  ]);
  await index('application_applicant_personnummer', 'application', [
    'applicant_personnummer',
    'period',
  ]);
  await index('application_co_personnummer', 'application', ['co_personnummer', 'period']);
  await index('case_name_word_prefix', 'case_name_word', [
    'municipality_code',
    'word',
    'received_at',
    'application_id',
    'person',
  ]);
  await db.schema
    .createIndex('case_mark_open_application')
    .on('case_mark')
    .column('application_id')
    .where(sql.ref('cleared_at'), 'is', null)
    .execute();
}

interface BackfillTables {
  application: {
    id: string;
    municipality_code: string;
    received_at: number | string | null;
    period: string;
    applicant_name: string | null;
    applicant_personnummer: string | null;
    co_personnummer: string | null;
    household_size: number | null;
  };
  submission: { application_id: string; snapshot: string };
  case_name_word: {
    application_id: string;
    person: number;
    word: string;
    municipality_code: string;
  };
}

/** Applications sent before this migration get their columns from their snapshots. */
async function backfill(db: Kysely<BackfillTables>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('application as a')
      .innerJoin('submission as s', 's.application_id', 'a.id')
      .select(['a.id', 'a.municipality_code', 'a.received_at', 's.snapshot'])
      .where('a.id', '>', after)
      .orderBy('a.id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const snapshot = JSON.parse(row.snapshot) as {
        formId: string;
        formVersion: number;
        answers: DraftValues;
      };
      const form = publishedForms.find(
        (one) => one.id === snapshot.formId && one.version === snapshot.formVersion,
      );
      if (!form) continue;
      await db
        .updateTable('application')
        .set(caseColumnsOf(form, snapshot.answers))
        .where('id', '=', row.id)
        .execute();
      const words = form.hooks.signers(snapshot.answers).flatMap((name, person) =>
        nameWords(name).map((word) => ({
          application_id: row.id,
          person,
          word,
          municipality_code: row.municipality_code,
          received_at: Number(row.received_at),
        })),
      );
      if (words.length > 0) await db.insertInto('case_name_word').values(words).execute();
    }
    after = rows[rows.length - 1]?.id ?? after;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'case_mark_open_application',
    'application_co_personnummer',
    'application_applicant_personnummer',
    'application_inbox_assignee',
    'application_inbox_status_period',
    'application_inbox_period',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.dropTable('case_name_word').execute();
  for (const column of [
    'household_size',
    'co_personnummer',
    'applicant_personnummer',
    'applicant_name',
    'period',
  ]) {
    await db.schema.alterTable('application').dropColumn(column).execute();
  }
}
