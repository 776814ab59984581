// Loaded by jest's global setup through plain require: no path aliases here or in what it imports.
import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line no-restricted-imports -- jest's global setup runs before the path aliases exist (see above)
import { startInfrastructure } from '../../infra/src';
import { registerTeardown } from './global-infra';

/**
 * Starts the real infrastructure once for the integration tier and hands its addresses to the
 * test workers through the environment. Nothing is skipped: a Postgres or Kafka that cannot be
 * reached fails the run.
 */
export default async function globalSetup(): Promise<void> {
  const logger = new Logger('IntegrationSetup');
  const started = Date.now();
  const infra = await startInfrastructure({ kafkaDataDir: mkdtempSync(join(tmpdir(), 'kpi-kafka-')) });
  registerTeardown(() => infra.stop());
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.POSTGRES_ADMIN_URL = infra.postgresAdminUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  const kafka =
    infra.kafkaSource === 'local-broker' ? `Kafka broker started in ${infra.kafkaStartMs} ms (log ${infra.kafkaLogFile})` : 'Kafka from KAFKA_BROKERS';
  logger.log(`Postgres (${infra.postgresSource}) and ${kafka}; ready in ${Date.now() - started} ms`);
}
