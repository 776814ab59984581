import 'reflect-metadata';
import { startInfrastructure } from '@app/infra';
import { appLogger, closeAfterFailedStart, configureHttpApp, listenUntilSignalled, loadPlatformConfig } from '@app/platform-kit';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { demoSeedSettings } from './demo-seed.config';
import { firstStart } from './first-start';
import { PlatformModule } from './platform.module';

async function bootstrap(): Promise<void> {
  const config = loadPlatformConfig();
  // Before anything logs: the infrastructure's lines are JSON lines too with LOG_FORMAT=json.
  Logger.overrideLogger(appLogger(config));
  const demo = demoSeedSettings();
  const logger = new Logger('Platform');
  // Without KAFKA_BROKERS no broker starts: the projector follows the event store in this process.
  const infra = await startInfrastructure({ withoutKafkaBrokers: 'no-kafka' });
  let stopping = false;
  const noteStop = () => (stopping = true);
  process.once('SIGINT', noteStop);
  process.once('SIGTERM', noteStop);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(PlatformModule.forRoot({ config, databaseUrl: infra.databaseUrl, kafkaBrokers: infra.kafkaBrokers }), {
      logger: appLogger(config),
      bufferLogs: false,
      bodyParser: false,
    });
    configureHttpApp(app, { title: 'Dealer KPI platform', description: 'Commands, reports and health in one process' });
    logger.log(infra.kafkaBrokers ? `mode: Kafka (${infra.kafkaSource})` : 'mode: embedded (in-process log, no Kafka)');
    await listenUntilSignalled(app, config, 'Platform', () => infra.stop());
    await firstStart(app, config, demo, () => stopping).catch((error: unknown) => {
      // Stopping closes what the seed and the banner use; anything else is worth saying.
      if (!stopping) logger.error(`first start: ${(error as Error).stack ?? String(error)}`);
    });
  } catch (error) {
    logger.error('could not start; stopping what it started');
    // The modules started before `listen` failed (relay, projector, pools) would keep the process alive.
    await closeAfterFailedStart(app);
    await infra.stop();
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  new Logger('Platform').fatal((error as Error).message);
  // Exit even if a library left a timer or socket behind: a start that failed must not hang (e.g. the port is taken).
  process.exit(1);
});
