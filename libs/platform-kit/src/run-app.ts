import { JsonLogger } from '@app/observability';
import { INestApplication, Logger, LoggerService, LogLevel } from '@nestjs/common';
import { describeConfig, PlatformConfig } from './platform.config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Log levels up to and including the configured one. */
export function logLevels(config: PlatformConfig): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL) + 1);
}

/** The application's logger: the configured levels, as JSON lines with LOG_FORMAT=json. */
export function appLogger(config: PlatformConfig): LogLevel[] | LoggerService {
  return config.LOG_FORMAT === 'json' ? new JsonLogger(logLevels(config)) : logLevels(config);
}

/** Starts listening and stops cleanly on SIGINT/SIGTERM, then runs `afterClose` (infrastructure). */
export async function listenUntilSignalled(
  app: INestApplication,
  config: PlatformConfig,
  name: string,
  afterClose: () => Promise<void> = async () => undefined,
): Promise<void> {
  const logger = new Logger(name);
  logger.log(`configuration: ${JSON.stringify(describeConfig(config))}`);
  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST}:${config.PORT}`;
  logger.log(`listening on ${url} (API docs at ${url}/docs)`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: stopping`);
    app
      .close()
      .then(afterClose)
      .then(() => {
        logger.log('stopped cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(`error while stopping: ${(error as Error).message}`);
        process.exit(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * Closes an app whose start failed, giving up after `ms` (a shutdown hook that stalls, e.g. a Kafka
 * disconnect, must not keep a failed start from exiting).
 */
export async function closeAfterFailedStart(app: INestApplication | undefined, ms = 5_000): Promise<void> {
  if (!app) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([app.close().catch((error: unknown) => new Logger('Shutdown').error(`while closing: ${(error as Error).message}`)), gaveUp]);
  clearTimeout(timer);
}
