import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

/**
 * Kysely's values (classes, `sql`), from its CommonJS build. Its ESM build is some 260 modules,
 * and under the TypeScript loader (tsx) every ES module passes the loader's hooks on another
 * thread: about half a second of CPU for every process that opens the database (each test file,
 * each start). The CommonJS build is the same code, loaded by `require` in one pass. Everything
 * takes Kysely's values from here, so `instanceof` sees one copy of its classes; types still come
 * from 'kysely' itself (ESLint enforces both).
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const {
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  SqliteAdapter,
  SqliteDialect,
  sql,
} = kysely;

export const Kysely = kysely.Kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
