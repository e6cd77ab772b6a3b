import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from '../../services/db/kysely';
import { AuditLog } from '../../services/audit-log';
import { CaseDuplicates } from '../../services/case-duplicates';
import { CaseInbox } from '../../services/case-inbox';
import type { Database } from '../../services/db/schema';
import { fixedClock } from '../helpers/application';
import { createTestServices, type TestServices } from '../helpers/test-services';

/**
 * What `npm run bench -- inbox` found in the inbox's other queries (the lists' own are in
 * inbox-plans.test.ts), as SQLite plans them without statistics, as the portal runs it: each
 * reads the few rows it needs by a personal key, never the whole municipality.
 */
describe('the inbox at scale: duplicates and name search read by key', () => {
  let test: TestServices;
  let file: SqliteDatabase.Database;
  let spy: Kysely<Database>;
  const queries: { sql: string; parameters: readonly unknown[] }[] = [];

  before(async () => {
    test = await createTestServices();
    file = new SqliteDatabase(join(test.dataDir, 'portal.sqlite'));
    spy = new Kysely<Database>({
      dialect: new SqliteDialect({ database: file }),
      log: (event) => {
        if (event.level === 'query') queries.push(event.query);
      },
    });
  });
  after(async () => {
    await spy.destroy();
    await test.cleanup();
  });

  /** A caseworker of 9901, as the inbox's calls take one. */
  async function caseworkerOf(username: string) {
    const account = await test.services.accounts.createStaff({
      username,
      name: 'Plan',
      mobile: null,
      grants: [{ municipalityCode: '9901', role: 'caseworker' }],
    });
    return {
      staff: { account, grants: await test.services.accounts.grantsOf(account.id) },
      requestId: 'plan',
    };
  }

  const inboxOver = (db: Kysely<Database>) =>
    new CaseInbox(db, new AuditLog(db, fixedClock), new CaseDuplicates(db));

  /** The plan of the last query run that reads `application as a`. */
  async function planOf(run: () => Promise<unknown>, reading: RegExp): Promise<string> {
    queries.length = 0;
    await run();
    const query = queries.filter((one) => reading.test(one.sql)).pop();
    assert.ok(query, `a query matching ${String(reading)} was run`);
    const rows = file.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail).join('\n');
  }

  it('the duplicate check reads both personnummer indexes, not the municipality', async () => {
    const duplicates = new CaseDuplicates(spy);
    const plan = await planOf(
      () =>
        duplicates.of(
          ['9901'],
          [{ id: 'x', status: 'inkommen', period: '2026-12', people: ['198503142385', null] }],
        ),
      /"application" as "a"/,
    );
    assert.match(plan, /application_applicant_personnummer/, plan);
    assert.match(plan, /application_co_personnummer/, plan);
    assert.doesNotMatch(plan, /application_inbox/, plan);
  });

  it('a name search reads the other name word by person (017) and its rows by id', async () => {
    const who = await caseworkerOf('plan.names');
    // Enough matches that reading them by id looks dearer than a municipality's range would.
    const ids = Array.from(
      { length: 40 },
      (_, at) => `00000000-0000-4000-8000-${String(at).padStart(12, '0')}`,
    );
    await spy
      .insertInto('application')
      .values(
        ids.map((id, at) => ({
          id,
          form_id: 'ekonomiskt-bistand',
          form_version: 1,
          municipality_code: '9901',
          owner_id: null,
          channel: 'post',
          status: 'inkommen',
          input: '{}',
          answers: '{}',
          row_version: 1,
          created_at: at,
          updated_at: at,
          received_at: at,
          period: '2026-12',
          applicant_name: 'Anna Andersson',
        })),
      )
      .execute();
    await spy
      .insertInto('case_name_word')
      .values(
        ids.flatMap((id, at) =>
          ['anna', 'andersson'].map((word) => ({
            application_id: id,
            person: 0,
            word,
            municipality_code: '9901',
            received_at: at,
          })),
        ),
      )
      .execute();
    const inbox = inboxOver(spy);

    const words = await planOf(
      () => inbox.search(who, { name: 'anna andersson' }),
      /"case_name_word" as "w"/,
    );
    assert.match(words, /SEARCH other EXISTS USING COVERING INDEX case_name_word_person/, words);

    const rows = await planOf(
      () => inbox.search(who, { name: 'anna andersson' }),
      /"application" as "a".*"a"\."id" in/s,
    );
    assert.match(rows, /SEARCH a USING INDEX sqlite_autoindex_application_1 \(id=\?\)/, rows);
    assert.doesNotMatch(rows, /application_inbox|TEMP B-TREE/, rows);

    // Newest first, as before the order moved out of SQL.
    const found = await inbox.search(who, { name: 'andersson anna' });
    assert.deepEqual(
      found.map((row) => row.id),
      [...ids].reverse(),
    );
  });

  it('"Nya meddelanden" reads the unread messages from applicants from their partial index (035), and their cases by id', async () => {
    const who = await caseworkerOf('plan.messages');
    const inbox = inboxOver(spy);
    const plan = await planOf(() => inbox.list(who, 'nya', {}, undefined), /"m"\."author_kind" = /);
    assert.match(plan, /message_unread_from_applicant/, plan);
    assert.match(plan, /a USING INDEX sqlite_autoindex_application_1 \(id=\?\)/, plan);
  });

  it('a date of birth is a range on both personnummer indexes, not the municipality', async () => {
    const who = await caseworkerOf('plan.born');
    const inbox = inboxOver(spy);
    const plan = await planOf(
      () => inbox.search(who, { born: '19850314' }),
      /"a"\."applicant_personnummer" between/,
    );
    assert.match(plan, /application_applicant_personnummer/, plan);
    assert.match(plan, /application_co_personnummer/, plan);
    assert.doesNotMatch(plan, /application_inbox/, plan);
  });
});
