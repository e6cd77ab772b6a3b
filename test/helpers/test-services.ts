import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { loadConfig, type Environment } from '../../config';
import { createServices, type ServiceOptions, type Services } from '../../services';
import type { Clock } from '../../services/clock';
import type { FormDefinition } from '../../forms/types';

export interface TestServicesOptions {
  env?: Partial<Record<keyof Environment, string>>;
  clock?: Clock;
  logDestination?: DestinationStream;
  forms?: readonly FormDefinition[];
  paperScanTimeoutMs?: number;
  passwordHashing?: ServiceOptions['passwordHashing'];
}

export interface TestServices {
  services: Services;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Real services on a throwaway SQLite file (or the database the env names), migrated and seeded. */
export async function createTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: `sqlite:${join(dataDir, 'portal.sqlite')}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'true',
    ...options.env,
  });
  const services = createServices(config, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    ...(options.forms ? { forms: options.forms } : {}),
    ...(options.paperScanTimeoutMs === undefined
      ? {}
      : { paperScanTimeoutMs: options.paperScanTimeoutMs }),
    ...(options.passwordHashing ? { passwordHashing: options.passwordHashing } : {}),
    // Argon2id at its smallest: the tests check behaviour, not hashing cost.
    argon2Cost: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  });
  await services.prepare();
  return {
    services,
    dataDir,
    async cleanup() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real app over real test services. */
export async function createTestApp(options: TestServicesOptions = {}) {
  const { createApp } = await import('../../app');
  const testServices = await createTestServices(options);
  return { ...testServices, app: createApp(testServices.services) };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * One app for the enclosing `describe`: made before its tests, cleaned up after them. Call the
 * returned function inside a test to get it.
 */
export function useTestApp(options: TestServicesOptions = {}): () => TestApp {
  let testApp: TestApp | undefined;
  before(async () => {
    testApp = await createTestApp(options);
  });
  after(async () => {
    await testApp?.cleanup();
  });
  return () => {
    if (!testApp) throw new Error('useTestApp: the app exists only inside a test');
    return testApp;
  };
}
