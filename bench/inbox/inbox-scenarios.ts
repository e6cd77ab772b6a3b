import pg from 'pg';
import type { Goal } from '../stats';
import { inboxScenario, type InboxDialect } from './scenario';

/** The sizes the goal is set for; BENCH_INBOX_SQLITE_ROWS / _POSTGRES_ROWS try others. */
const ROWS: Record<InboxDialect, number> = { sqlite: 100_000, postgres: 1_000_000 };
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The inbox scenario on each database asked for. PostgreSQL is the server at BENCH_POSTGRES_URL
 * (a role that may create databases); without one there, that half is skipped with a note.
 */
export async function inboxScenarios(dialects: readonly InboxDialect[]): Promise<Goal[]> {
  const goals: Goal[] = [];
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? POSTGRES_URL;
  for (const dialect of dialects) {
    const variable = `BENCH_INBOX_${dialect.toUpperCase()}_ROWS`;
    const rows = Number(process.env[variable] ?? ROWS[dialect]);
    if (!Number.isInteger(rows) || rows < 100) throw new Error(`${variable} must be at least 100`);
    if (dialect === 'postgres' && !(await reachable(postgresUrl))) {
      console.log(
        `6. inbox, PostgreSQL: skipped, no server at ${postgresUrl} (BENCH_POSTGRES_URL)`,
      );
      continue;
    }
    goals.push(...(await inboxScenario(dialect, rows, postgresUrl)));
  }
  return goals;
}
