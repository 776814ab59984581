// The real infrastructure of a benchmark run: Postgres and a Kafka broker from libs/infra's
// harness (or DATABASE_URL / KAFKA_BROKERS), fresh databases, topics and ClickHouse folders.
import { BOUNDED_CONTEXTS, EventEnvelope, topicFor } from '@app/contracts';
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { startInfrastructure } from '@app/infra';
import { createKafka, ensureTopics, KafkaSettings } from '@app/messaging';
import { Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { REPO_ROOT } from './results';

/** Where runs keep their files and the reusable data sets; BENCH_DATA_DIR moves it (the smoke test does). */
export function benchDataDir(): string {
  return process.env.BENCH_DATA_DIR ?? join(REPO_ROOT, '.data', 'bench');
}

export interface BenchInfra {
  readonly adminUrl: string;
  /** Empty when the benchmark runs without Kafka. */
  readonly brokers: string[];
  /** A folder for this run's files (events, ClickHouse data); removed by `stop`. */
  readonly runDir: string;
  readonly runId: string;
  stop(): Promise<void>;
}

/** Postgres, and a Kafka broker unless `kafka` is false (a benchmark that starts the platform in its embedded mode needs none). */
export async function startBenchInfra(options: { kafka?: boolean } = {}): Promise<BenchInfra> {
  const kafkaDataDir = join(benchDataDir(), 'kafka');
  const infra =
    options.kafka === false ? await startInfrastructure({ kafkaDataDir, withoutKafkaBrokers: 'no-kafka' }) : await startInfrastructure({ kafkaDataDir });
  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(3).toString('hex')}`;
  const runDir = join(benchDataDir(), `run-${runId}`);
  mkdirSync(runDir, { recursive: true });
  return {
    adminUrl: infra.postgresAdminUrl,
    brokers: infra.kafkaBrokers ? infra.kafkaBrokers.split(',') : [],
    runDir,
    runId,
    stop: async () => {
      rmSync(runDir, { recursive: true, force: true });
      await infra.stop();
    },
  };
}

async function admin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return admin(adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** A fresh, empty database (dropped first if it exists). Returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Opens the event store on `url` (migrated) and appends the events, each to its own stream. */
export async function openStore(url: string): Promise<{ dataSource: DataSource; store: EventStore }> {
  const dataSource = await openEventStoreDataSource({ url, applicationName: 'bench', poolSize: 4 });
  return { dataSource, store: new EventStore(dataSource) };
}

export async function appendEach(store: EventStore, events: readonly EventEnvelope[]): Promise<void> {
  for (const e of events) {
    await store.append(e.streamId, 'any', [e], { actor: e.actor, correlationId: e.correlationId, causationId: e.causationId });
  }
}

export interface BenchTopics {
  readonly kafka: Kafka;
  readonly settings: KafkaSettings;
  /** The context topics (not the DLQs). */
  readonly topics: string[];
  remove(): Promise<void>;
}

/** Every context topic and its DLQ under a fresh prefix, 6 partitions each (the platform's default). */
export async function createTopics(brokers: string[], prefix: string): Promise<BenchTopics> {
  const settings: KafkaSettings = { brokers, clientId: 'bench', topicPrefix: prefix, partitions: 6, replicationFactor: 1 };
  const kafka = createKafka(settings);
  await ensureTopics(kafka, settings);
  const topics = BOUNDED_CONTEXTS.map((c) => topicFor(c, prefix));
  return {
    kafka,
    settings,
    topics,
    remove: async () => {
      const client = kafka.admin();
      await client.connect();
      try {
        const mine = (await client.listTopics()).filter((t) => t.startsWith(prefix));
        if (mine.length > 0) await client.deleteTopics({ topics: mine });
      } finally {
        await client.disconnect();
      }
    },
  };
}
