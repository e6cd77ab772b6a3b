import { createTestServices, type TestServices, type TestServicesOptions } from './test-services';
import { createPostgresSchema, postgresSkipReason, testDatabaseUrl } from './postgres';

export interface DatabaseTarget {
  name: 'sqlite' | 'postgres';
  skip: string | false;
  /** Fresh, migrated, seeded services on this database; `cleanup` removes every trace. */
  open(options?: TestServicesOptions): Promise<TestServices>;
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set (CI sets it). */
export function databaseTargets(): DatabaseTarget[] {
  return [
    { name: 'sqlite', skip: false, open: (options) => createTestServices(options) },
    {
      name: 'postgres',
      skip: postgresSkipReason(),
      async open(options = {}) {
        const schema = createPostgresSchema(testDatabaseUrl ?? '');
        const opened = await createTestServices({
          ...options,
          env: { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, ...options.env },
        });
        return {
          ...opened,
          async cleanup() {
            await opened.cleanup();
            await schema.drop();
          },
        };
      },
    },
  ];
}
