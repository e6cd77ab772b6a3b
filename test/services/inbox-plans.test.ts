import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompiledQuery } from 'kysely';
import { sql } from '../../services/db/kysely';
import type { CaseStatus } from '../../services/case-statuses';
import {
  keysetQuery,
  nameMatchesQuery,
  partitionQuery,
  withListedColumns,
  type InboxFilter,
  type InboxList,
} from '../../services/inbox-query';
import { databaseTargets } from '../helpers/database-targets';
import type { TestServices } from '../helpers/test-services';

const ME = '00000000-0000-4000-8000-000000000001';
const AFTER = { period: '2026-11', receivedAt: 1_790_000_000_000, id: ME };

/** Each list query, with the index it must be read from (no sort of the whole match). */
const CASES: {
  name: string;
  list: InboxList;
  status?: CaseStatus;
  filter: InboxFilter;
  index: RegExp;
}[] = [
  {
    name: 'Nya',
    list: 'nya',
    status: 'inkommen',
    filter: {},
    index: /application_inbox_unopened/,
  },
  {
    name: 'Ej beslutade, nobody’s',
    list: 'ej-beslutade',
    status: 'inkommen',
    filter: { assignee: { kind: 'none' } },
    // Both are the status's unassigned cases in received order (SQLite takes `is null` as an
    // equality on the (municipality, assignee, status, …) index, 025).
    index: /application_inbox_unassigned|application_inbox_mine/,
  },
  {
    name: 'Ej beslutade, newest first, page 2',
    list: 'ej-beslutade',
    status: 'kompletterad',
    filter: { sort: 'nyast' },
    index: /application_inbox\b/,
  },
  {
    name: 'a period',
    list: 'mina',
    filter: { period: '2026-11' },
    index: /application_inbox_period|application_inbox_assignee/,
  },
  {
    name: 'a status and a period',
    list: 'ej-beslutade',
    status: 'inkommen',
    filter: { period: '2026-11' },
    index: /application_inbox_status_period/,
  },
  {
    name: 'by period',
    list: 'komplettering',
    status: 'komplettering-begard',
    filter: { sort: 'period' },
    index: /application_inbox_status_period/,
  },
  {
    name: 'Mina ärenden, an open status',
    list: 'mina',
    status: 'under-handlaggning',
    filter: {},
    index: /application_inbox_mine/,
  },
  {
    name: 'Mina ärenden with closed ones',
    list: 'mina',
    filter: { closed: true },
    index: /application_inbox_assignee/,
  },
  {
    name: 'Alla ärenden, a decided status',
    list: 'alla',
    status: 'beviljad',
    filter: {},
    index: /application_inbox\b/,
  },
  { name: 'Fel och brister', list: 'fel', filter: {}, index: /application_marked\b/ },
  {
    name: 'Fel och brister by period',
    list: 'fel',
    filter: { sort: 'period' },
    index: /application_marked_period/,
  },
  {
    name: 'unassigned',
    list: 'fel',
    filter: { assignee: { kind: 'none' } },
    index: /application_inbox_assignee|application_marked\b/,
  },
];

/**
 * A page over several index ranges: each range read in order from its index alone (keys only),
 * and the one sort is the merge of those few keys (at most ranges × page size), never of all
 * the matching rows.
 */
function assertKeysMerged(text: string, dialect: string, range: RegExp) {
  if (dialect === 'sqlite') {
    assert.equal(text.match(range)?.length, 10, text);
    assert.equal(text.match(/TEMP B-TREE/g)?.length, 1, text);
    assert.doesNotMatch(text, /SCAN a\b(?! USING)/, text);
  } else {
    assert.doesNotMatch(text, /Seq Scan on application/, text);
    assert.ok((text.match(/Sort/g)?.length ?? 0) <= 1, text);
  }
}

for (const target of databaseTargets()) {
  describe(`the inbox's queries read an index on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    async function plan(query: CompiledQuery): Promise<string> {
      const { database } = opened.services;
      if (database.dialect === 'sqlite') {
        const explained = await database.db.executeQuery({
          ...query,
          sql: `explain query plan ${query.sql}`,
        });
        return JSON.stringify(explained.rows);
      }
      // An empty table is cheapest to read whole: ask the planner as if it were large.
      return database.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_sort = off`.execute(trx);
        const explained = await trx.executeQuery({ ...query, sql: `explain ${query.sql}` });
        return JSON.stringify(explained.rows);
      });
    }

    for (const one of CASES) {
      it(`${one.name}: by index, no sort of the matches, also the page before`, async () => {
        const { db, dialect } = opened.services.database;
        const starts = [
          { cursor: undefined, direction: 'after' as const },
          { cursor: AFTER, direction: 'after' as const },
          { cursor: AFTER, direction: 'before' as const },
        ];
        for (const { cursor, direction } of starts) {
          const compiled = withListedColumns(
            partitionQuery(db, {
              code: '9901',
              status: one.status,
              list: one.list,
              filter: one.filter,
              me: ME,
              after: cursor,
              direction,
            }).limit(26),
          ).compile();
          const text = await plan(compiled);
          if (dialect === 'sqlite') {
            // Without statistics PostgreSQL's choice between indexes means little on a test
            // table; that it reads one in order (no Sort) is what counts there.
            assert.match(text, one.index, text);
            assert.doesNotMatch(text, /TEMP B-TREE FOR ORDER BY/, text);
            assert.doesNotMatch(text, /SCAN a\b(?! USING)/, text);
          } else {
            assert.doesNotMatch(text, /Seq Scan on application|Sort/, text);
          }
        }
      });
    }

    it('a page over two municipalities and five statuses is one statement of ten index ranges, only their keys sorted', async () => {
      const { db, dialect } = opened.services.database;
      const query = keysetQuery(db, ['9901', '9902'], 'ej-beslutade', {}, ME, AFTER, 26);
      assert.ok(query);
      const text = await plan(query.compile());
      assertKeysMerged(text, dialect, /USING COVERING INDEX application_inbox\b/g);
    });

    it('the page before, over two municipalities and five statuses, is ten index ranges read backwards, no sort', async () => {
      const { db, dialect } = opened.services.database;
      for (const sort of ['aldst', 'nyast', 'period'] as const) {
        const query = keysetQuery(
          db,
          ['9901', '9902'],
          'ej-beslutade',
          { sort },
          ME,
          AFTER,
          26,
          'before',
        );
        assert.ok(query);
        const text = await plan(query.compile());
        assertKeysMerged(
          text,
          dialect,
          /USING COVERING INDEX application_inbox(_status_period)?\b/g,
        );
      }
    });

    it('the name search reads ranges of the word index, never the whole table', async () => {
      const { db, dialect } = opened.services.database;
      const text = await plan(nameMatchesQuery(db, ['9901'], 'andersson', ['anna'], 200).compile());
      assert.match(text, /case_name_word_prefix|case_name_word_pk/, text);
      if (dialect === 'sqlite') assert.doesNotMatch(text, /SCAN (w|other)\b(?! USING)/, text);
      else assert.doesNotMatch(text, /Seq Scan/, text);
    });
  });
}
