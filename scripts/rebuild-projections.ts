// Rebuilds every ClickHouse projection table from the whole Postgres event store (Invariant 6):
// new tables are built beside the live ones and swapped in at the end (EXCHANGE TABLES), so
// readers never see a half-built model. See libs/projections/src/rebuild.
//
// Usage: rebuild-projections.ts [--batch-size N]
//   Postgres:   DATABASE_URL; else the server at 127.0.0.1:5432; else the embedded one under .data/
//   ClickHouse: CLICKHOUSE_URL (+ CLICKHOUSE_USER/PASSWORD) for a server; else the embedded engine
//               in CLICKHOUSE_DATA_DIR (default .data/clickhouse); CLICKHOUSE_DATABASE (default kpi);
//               CLICKHOUSE_CLUSTER (server only): the schema's cluster form – shadows ON CLUSTER, the
//               shard-local tables exchanged ON CLUSTER (docs/adr/0022-clickhouse-cluster.md)
//
// The embedded engine (chdb) lets ONE process use a data directory. Stop the platform (`npm start`)
// before rebuilding an embedded ClickHouse: this command refuses while another process holds the
// directory. Against a ClickHouse server the platform may keep running: the live projector goes
// on writing the live tables, and events committed during the rebuild are projected again after
// the swap (the facts are keyed by event, so writing one twice changes no figure).
import 'reflect-metadata';
import {
  ClickHouseClient,
  clickHouseConfigFromEnv,
  createClickHouseClient,
  describeClickHouseConfig,
  MIGRATIONS_DIR,
  runClickHouseMigrations,
  type ClickHouseConfig,
} from '@app/clickhouse';
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { redactUrl, resolvePostgres, type ResolvedPostgres } from '@app/infra';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, ALL_ROLLUPS, DEFAULT_REBUILD_BATCH_SIZE, rebuildProjections, RebuildReport, StoreBranchCalendar } from '@app/projections';
import { Logger } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

const logger = new Logger('RebuildProjections');

const USAGE = `usage: rebuild-projections [--batch-size N]   (default ${DEFAULT_REBUILD_BATCH_SIZE} events per batch)`;

function parseArgs(argv: readonly string[]): { batchSize: number } | 'help' {
  let batchSize = DEFAULT_REBUILD_BATCH_SIZE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const inline = /^--batch-size=(.*)$/.exec(arg);
    if (inline || arg === '--batch-size') {
      const raw = inline ? inline[1] : argv[++i];
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 1) throw new Error(`--batch-size must be a positive integer, got ${JSON.stringify(raw)}`);
      batchSize = value;
      continue;
    }
    throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { batchSize };
}

/** The pid of another live process holding the embedded engine's data directory, if any (chdb writes `status`). */
function embeddedDirHolder(dataDir: string): number | undefined {
  const status = join(dataDir, 'status');
  if (!existsSync(status)) return undefined;
  const pid = Number(/^PID:\s*(\d+)/m.exec(readFileSync(status, 'utf8'))?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else – still in use. ESRCH: a stale file of a crashed run.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

function inUseMessage(config: ClickHouseConfig & { driver: 'embedded' }, pid: number | undefined): string {
  return (
    `the embedded ClickHouse data directory ${config.dataDir} is in use${pid === undefined ? '' : ` by process ${pid}`} ` +
    '(the platform, the projector or another rebuild). The embedded engine allows one process per data directory: ' +
    'stop the platform, then run the rebuild again (or rebuild on a ClickHouse server with CLICKHOUSE_URL).'
  );
}

async function openClickHouse(config: ClickHouseConfig): Promise<ClickHouseClient> {
  if (config.driver === 'embedded') {
    const holder = embeddedDirHolder(config.dataDir);
    if (holder !== undefined) throw new Error(inUseMessage(config, holder));
    try {
      return await createClickHouseClient(config);
    } catch (error) {
      throw new Error(`${inUseMessage(config, embeddedDirHolder(config.dataDir))}\n  cause: ${(error as Error).message}`, { cause: error });
    }
  }
  return createClickHouseClient(config);
}

function logReport(report: RebuildReport): void {
  logger.log(
    `rebuilt ${report.tables.length} table(s) from ${report.eventsRead} events in ${report.seconds.toFixed(2)} s ` +
      `(build ${report.buildSeconds.toFixed(2)} s = ${Math.round(report.eventsPerSecond)} events/s; swap ${report.swapSeconds.toFixed(3)} s)`,
  );
  for (const table of report.tables) {
    const seeds = report.seedRowsCopied[table];
    const caughtUp = report.caughtUpRows[table] ?? 0;
    logger.log(
      `  ${table}: ${report.rowsWritten[table] ?? 0} row(s) written` +
        (seeds ? `, ${seeds} seed row(s) kept` : '') +
        (caughtUp ? `, ${caughtUp} row(s) from events committed during the rebuild` : ''),
    );
  }
  if (report.caughtUpEvents > 0) logger.log(`${report.caughtUpEvents} event(s) committed during the rebuild were projected after the swap`);
  if (report.insertTriggeredViews.length > 0) {
    logger.warn(`not rebuilt: targets of materialized view(s) ${report.insertTriggeredViews.join(', ')}`);
  }
  if (report.unparseable + report.rejected > 0) {
    logger.warn(
      `${report.unparseable} event(s) could not be parsed and ${report.rejected} were refused by a projection; ` +
        `they are not in the rebuilt tables (the live projector sends such events to the DLQ). First ${report.problems.length}:`,
    );
    for (const p of report.problems) logger.warn(`  ${p.kind} ${p.type} ${p.eventId} at global position ${p.globalPosition}: ${p.reason}`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = clickHouseConfigFromEnv();
  logger.log(`ClickHouse: ${describeClickHouseConfig(config)}`);
  if (config.driver === 'embedded') logger.log('embedded ClickHouse: the platform must be stopped while this runs');
  // Open ClickHouse first: if the data directory is in use, fail before starting anything else.
  const client = await openClickHouse(config);
  let postgres: ResolvedPostgres | undefined;
  let dataSource: DataSource | undefined;
  try {
    await runClickHouseMigrations(client, MIGRATIONS_DIR);
    postgres = await resolvePostgres();
    logger.log(`event store: ${redactUrl(postgres.url)} (${postgres.source})`);
    dataSource = await openEventStoreDataSource({ url: postgres.url, applicationName: 'rebuild-projections', poolSize: 2 });
    const store = new EventStore(dataSource);
    const calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(store));
    const report = await rebuildProjections({ store, client, projections: ALL_PROJECTIONS, rollups: ALL_ROLLUPS, calendar, batchSize: args.batchSize, logger });
    logReport(report);
    return 0;
  } finally {
    await client.close();
    await dataSource?.destroy();
    await postgres?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
