// A large event store for the benchmarks that read one (rebuild): synthetic activity
// (bench/lib/events.ts) bulk-loaded with COPY, in a database that is kept between runs and
// reused when it already holds the same data set.
import { EventEnvelope } from '@app/contracts';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ActivityGenerator, branchIds, branchOpenedEvents } from './events';
import { appendEach, createDatabase, databaseExists, databaseUrl, openStore } from './infra';

/** Bump when the generator changes: a stored data set of another version is rebuilt. */
const DATASET_VERSION = 1;
const COPY_ROWS = 100_000;
export const COPY_EVENTS_SQL =
  'COPY events (event_id, stream_id, stream_position, type, schema_version, branch_id, occurred_at, recorded_at, actor, correlation_id, causation_id, payload) FROM STDIN (FORMAT csv)';
const GENERATE_CHUNK = 10_000;

export interface EventStoreDataset {
  readonly url: string;
  readonly database: string;
  readonly events: number;
  readonly branches: number;
  /** Seconds it took to load now; 0 when an existing data set was reused. */
  readonly loadSeconds: number;
}

export function datasetLabel(events: number): string {
  return events >= 1_000_000 && events % 1_000_000 === 0
    ? `${events / 1_000_000}m`
    : events >= 1000 && events % 1000 === 0
      ? `${events / 1000}k`
      : String(events);
}

async function storedEvents(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ events: string; version: number }>(`SELECT events, version FROM bench_dataset WHERE version = $1`, [DATASET_VERSION])
      .catch(() => ({ rows: [] as { events: string; version: number }[] }));
    return rows[0] ? Number(rows[0].events) : undefined;
  } finally {
    await client.end();
  }
}

/** CSV field: quoted, inner quotes doubled (COPY … FORMAT csv). */
const csv = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** One row of `COPY events (…) FROM STDIN (FORMAT csv)` (COPY_EVENTS_SQL). */
export function csvLine(e: EventEnvelope): string {
  return [
    e.eventId,
    csv(e.streamId),
    e.streamPosition,
    e.type,
    e.schemaVersion,
    csv(e.branchId),
    e.occurredAt,
    e.recordedAt,
    csv(JSON.stringify(e.actor)),
    csv(e.correlationId),
    e.causationId === null ? '' : csv(e.causationId),
    csv(JSON.stringify(e.payload)),
  ].join(',');
}

/**
 * The event store with `events` synthetic business events on `branches` branches (plus their
 * BranchOpened), in database `bench_store_<label>`. Loaded with COPY in transactions of 100,000
 * rows; reused as it is when it already holds this data set.
 */
export async function ensureEventStoreDataset(
  adminUrl: string,
  events: number,
  branchCount: number,
  log: (message: string) => void,
): Promise<EventStoreDataset> {
  const database = `bench_store_${datasetLabel(events)}_${branchCount}b`;
  const url = databaseUrl(adminUrl, database);
  if ((await databaseExists(adminUrl, database)) && (await storedEvents(url)) === events) {
    log(`reusing the event store data set ${database} (${events.toLocaleString('en-US')} events)`);
    return { url, database, events, branches: branchCount, loadSeconds: 0 };
  }
  const started = performance.now();
  await createDatabase(adminUrl, database);
  const { dataSource, store } = await openStore(url);
  const branches = branchIds(branchCount);
  await appendEach(store, branchOpenedEvents(branches));
  await dataSource.destroy();

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET synchronous_commit = off`);
    const generator = new ActivityGenerator({ branches, expectedEvents: events });
    let loaded = 0;
    let lastLog = performance.now();
    while (loaded < events) {
      const rows = Math.min(COPY_ROWS, events - loaded);
      const copy = client.query(copyFrom(COPY_EVENTS_SQL));
      const finished = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      for (let done = 0; done < rows;) {
        const chunk = generator.next(Math.min(GENERATE_CHUNK, rows - done)).slice(0, rows - done);
        if (!copy.write(chunk.map(csvLine).join('\n') + '\n')) await once(copy, 'drain');
        done += chunk.length;
      }
      copy.end();
      await finished;
      loaded += rows;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        const rate = loaded / ((performance.now() - started) / 1000);
        log(`loaded ${loaded.toLocaleString('en-US')} of ${events.toLocaleString('en-US')} events (${Math.round(rate)}/s)`);
      }
    }
    await client.query(`ANALYZE events`);
    await client.query(`CREATE TABLE bench_dataset (events bigint NOT NULL, version integer NOT NULL)`);
    await client.query(`INSERT INTO bench_dataset VALUES ($1, $2)`, [events, DATASET_VERSION]);
  } finally {
    await client.end();
  }
  const loadSeconds = (performance.now() - started) / 1000;
  log(`loaded ${events.toLocaleString('en-US')} events into ${database} in ${loadSeconds.toFixed(0)} s`);
  return { url, database, events, branches: branchCount, loadSeconds };
}
