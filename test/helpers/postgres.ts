import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export interface PostgresSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A fresh schema per test file, so parallel runs and earlier runs never see each other's rows. */
export function createPostgresSchema(url: string): PostgresSchema {
  const schema = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    url,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Says loudly why the PostgreSQL half of a suite is not running. */
export function postgresSkipReason(): string | false {
  if (testDatabaseUrl) return false;
  const reason = 'TEST_DATABASE_URL is not set: the PostgreSQL storage tests are skipped';
  if (process.env.CI === 'true') throw new Error(`${reason}, which CI does not allow.`);
  console.warn(`\n*** ${reason}. ***\n`);
  return reason;
}

/** Where a route test runs its app: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export interface AppDatabaseTarget {
  name: string;
  skip: string | false;
  schema?: () => PostgresSchema;
}

export function appDatabaseTargets(): AppDatabaseTarget[] {
  return [
    { name: 'sqlite', skip: false },
    {
      name: 'postgres',
      skip: postgresSkipReason(),
      schema: () => createPostgresSchema(testDatabaseUrl ?? ''),
    },
  ];
}
