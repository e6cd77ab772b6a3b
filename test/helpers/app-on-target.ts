import { after, before } from 'node:test';
import type { Clock } from '../../services/clock';
import type { AppDatabaseTarget, PostgresSchema } from './postgres';
import { createTestApp, type TestApp } from './test-services';

/**
 * For a describe block: the app on one database target (appDatabaseTargets), made before its
 * tests and cleaned up after, its PostgreSQL schema dropped. Undefined for a skipped target.
 */
export function useAppOn(target: AppDatabaseTarget, clock: Clock): () => TestApp | undefined {
  let testApp: TestApp | undefined;
  let schema: PostgresSchema | undefined;
  before(async () => {
    if (target.skip) return;
    schema = target.schema?.();
    const env = schema ? { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema } : {};
    testApp = await createTestApp({ clock, env });
  });
  after(async () => {
    await testApp?.cleanup();
    await schema?.drop();
  });
  return () => testApp;
}
