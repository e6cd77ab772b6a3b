import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import type { Generated } from 'kysely';
import { Kysely, SqliteDialect } from '../../../services/db/kysely';
import { withStatementCache } from '../../../services/db/database';

function openMemory() {
  const raw = new SqliteDatabase(':memory:');
  raw.exec('create table note (id integer primary key, text text not null)');
  return raw;
}

describe('prepared statements kept per SQL text', () => {
  it('gives the same prepared statement for the same text, a new one for another', () => {
    const cached = withStatementCache(openMemory());
    const select = cached.prepare('select * from note where id = ?');
    assert.equal(cached.prepare('select * from note where id = ?'), select);
    assert.notEqual(cached.prepare('select text from note where id = ?'), select);
    cached.close();
  });

  it('lets the least recently used go beyond its bound', () => {
    const cached = withStatementCache(openMemory(), 2);
    const one = cached.prepare('select 1');
    const two = cached.prepare('select 2');
    assert.equal(cached.prepare('select 1'), one);
    cached.prepare('select 3');
    assert.equal(cached.prepare('select 1'), one, 'used most recently, so kept');
    assert.notEqual(cached.prepare('select 2'), two, 'used least recently, so prepared anew');
    cached.close();
  });

  it('hands out a fresh statement while the kept one is still being iterated', () => {
    const raw = openMemory();
    raw.exec("insert into note (text) values ('a'), ('b')");
    const cached = withStatementCache(raw);
    const text = 'select text from note order by id';
    const iterating = cached.prepare(text) as unknown as SqliteDatabase.Statement;
    const rows = iterating.iterate();
    rows.next();
    const fresh = cached.prepare(text);
    assert.notEqual(fresh, iterating);
    assert.deepEqual(fresh.all([]), [{ text: 'a' }, { text: 'b' }]);
    rows.return?.();
    cached.close();
  });

  it('serves Kysely: rows written and read, and a column added later is seen', async () => {
    const db = new Kysely<{ note: { id: Generated<number>; text: string; tag: string | null } }>({
      dialect: new SqliteDialect({ database: withStatementCache(openMemory()) }),
    });
    for (const text of ['Łukasz', 'Øvergård']) {
      await db.insertInto('note').values({ text }).execute();
    }
    const all = () => db.selectFrom('note').selectAll().orderBy('id').execute();
    assert.deepEqual(await all(), [
      { id: 1, text: 'Łukasz' },
      { id: 2, text: 'Øvergård' },
    ]);
    await db.schema.alterTable('note').addColumn('tag', 'text').execute();
    await db.updateTable('note').set({ tag: 'x' }).where('id', '=', 1).execute();
    assert.deepEqual(await all(), [
      { id: 1, text: 'Łukasz', tag: 'x' },
      { id: 2, text: 'Øvergård', tag: null },
    ]);
    await db.destroy();
  });
});
