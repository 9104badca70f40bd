import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { ServerAlreadyRunning } from './store/lock.js';

/** `npm start`: one process serving the API, the web chat, the console and the channels. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  const app = await createApp(config, { logger });
  const address = await app.listen();
  // Loading a large catalog leaves far more garbage than the catalog it built: one full collection
  // now lets the heap settle near its live size instead of growing from its peak (`--expose-gc` in `npm start`).
  (globalThis as { gc?: () => void }).gc?.();
  logger.info({ address, procedures: app.catalog.size }, `Một Cửa is ready at ${address}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof ServerAlreadyRunning) {
    console.error(error.message);
  } else {
    console.error('Start-up failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
