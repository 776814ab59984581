// A full projection rebuild as `npm run rebuild` runs it: every projection and roll-up, built
// beside the live tables from the whole event store and swapped in.
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, ALL_ROLLUPS, DEFAULT_REBUILD_BATCH_SIZE, rebuildProjections, StoreBranchCalendar } from '@app/projections';
import { Json } from '../lib/child';
import { factRowCounts, openBenchClickHouse } from './clickhouse';

export interface RebuildInput {
  readonly databaseUrl: string;
  readonly clickHouseDataDir: string;
  readonly batchSize?: number;
}

export async function rebuild(raw: Json): Promise<Json> {
  const input = raw as unknown as RebuildInput;
  const client = await openBenchClickHouse(input.clickHouseDataDir);
  const dataSource = await openEventStoreDataSource({ url: input.databaseUrl, applicationName: 'bench-rebuild', poolSize: 2 });
  try {
    const store = new EventStore(dataSource);
    const calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(store));
    const report = await rebuildProjections({
      store,
      client,
      projections: ALL_PROJECTIONS,
      rollups: ALL_ROLLUPS,
      calendar,
      batchSize: input.batchSize ?? DEFAULT_REBUILD_BATCH_SIZE,
      logger: { log: (m) => process.stdout.write(`[rebuild] ${m}\n`), warn: (m) => process.stdout.write(`[rebuild] WARN ${m}\n`) },
    });
    return {
      eventsRead: report.eventsRead,
      unparseable: report.unparseable,
      rejected: report.rejected,
      buildSeconds: report.buildSeconds,
      seconds: report.seconds,
      buildEventsPerSecond: report.eventsPerSecond,
      eventsPerSecond: report.eventsRead / report.seconds,
      factRows: await factRowCounts(client),
    };
  } finally {
    await client.close();
    await dataSource.destroy();
  }
}
