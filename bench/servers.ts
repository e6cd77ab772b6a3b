/**
 * The bench's servers, in a child process of their own so the load the bench makes never shares
 * an event loop with them: the real portal (createApp over real services on a throwaway SQLite
 * file) and the bare Express + EJS yardstick. Tells the parent their URLs, stops on 'stop'.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../app';
import { loadConfig } from '../config';
import { createServices } from '../services';
import { fixedClock } from '../test/helpers/application';
import { createBareApp } from './bare-app';
import { benchEnvironment } from './bench-environment';

export interface ServerUrls {
  portal: string;
  bare: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-'));
const config = loadConfig(benchEnvironment(`sqlite:${join(dataDir, 'portal.sqlite')}`));
// Request logs are written as in production, to a file nobody reads instead of a terminal.
const services = createServices(config, {
  clock: fixedClock,
  logDestination: pino.destination({ dest: '/dev/null', sync: true }),
});
await services.prepare();

function listen(app: ReturnType<typeof createBareApp>): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const portal = await listen(createApp(services));
const bare = await listen(createBareApp());

async function stop() {
  for (const server of [portal, bare]) server.closeAllConnections();
  await Promise.all([portal, bare].map((server) => new Promise((done) => server.close(done))));
  await services.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ portal: urlOf(portal), bare: urlOf(bare) } satisfies ServerUrls);
