import { DynamicModule, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from './http-app';
import { ConfigurationError, loadPlatformConfig, PlatformConfig } from './platform.config';
import { appLogger, closeAfterFailedStart, listenUntilSignalled } from './run-app';

type Required = 'DATABASE_URL' | 'KAFKA_BROKERS';

/**
 * Boots one service of the distributed form (docker compose, Kubernetes): configuration comes
 * from the environment only and is validated before anything starts.
 */
export function bootstrapService(name: string, requires: readonly Required[], module: (config: PlatformConfig) => DynamicModule): void {
  let app: INestApplication | undefined;
  const run = async () => {
    const config = loadPlatformConfig();
    // Before anything logs: boot messages are JSON lines too with LOG_FORMAT=json.
    Logger.overrideLogger(appLogger(config));
    const missing = requires.filter((key) => !config[key]);
    if (missing.length > 0) {
      throw new ConfigurationError(missing.map((key) => `${key} is required by ${name}`));
    }
    app = await NestFactory.create(module(config), { logger: appLogger(config), bodyParser: false });
    configureHttpApp(app, { title: name });
    await listenUntilSignalled(app, config, name);
  };
  run().catch(async (error: unknown) => {
    new Logger(name).fatal((error as Error).message);
    // A start that failed (e.g. the port is taken) must not hang on what the modules already started.
    await closeAfterFailedStart(app);
    process.exit(1);
  });
}
