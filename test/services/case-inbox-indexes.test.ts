import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { AuditLog } from '../../services/audit-log';
import { CaseInbox } from '../../services/case-inbox';
import type { Database } from '../../services/db/schema';
import { fixedClock } from '../helpers/application';
import { createTestServices, type TestServices } from '../helpers/test-services';

/**
 * The inbox's queries as SQLite plans them (no statistics, as the portal runs it): each list
 * reads its page from an index in page order, never the whole municipality, never a sort.
 * Guards what `npm run bench -- inbox` found (migration 017): e.g. "Ej beslutade" with its
 * statuses as bound parameters instead of literals no longer uses its partial index.
 */
describe('the inbox at scale: query plans', () => {
  let test: TestServices;
  let file: SqliteDatabase.Database;
  let inbox: CaseInbox;
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
    inbox = new CaseInbox(spy, new AuditLog(spy, fixedClock), test.services.forms);
  });
  after(async () => {
    await spy.destroy();
    await test.cleanup();
  });

  async function planOf(run: () => Promise<unknown>): Promise<string> {
    queries.length = 0;
    await run();
    const query = queries.filter((one) => one.sql.includes('"submission"')).pop();
    assert.ok(query, 'the inbox asked for applications');
    const rows = file.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as {
      detail: string;
    }[];
    return rows.map((row) => row.detail).join('\n');
  }

  async function caseworker() {
    const account = await test.services.accounts.createStaff({
      username: `plan.${String(queries.length)}.${String(Math.random()).slice(2, 8)}`,
      name: 'Plan',
      mobile: null,
      grants: [{ municipalityCode: '9901', role: 'caseworker' }],
    });
    return { staff: { account, grants: await test.services.accounts.grantsOf(account.id) } };
  }

  const cursor = { receivedAt: 1, id: '00000000-0000-4000-8000-000000000000' };
  const cases = [
    ['Nya', 'nya', /USING INDEX application_(new|inbox) /],
    ['Ej beslutade', 'ej-beslutade', /USING INDEX application_undecided /],
    ['Mina ärenden', 'mina', /USING INDEX application_mine /],
  ] as const;

  for (const [name, list, index] of cases) {
    it(`"${name}", first and later pages, from its index in page order`, async () => {
      const who = { ...(await caseworker()), requestId: 'plan' };
      for (const after of [undefined, cursor]) {
        const plan = await planOf(() => inbox.list(who, list, {}, after));
        assert.match(plan, index);
        assert.doesNotMatch(plan, /TEMP B-TREE|SCAN a\b/);
        if (after) assert.match(plan, /\(received_at,id\)>\(\?,\?\)/, 'seeks to the cursor');
      }
    });
  }

  it('the search by personnummer reads indexes, not every application', async () => {
    const who = { ...(await caseworker()), requestId: 'plan' };
    await test.services.accounts.createApplicant({
      personnummer: '198503142385',
      name: 'Sökt Person',
      mobile: null,
      municipalityCode: '9901',
    });
    const plan = await planOf(() => inbox.search(who, '198503142385'));
    assert.match(plan, /USING INDEX application_owner/);
    assert.doesNotMatch(plan, /SCAN a\b/);
  });
});
