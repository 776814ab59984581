import { Logger } from '@nestjs/common';
import { kafkaBrokerStatus, startKafkaBroker } from './kafka-broker';
import { resolvePostgres, PostgresSource } from './postgres';
import { dataDir } from './repo-root';

export interface Infrastructure {
  readonly databaseUrl: string;
  /** Maintenance database on the same server (to create test databases). */
  readonly postgresAdminUrl: string;
  readonly postgresSource: PostgresSource;
  /** Comma-separated bootstrap servers. */
  readonly kafkaBrokers: string;
  readonly kafkaSource: 'KAFKA_BROKERS' | 'local-broker';
  readonly kafkaLogFile?: string;
  readonly kafkaStartMs?: number;
  stop(): Promise<void>;
}

export interface StartInfrastructureOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where a locally started broker keeps its data; default `.data/kafka`. */
  readonly kafkaDataDir?: string;
  /** Port of a locally started broker; default a free port. */
  readonly kafkaPort?: number;
}

/**
 * The real infrastructure for `npm start` and the integration tests: Postgres (DATABASE_URL, the
 * local server, or embedded) and a Kafka broker (KAFKA_BROKERS, or one started from the Maven
 * Central jars). ClickHouse is opened by the ClickHouse module itself (CLICKHOUSE_URL or chdb).
 */
export async function startInfrastructure(options: StartInfrastructureOptions = {}): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const logger = new Logger('Infrastructure');
  const postgres = await resolvePostgres({ env });
  logger.log(`Postgres: ${postgres.source}`);
  try {
    if (env.KAFKA_BROKERS) {
      return {
        databaseUrl: postgres.url,
        postgresAdminUrl: postgres.adminUrl,
        postgresSource: postgres.source,
        kafkaBrokers: env.KAFKA_BROKERS,
        kafkaSource: 'KAFKA_BROKERS',
        stop: () => postgres.stop(),
      };
    }
    const kafkaDir = options.kafkaDataDir ?? dataDir('kafka');
    // A broker a developer left running with `npm run kafka -- start` on the same data.
    const running = await kafkaBrokerStatus(kafkaDir);
    if (running.running && running.brokers) {
      logger.log(`Kafka: the broker already running on ${running.brokers.join(',')} (pid ${running.pid})`);
      return {
        databaseUrl: postgres.url,
        postgresAdminUrl: postgres.adminUrl,
        postgresSource: postgres.source,
        kafkaBrokers: running.brokers.join(','),
        kafkaSource: 'local-broker',
        kafkaLogFile: running.logFile,
        stop: () => postgres.stop(),
      };
    }
    const started = Date.now();
    const broker = await startKafkaBroker({
      dataDir: kafkaDir,
      ...(options.kafkaPort !== undefined ? { port: options.kafkaPort } : {}),
    });
    return {
      databaseUrl: postgres.url,
      postgresAdminUrl: postgres.adminUrl,
      postgresSource: postgres.source,
      kafkaBrokers: broker.brokers.join(','),
      kafkaSource: 'local-broker',
      kafkaLogFile: broker.logFile,
      kafkaStartMs: Date.now() - started,
      stop: async () => {
        await broker.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}
