// Loaded by jest's global setup through plain require: no path aliases here or in what it imports.
import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePostgres, startKafkaBroker } from '../../infra/src';
import { registerTeardown } from './global-infra';

/**
 * Starts the real infrastructure once for the integration tier and hands its addresses to the
 * test workers through the environment. Nothing is skipped: a Postgres or Kafka that cannot be
 * reached fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const logger = new Logger('IntegrationSetup');
  const started = Date.now();
  const postgres = await resolvePostgres();
  process.env.DATABASE_URL = postgres.url;
  process.env.POSTGRES_ADMIN_URL = postgres.adminUrl;
  registerTeardown(() => postgres.stop());
  logger.log(`Postgres (${postgres.source}) ready`);

  if (process.env.KAFKA_BROKERS) {
    logger.log(`using the Kafka brokers in KAFKA_BROKERS: ${process.env.KAFKA_BROKERS}`);
  } else {
    const kafkaStarted = Date.now();
    const broker = await startKafkaBroker({ dataDir: mkdtempSync(join(tmpdir(), 'kpi-kafka-')) });
    process.env.KAFKA_BROKERS = broker.brokers.join(',');
    registerTeardown(() => broker.stop());
    logger.log(`Kafka broker ${process.env.KAFKA_BROKERS} ready in ${Date.now() - kafkaStarted} ms (log: ${broker.logFile})`);
  }
  logger.log(`integration infrastructure ready in ${Date.now() - started} ms`);
}
