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

/** The infrastructure of `withoutKafkaBrokers: 'no-kafka'`: Kafka only when KAFKA_BROKERS names it. */
export type OptionalKafkaInfrastructure =
  Infrastructure | (Omit<Infrastructure, 'kafkaBrokers' | 'kafkaSource'> & { readonly kafkaBrokers: undefined; readonly kafkaSource: 'none' });

export interface StartInfrastructureOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where a locally started broker keeps its data; default `.data/kafka`. */
  readonly kafkaDataDir?: string;
  /** Port of a locally started broker; default a free port. */
  readonly kafkaPort?: number;
  /**
   * What to do when KAFKA_BROKERS is not set: start a local broker from the Maven jars (the
   * default: integration tests, `npm run kafka`), or run without Kafka (`npm start`: the
   * projector then reads the event store through the in-process log).
   */
  readonly withoutKafkaBrokers?: 'start-local-broker' | 'no-kafka';
}

/**
 * The real infrastructure for `npm start` and the integration tests: Postgres (DATABASE_URL, the
 * local server, or embedded) and a Kafka broker (KAFKA_BROKERS, or one started from the Maven
 * Central jars, or none: see `withoutKafkaBrokers`). ClickHouse is opened by the ClickHouse
 * module itself (CLICKHOUSE_URL or chdb).
 */
export function startInfrastructure(options: StartInfrastructureOptions & { readonly withoutKafkaBrokers: 'no-kafka' }): Promise<OptionalKafkaInfrastructure>;
export function startInfrastructure(options?: StartInfrastructureOptions): Promise<Infrastructure>;
export async function startInfrastructure(options: StartInfrastructureOptions = {}): Promise<OptionalKafkaInfrastructure> {
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
    if (options.withoutKafkaBrokers === 'no-kafka') {
      logger.log('Kafka: none (KAFKA_BROKERS is not set): the projector reads the event store in this process');
      return {
        databaseUrl: postgres.url,
        postgresAdminUrl: postgres.adminUrl,
        postgresSource: postgres.source,
        kafkaBrokers: undefined,
        kafkaSource: 'none',
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
