import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import { Kysely, SqliteDialect, sql } from './kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config';
import type { Database } from './schema';
import { SchemaPostgresDialect } from './schema-introspector';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DatabaseConfig['dialect'];
  /** Where Kysely keeps its migration bookkeeping (PostgreSQL schema, if any). */
  migrationSchema: string | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  return config.dialect === 'sqlite' ? openSqlite(config.file) : openPostgres(config);
}

function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // Two writers (e.g. a CLI migrate beside a running server) wait instead of failing at once.
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return handle(db, 'sqlite', undefined);
}

/** Far more distinct SQL texts than the app has; only a runaway would ever evict. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely asks better-sqlite3 to prepare (parse and plan) every query anew, though the app sends
 * the same few SQL texts again and again (values travel as parameters). Each prepared statement
 * is kept per text instead; SQLite re-prepares one by itself should the schema change under it.
 * A statement still being iterated (a streamed query) is busy: then a fresh one is made.
 */
export function withStatementCache(
  database: SqliteDatabase.Database,
  maxStatements = MAX_CACHED_STATEMENTS,
): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      const cached = statements.get(text);
      if (cached && !cached.busy) {
        // Map keeps insertion order: moved to the end, the least recently used stays first.
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = database.prepare(text);
      if (cached) return statement;
      statements.set(text, statement);
      for (const oldest of statements.keys()) {
        if (statements.size <= maxStatements) break;
        statements.delete(oldest);
      }
      return statement;
    },
  };
}

function openPostgres(config: { url: string; schema: string }): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: config.url,
    // Every connection resolves unqualified table names in the configured schema.
    options: `-c search_path=${config.schema}`,
    max: 10,
  });
  const db = new Kysely<Database>({ dialect: new SchemaPostgresDialect({ pool }, config.schema) });
  return handle(db, 'postgres', config.schema);
}

function handle(
  db: Kysely<Database>,
  dialect: DatabaseConfig['dialect'],
  migrationSchema: string | undefined,
): DatabaseHandle {
  return {
    db,
    dialect,
    migrationSchema,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
