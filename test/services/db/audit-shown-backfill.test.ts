import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { sql } from '../../../services/db/kysely';
import * as auditShownIndex from '../../../migrations/033-audit-shown-index';
import { AuditShownIndex } from '../../../services/audit-shown-index';
import { migrateToLatest } from '../../../services/db/migrate';
import { migrationsAfter, migratorOf } from '../../helpers/migrations';
import { databaseTargets } from '../../helpers/database-targets';
import type { TestServices } from '../../helpers/test-services';
import { systemEvent } from '../../helpers/audit-events';

const ids = (count: number) => Array.from({ length: count }, () => randomUUID());

for (const target of databaseTargets()) {
  describe(`migration 033 on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('SEC-29 indexes the applications each event already written showed, once each; new events are indexed by catching up, twice at once too', async () => {
      const { services } = opened;
      const handle = services.database;
      const db = handle.db;
      const migrator = migratorOf(handle);
      assert.equal((await migrator.migrateTo('032-audit-shown')).error, undefined);
      await sql`delete from audit_event`.execute(db);
      const search = ids(3);
      // An export of more rows than one insert takes, one listed twice.
      const exported = ids(1_200);
      const shownBy: [number, string[] | null][] = [
        [1, search],
        [2, null],
        [3, [...exported, exported[0] ?? '']],
      ];
      for (const [seq, shown] of shownBy) {
        await sql`insert into audit_event (id, at, action, outcome, municipality, seq, shown)
          values (${randomUUID()}, ${seq}, 'search', 'ok', '9901', ${seq},
            ${shown && JSON.stringify(shown)})`.execute(db);
      }

      assert.deepEqual(await migrateToLatest(handle), await migrationsAfter('032-audit-shown'));
      const indexed = async (seq: number) =>
        (
          await db
            .selectFrom('audit_shown')
            .select('application_id')
            .where('seq', '=', seq)
            .execute()
        )
          .map((row) => row.application_id)
          .sort();
      assert.deepEqual(await indexed(1), [...search].sort());
      assert.deepEqual(await indexed(2), []);
      assert.deepEqual(await indexed(3), [...exported].sort());
      // Stopped half-way and run again (SQLite runs it outside a transaction): the same rows.
      await auditShownIndex.up(db as unknown as Kysely<unknown>);
      assert.deepEqual(await indexed(3), [...exported].sort());

      // The chain's head was not there before 029 ran on these rows: begin it after them.
      await sql`update audit_chain set seq = 3`.execute(db);
      await services.auditLog.record(systemEvent('export', exported));
      // Indexed after it is written: by the sweep or the case's log, both calling catchUp.
      assert.deepEqual(await indexed(4), []);
      const index = new AuditShownIndex(db);
      await Promise.all([index.catchUp(), index.catchUp()]);
      assert.deepEqual(await indexed(4), [...exported].sort());
      const head = await db.selectFrom('audit_shown_head').select('seq').executeTakeFirstOrThrow();
      assert.equal(Number(head.seq), 4);
      assert.equal(await index.catchUp(), 0, 'nothing new');

      assert.equal((await migrator.migrateTo('032-audit-shown')).error, undefined);
      await migrateToLatest(handle);
      assert.deepEqual(await indexed(4), [...exported].sort());
    });

    it('SEC-30 the index is checked against the events: a row removed or made up is found at its place', async () => {
      const { services } = opened;
      const db = services.database.db;
      const index = new AuditShownIndex(db);
      const shown = ids(3);
      for (const names of [shown, undefined, shown.slice(0, 1)]) {
        await services.auditLog.record(systemEvent('list', names));
      }
      await index.catchUp();
      assert.deepEqual(await index.verify(), { ok: true });
      const head = await db.selectFrom('audit_chain').select('seq').executeTakeFirstOrThrow();
      const last = Number(head.seq);
      await db.deleteFrom('audit_shown').where('seq', '=', last).execute();
      assert.deepEqual(await index.verify(), { ok: false, seq: last });
      await index.catchUp();
      assert.deepEqual(
        await index.verify(),
        { ok: false, seq: last },
        'catching up does not hide it',
      );
      await db
        .insertInto('audit_shown')
        .values({ application_id: shown[0] ?? '', seq: last })
        .execute();
      assert.deepEqual(await index.verify(), { ok: true });
      await db
        .insertInto('audit_shown')
        .values({ application_id: shown[2] ?? '', seq: last - 1 })
        .execute();
      assert.deepEqual(await index.verify(), { ok: false, seq: last - 1 });
    });
  });
}
