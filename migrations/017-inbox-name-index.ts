import type { Kysely } from 'kysely';
import { SqliteAdapter } from '../services/db/kysely';

/**
 * An index for the inbox's name search, found with `npm run bench -- inbox` and EXPLAIN QUERY
 * PLAN (docs/ARCHITECTURE.md, "The inbox at scale").
 *
 * case_name_word_person (SQLite only): the search for "Anna Andersson" reads the Anderssons'
 * words from case_name_word_prefix and asks, for each, whether the same person has a word
 * starting with "anna" (application, person and municipality equal, word a range). SQLite,
 * without statistics, answered that from case_name_word_prefix too — every "anna…" of the
 * municipality for every Andersson (188 ms at 100,000 applications) — because the primary key
 * (application, person, word) lacks the municipality and so is not covering. With all four
 * columns this index is, and three equalities win. PostgreSQL joins the two word ranges with
 * a hash instead and needs no such index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema
    .createIndex('case_name_word_person')
    .on('case_name_word')
    .columns(['application_id', 'person', 'municipality_code', 'word'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.schema.dropIndex('case_name_word_person').execute();
}
