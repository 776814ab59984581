// The projector as it runs in production: the kafkajs batch consumer of libs/messaging writing
// through the ClickHouse projection sink (every projection and roll-up) of libs/projections,
// with business dates from the branch directory in the event store.
import { DomainEvent } from '@app/contracts';
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { createKafka, EventSink, KafkaBatchConsumer, SinkResult } from '@app/messaging';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, ALL_ROLLUPS, ClickHouseProjectionSink, KpiRollupRefresher, recomputeStaleRollups, StoreBranchCalendar } from '@app/projections';
import { performance } from 'node:perf_hooks';
import { Json } from '../lib/child';
import { factRowCounts, openBenchClickHouse } from './clickhouse';

export interface ProjectorInput {
  readonly brokers: string[];
  readonly topicPrefix: string;
  readonly topics: string[];
  readonly groupId: string;
  readonly databaseUrl: string;
  readonly clickHouseDataDir: string;
  readonly expected: number;
  readonly timeoutMs: number;
  /** Partitions handled at once (KafkaBatchConsumer's partitionsConsumedConcurrently). */
  readonly partitionsConcurrently: number;
}

/** Counts what passes through the sink and how long the sink takes. */
class MeteredSink implements EventSink {
  readonly name: string;
  events = 0;
  batches = 0;
  sinkMs = 0;
  first = 0;
  constructor(private readonly inner: EventSink) {
    this.name = inner.name;
  }
  async write(events: readonly DomainEvent[]): Promise<SinkResult> {
    const t0 = performance.now();
    if (this.first === 0) this.first = t0;
    const result = await this.inner.write(events);
    this.sinkMs += performance.now() - t0;
    this.events += events.length;
    this.batches++;
    return result;
  }
}

export async function projector(raw: Json): Promise<Json> {
  const input = raw as unknown as ProjectorInput;
  const client = await openBenchClickHouse(input.clickHouseDataDir);
  const dataSource = await openEventStoreDataSource({ url: input.databaseUrl, applicationName: 'bench-projector', poolSize: 2 });
  const calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(new EventStore(dataSource)));
  const sink = new MeteredSink(new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar }, ALL_ROLLUPS));
  const kafka = createKafka({ brokers: input.brokers, clientId: 'bench-projector', topicPrefix: input.topicPrefix, partitions: 6, replicationFactor: 1 });
  const consumer = new KafkaBatchConsumer(kafka, sink, {
    groupId: input.groupId,
    topics: input.topics,
    fromBeginning: true,
    partitionsConsumedConcurrently: input.partitionsConcurrently,
  });
  // As the projector runs: the KPI month roll-up recomputed from the pending ranges about every second.
  await recomputeStaleRollups(client, ALL_ROLLUPS);
  const refresher = new KpiRollupRefresher(client);
  const started = performance.now();
  let last = 0;
  let drainSeconds = 0;
  try {
    refresher.start();
    await consumer.start();
    const give = started + input.timeoutMs;
    // Polls the consumer's committed count: an event counts once its batch's offsets are committed.
    while (consumer.stats.consumed < input.expected) {
      if (performance.now() > give) throw new Error(`projector: ${consumer.stats.consumed} of ${input.expected} events after ${input.timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    last = performance.now();
  } finally {
    await consumer.stop();
    // The roll-up catches up with the last batches: its last round after the last commit.
    const draining = performance.now();
    await refresher.stop();
    drainSeconds = (performance.now() - draining) / 1000;
  }
  const seconds = (last - sink.first) / 1000;
  const counts = await factRowCounts(client);
  await client.close();
  await dataSource.destroy();
  return {
    events: consumer.stats.consumed,
    deadLettered: consumer.stats.deadLettered,
    seconds,
    startupSeconds: (sink.first - started) / 1000,
    eventsPerSecond: consumer.stats.consumed / seconds,
    batches: sink.batches,
    meanBatchEvents: sink.events / Math.max(1, sink.batches),
    sinkSeconds: sink.sinkMs / 1000,
    factRows: counts,
    rollupRounds: refresher.stats.rounds,
    rollupPending: refresher.stats.pending,
    rollupLastRoundSeconds: refresher.stats.lastMs / 1000,
    rollupDrainSeconds: drainSeconds,
  };
}
