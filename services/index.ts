import type { DestinationStream } from 'pino';
import type { Config } from '../config';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { seedDemoData } from './demo-data';
import { HealthService } from './health';
import { createLogger } from './logger';
import { MunicipalityService } from './municipalities';
import { PdfRenderer } from './pdf-renderer';
import { DatabaseSessionStore } from './session-store';

export interface ServiceOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
}

export function createServices(config: Config, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = openDatabase(config.database);
  const municipalities = new MunicipalityService(database.db);
  const sessionStore = new DatabaseSessionStore(
    database.db,
    clock,
    config.session.idleMinutes * 60_000,
  );
  const pdfRenderer = new PdfRenderer(config.pdf, clock);
  let sweeper: NodeJS.Timeout | undefined;

  return {
    config,
    clock,
    logger,
    database,
    municipalities,
    sessionStore,
    pdfRenderer,
    health: new HealthService(database),

    /** Brings the schema up to date and, on an empty installation, adds the demo data. */
    async prepare(): Promise<void> {
      const applied = await migrateToLatest(database);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
      if (config.seedDemoData && (await seedDemoData(municipalities))) {
        logger.info('demo data added');
      }
    },

    startBackgroundJobs(): void {
      sweeper = setInterval(() => {
        sessionStore.sweepExpired().catch((error: unknown) => {
          logger.error({ err: error }, 'session sweep failed');
        });
      }, config.session.sweepMinutes * 60_000);
      sweeper.unref();
    },

    async close(): Promise<void> {
      clearInterval(sweeper);
      await pdfRenderer.close();
      await database.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
