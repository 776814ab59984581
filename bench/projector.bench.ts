// projector: events/s from Kafka into ClickHouse, beside the raw limits of the same data in the
// same run: kafkajs and @platformatic/kafka reading the topics with no processing, and ClickHouse
// inserting the same fact rows with no Kafka.
import { DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY, KafkaEventPublisher } from '@app/messaging';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { Json, runWorker } from './lib/child';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { ActivityGenerator, branchIds, branchOpenedEvents } from './lib/events';
import { appendEach, createDatabase, createTopics, dropDatabase, openStore } from './lib/infra';
import { round } from './lib/results';

interface ConsumeOutput {
  messages: number;
  seconds: number;
  startupSeconds: number;
  eventsPerSecond: number;
}
interface ProjectorOutput {
  events: number;
  deadLettered: number;
  seconds: number;
  startupSeconds: number;
  eventsPerSecond: number;
  meanBatchEvents: number;
  batches: number;
  sinkSeconds: number;
  factRows: Record<string, number>;
  rollupRounds: number;
  rollupPending: number;
  rollupLastRoundSeconds: number;
  rollupDrainSeconds: number;
}
interface RawInsertOutput {
  events: number;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  eventsPerSecond: number;
}

const PUBLISH_CHUNK = 5000;

export const projectorBenchmark: Benchmark = {
  name: 'projector',
  description: 'Kafka → projector → ClickHouse events/s beside raw kafkajs / @platformatic/kafka consume and raw ClickHouse insert',
  async run({ infra, args, log }: BenchContext): Promise<BenchOutcome> {
    const total = size(args, 'events', 500_000);
    const branches = branchIds(size(args, 'branches', 50));
    const timeoutMs = size(args, 'timeout-s', 1800) * 1000;
    // The projector as deployed (KafkaBatchConsumer's default), and one batch at a time beside it.
    const partitionsConcurrently = size(args, 'partitions-concurrently', DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY);
    const compareConcurrently = size(args, 'compare-concurrently', 1);
    const prefix = `bench-${infra.runId}.`;
    const dbName = `bench_projector_${infra.runId}`;
    const notes: string[] = [];

    // The branch directory the projector reads business dates from.
    const databaseUrl = await createDatabase(infra.adminUrl, dbName);
    const { dataSource, store } = await openStore(databaseUrl);
    await appendEach(store, branchOpenedEvents(branches));
    await dataSource.destroy();

    const topics = await createTopics(infra.brokers, prefix);
    const publisher = new KafkaEventPublisher(topics.kafka, prefix);
    const eventsFile = join(infra.runDir, 'projector-events.ndjson');
    const file = createWriteStream(eventsFile);
    const generator = new ActivityGenerator({ branches, expectedEvents: total });
    let published = 0;
    const publishStarted = performance.now();
    try {
      await publisher.connect();
      while (published < total) {
        const events = generator.next(Math.min(PUBLISH_CHUNK, total - published)).slice(0, total - published);
        await publisher.publish(events);
        if (!file.write(events.map((e) => JSON.stringify(e)).join('\n') + '\n')) await once(file, 'drain');
        published += events.length;
      }
    } finally {
      await publisher.disconnect();
      file.end();
      await once(file, 'close');
    }
    const publishSeconds = (performance.now() - publishStarted) / 1000;
    log(`published ${published} events in ${publishSeconds.toFixed(1)} s (${Math.round(published / publishSeconds)}/s, relay publisher)`);

    const profile = args.profileDir ? { cpuProfileDir: args.profileDir } : {};
    const consumeInput = (group: string): Json => ({ brokers: infra.brokers, topics: topics.topics, groupId: `${prefix}${group}`, expected: total, timeoutMs });
    try {
      const kafkajs = await runWorker<ConsumeOutput>('kafkajs-consume', consumeInput('raw-kafkajs'), profile);
      log(`raw kafkajs consume: ${Math.round(kafkajs.output.eventsPerSecond)} events/s`);
      const platformatic = await runWorker<ConsumeOutput>('platformatic-consume', consumeInput('raw-platformatic'), profile);
      log(`raw @platformatic/kafka consume: ${Math.round(platformatic.output.eventsPerSecond)} events/s`);
      const runProjector = (concurrently: number, name: string) =>
        runWorker<ProjectorOutput>(
          'projector',
          {
            brokers: infra.brokers,
            topicPrefix: prefix,
            topics: topics.topics,
            groupId: `${prefix}${name}`,
            databaseUrl,
            clickHouseDataDir: join(infra.runDir, `chdb-${name}`),
            expected: total,
            timeoutMs,
            partitionsConcurrently: concurrently,
          },
          profile,
        );
      const projector = await runProjector(partitionsConcurrently, 'kpi-projector');
      log(`projector: ${Math.round(projector.output.eventsPerSecond)} events/s (mean batch ${Math.round(projector.output.meanBatchEvents)} events)`);
      const insert = await runWorker<RawInsertOutput>(
        'raw-insert',
        { eventsFile, clickHouseDataDir: join(infra.runDir, 'chdb-raw-insert'), batchEvents: Math.max(1, Math.round(projector.output.meanBatchEvents)) },
        profile,
      );
      log(`raw ClickHouse insert: ${Math.round(insert.output.rowsPerSecond)} rows/s (${Math.round(insert.output.eventsPerSecond)} events' rows/s)`);
      // The same projector with another partitionsConsumedConcurrently, for comparison.
      const other = compareConcurrently !== partitionsConcurrently ? await runProjector(compareConcurrently, 'kpi-projector-compare') : undefined;
      if (other) log(`projector, ${compareConcurrently} partition(s) at once: ${Math.round(other.output.eventsPerSecond)} events/s`);

      if (projector.output.deadLettered > 0) notes.push(`${projector.output.deadLettered} events were dead-lettered: the generator is wrong`);
      const limit = Math.min(kafkajs.output.eventsPerSecond, insert.output.eventsPerSecond);
      notes.push(
        `${total.toLocaleString('en-US')} events (80 % workshop, 18 % sales, 4 % parts; ~${Math.round((insert.output.rows / total) * 100) / 100} fact rows each) ` +
          `on ${branches.length} branches, 6 partitions per topic; rates from the first message to the last, group joins excluded ` +
          `(kafkajs ${round(kafkajs.output.startupSeconds)} s, @platformatic/kafka ${round(platformatic.output.startupSeconds)} s, projector ${round(projector.output.startupSeconds)} s).`,
      );
      notes.push(
        `ratio = projector ÷ min(raw kafkajs consume, raw insert expressed in events whose rows were inserted per second = ${Math.round(insert.output.eventsPerSecond)}); ` +
          `the projector's sink writes (projection, inserts, roll-up refresh) took ${round(projector.output.sinkSeconds)} s summed over ${projector.output.batches} partition batches ` +
          `handled up to ${partitionsConcurrently} at once, in ${round(projector.output.seconds)} s of wall time.`,
      );
      notes.push(
        `KPI month roll-up: each batch records the months × branches it touched; the refresher recomputed them in ${projector.output.rollupRounds} rounds ` +
          `(${projector.output.rollupPending} pending ranges, each round one recompute covering its ranges; last round ${round(projector.output.rollupLastRoundSeconds)} s) in the same process during the run, ` +
          `and caught up ${round(projector.output.rollupDrainSeconds)} s after the last batch was committed (rollup_drain_s).`,
      );
      return {
        figures: {
          projector_events_per_s: Math.round(projector.output.eventsPerSecond),
          raw_consume_events_per_s: Math.round(kafkajs.output.eventsPerSecond),
          platformatic_consume_events_per_s: Math.round(platformatic.output.eventsPerSecond),
          raw_insert_rows_per_s: Math.round(insert.output.rowsPerSecond),
          raw_insert_events_per_s: Math.round(insert.output.eventsPerSecond),
          ratio: round(projector.output.eventsPerSecond / limit, 3),
          projector_peak_rss_mb: projector.peakRssMb,
          raw_consume_peak_rss_mb: kafkajs.peakRssMb,
          platformatic_consume_peak_rss_mb: platformatic.peakRssMb,
          raw_insert_peak_rss_mb: insert.peakRssMb,
          publish_events_per_s: Math.round(published / publishSeconds),
          rollup_drain_s: round(projector.output.rollupDrainSeconds),
          ...(other ? { [`projector_${compareConcurrently}_at_once_events_per_s`]: Math.round(other.output.eventsPerSecond) } : {}),
        },
        parameters: {
          events: total,
          branches: branches.length,
          partitions_per_topic: 6,
          partitions_consumed_concurrently: partitionsConcurrently,
          projector_mean_batch_events: Math.round(projector.output.meanBatchEvents),
          fact_rows: insert.output.rows,
        },
        notes,
      };
    } finally {
      await topics.remove();
      await dropDatabase(infra.adminUrl, dbName);
    }
  },
};
