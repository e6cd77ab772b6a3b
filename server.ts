import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config';
import { createApp } from './app';
import { createServices } from './services';

const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`The portal cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Why the port could not be opened, in words an operator can act on. */
function listenProblem(error: Error, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `port ${String(port)} is already in use (another portal, or another program). Stop it, or set PORT to a free port.`;
  }
  if (code === 'EACCES')
    return `no permission to open port ${String(port)}. Set PORT to 1024 or above.`;
  return error.message;
}

async function main(): Promise<void> {
  const config = readConfig();
  const services = createServices(config);
  await services.prepare();
  services.startBackgroundJobs();

  // Express 5 hands a failure to listen (a port already taken) to this callback, not to 'error'.
  const server: Server = createApp(services).listen(config.port, config.host, (error?: Error) => {
    if (error) {
      services.logger.error({ err: error, port: config.port }, 'portal could not listen');
      console.error(`The portal could not start: ${listenProblem(error, config.port)}`);
      void services.close().finally(() => process.exit(1));
      return;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    services.logger.info({ port }, 'portal started');
    console.log(`The portal is running at http://${config.host}:${port}/`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.logger.info({ signal }, 'shutting down: no new connections, finishing requests');
    // Requests already under way finish; idle keep-alive sockets are closed right away.
    server.close(() => {
      services.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The portal could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
