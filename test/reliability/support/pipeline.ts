import { ClickHouseClient, createClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { BOUNDED_CONTEXTS, dlqTopicFor, DomainEvent, topicFor } from '@app/contracts';
import { EventStore } from '@app/event-store';
import { EventSink, KafkaBatchConsumer, SinkResult } from '@app/messaging';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, ALL_ROLLUPS, ClickHouseProjectionSink, StoreBranchCalendar } from '@app/projections';
import { expectEventually, uniqueId } from '@app/testing';
import { Logger } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ReadModelSnapshot, snapshotReadModel } from './read-model';

export const contextTopics = (prefix: string): string[] => BOUNDED_CONTEXTS.map((c) => topicFor(c, prefix));

/** Per partition: the group's committed offset and the log end, for every context topic. */
export async function groupLag(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<{ lag: number; end: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0;
    let end = 0;
    const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
    for (const topic of topics) {
      const high = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const { partition, high: h } of high) {
        const offset = mine.find((p) => p.partition === partition)?.offset ?? '-1';
        const at = offset.startsWith('-') ? 0 : Number(offset);
        lag += Number(h) - at;
        end += Number(h);
      }
    }
    return { lag, end };
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the group has committed every message of the topics (offsets = log end everywhere). */
export async function waitCaughtUp(kafka: Kafka, groupId: string, topics: readonly string[], timeoutMs = 120_000): Promise<number> {
  return expectEventually(
    async () => {
      const { lag, end } = await groupLag(kafka, groupId, topics);
      if (lag !== 0) throw new Error(`group ${groupId} is ${lag} message(s) behind`);
      return end;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Messages on a topic (high − low over its partitions). */
export async function messagesOn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** Dead letters on the dead-letter topics of every context. */
export async function deadLetters(kafka: Kafka, prefix: string): Promise<number> {
  let total = 0;
  for (const topic of contextTopics(prefix)) total += await messagesOn(kafka, dlqTopicFor(topic));
  return total;
}

/** Events the store holds past the relay's checkpoint: 0 once the relay has published everything. */
export async function unpublishedEvents(dataSource: DataSource, relay = 'kafka-relay'): Promise<number> {
  const rows: { n: string }[] = await dataSource.query(
    `SELECT count(*) AS n FROM events e
      WHERE NOT EXISTS (SELECT 1 FROM checkpoints c WHERE c.name = $1 AND (e.transaction_id, e.global_position) <= (c.transaction_id, c.global_position))`,
    [relay],
  );
  return Number(rows[0]?.n ?? -1);
}

export async function waitRelayDrained(dataSource: DataSource, timeoutMs = 60_000): Promise<void> {
  await expectEventually(
    async () => {
      const left = await unpublishedEvents(dataSource);
      if (left !== 0) throw new Error(`${left} event(s) not yet published by the relay`);
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** A sink that remembers the ids of the events it wrote. */
class RecordingSink implements EventSink {
  readonly name: string;
  readonly written = new Set<string>();
  constructor(private readonly inner: EventSink) {
    this.name = `recording:${inner.name}`;
  }
  async write(events: readonly DomainEvent[]): Promise<SinkResult> {
    const result = await this.inner.write(events);
    const rejected = new Set(result.rejected.map((r) => r.eventId));
    for (const event of events) if (!rejected.has(event.eventId)) this.written.add(event.eventId);
    return result;
  }
}

export interface CleanRun {
  readonly snapshot: ReadModelSnapshot;
  /** Ids of the events the clean projector wrote: every event that reached Kafka. */
  readonly eventIds: ReadonlySet<string>;
  readonly client: ClickHouseClient;
}

/**
 * The reference: a projector without faults, in a consumer group of its own, reads the same
 * topics from the beginning into a fresh ClickHouse database of this process's embedded engine.
 */
export async function cleanRun(options: { kafka: Kafka; prefix: string; store: EventStore; dataDir: string }): Promise<CleanRun> {
  const logger = new Logger('CleanRun');
  const started = Date.now();
  const client = await createClickHouseClient({ driver: 'embedded', dataDir: options.dataDir, database: uniqueId('clean_') });
  await runClickHouseMigrations(client, MIGRATIONS_DIR);
  const calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(options.store));
  const sink = new RecordingSink(new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar }, ALL_ROLLUPS));
  const groupId = uniqueId(`${options.prefix}clean-`);
  const topics = contextTopics(options.prefix);
  const consumer = new KafkaBatchConsumer(options.kafka, sink, { groupId, topics, fromBeginning: true });
  await consumer.start();
  try {
    await waitCaughtUp(options.kafka, groupId, topics);
  } finally {
    await consumer.stop();
  }
  const snapshot = await snapshotReadModel(client);
  logger.log(`clean run: ${sink.written.size} events projected in ${Date.now() - started} ms`);
  return { snapshot, eventIds: sink.written, client };
}

/** Store positions, ascending: every one must be recorded as projected (as-of marks). */
export async function storePositions(dataSource: DataSource): Promise<string[]> {
  const rows: { position: string }[] = await dataSource.query('SELECT global_position::text AS position FROM events ORDER BY global_position');
  return rows.map((r) => r.position);
}

/** Store event ids: to prove every one of them reached Kafka (the clean run saw it). */
export async function storeEventIds(dataSource: DataSource): Promise<Set<string>> {
  const rows: { event_id: string }[] = await dataSource.query('SELECT event_id FROM events');
  return new Set(rows.map((r) => r.event_id));
}
