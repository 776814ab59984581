import 'reflect-metadata';
import { startInfrastructure } from '@app/infra';
import { configureHttpApp, listenUntilSignalled, loadPlatformConfig, logLevels } from '@app/platform-kit';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule } from './platform.module';

async function bootstrap(): Promise<void> {
  const config = loadPlatformConfig();
  const logger = new Logger('Platform');
  const infra = await startInfrastructure();
  try {
    const app = await NestFactory.create(
      PlatformModule.forRoot({ config, databaseUrl: infra.databaseUrl, kafkaBrokers: infra.kafkaBrokers }),
      { logger: logLevels(config), bufferLogs: false },
    );
    configureHttpApp(app, { title: 'Dealer KPI platform', description: 'Commands, reports and health in one process' });
    await listenUntilSignalled(app, config, 'Platform', () => infra.stop());
  } catch (error) {
    logger.error('could not start; stopping the infrastructure it started');
    await infra.stop();
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  new Logger('Platform').fatal((error as Error).message);
  process.exitCode = 1;
});
