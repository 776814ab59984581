// Migration-only run of the image: brings the event store's Postgres schema (TypeORM migrations,
// libs/event-store) and the ClickHouse schema (libs/clickhouse/migrations) up to date, then exits.
// The Kubernetes migration Job runs it before the apps (deploy/k8s); the apps' init containers run
// it with --wait, which applies nothing and only waits until the schemas are up to date.
//
//   node dist/scripts/migrate.js                       # both (DATABASE_URL and CLICKHOUSE_URL required)
//   node dist/scripts/migrate.js postgres              # only the event store
//   node dist/scripts/migrate.js --wait postgres clickhouse
//   npm run migrate -- postgres                        # the same from the source tree
//
// The apps still migrate at start as before (Postgres under an advisory lock, ClickHouse in the
// projector), which is then a no-op. Exit code 0 when up to date, 1 on an error or a --wait timeout
// (MIGRATE_WAIT_TIMEOUT_SECONDS, default 600).
import {
  appliedClickHouseMigrations,
  clickHouseConfigFromEnv,
  createClickHouseClient,
  loadClickHouseMigrations,
  MIGRATIONS_DIR,
  runClickHouseMigrations,
} from '@app/clickhouse';
import { eventStoreDataSourceOptions, migrateEventStore } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

type Target = 'postgres' | 'clickhouse';
const TARGETS: readonly Target[] = ['postgres', 'clickhouse'];

const logger = new Logger('migrate');

/** Applies the pending migrations (wait = false) or says whether none is pending (wait = true). */
async function postgres(url: string, wait: boolean): Promise<boolean> {
  // Two connections: migrateEventStore holds its advisory lock on one while TypeORM migrates on the other.
  const dataSource = await new DataSource(eventStoreDataSourceOptions({ url, applicationName: 'migrate', poolSize: 2 })).initialize();
  try {
    if (wait) return !(await dataSource.showMigrations());
    await migrateEventStore(dataSource);
    logger.log('Postgres (event store) schema up to date');
    return true;
  } finally {
    await dataSource.destroy();
  }
}

async function clickhouse(wait: boolean): Promise<boolean> {
  const client = await createClickHouseClient(clickHouseConfigFromEnv());
  try {
    if (wait) {
      const applied = new Set((await appliedClickHouseMigrations(client)).map((m) => m.version));
      return (await loadClickHouseMigrations(MIGRATIONS_DIR)).every((m) => applied.has(m.version));
    }
    const result = await runClickHouseMigrations(client, MIGRATIONS_DIR);
    logger.log(`ClickHouse schema up to date (${result.applied.length} migration(s) applied now, ${result.alreadyApplied} before)`);
    return true;
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wait = args.includes('--wait');
  const named = args.filter((arg) => arg !== '--wait');
  const unknown = named.filter((arg) => !TARGETS.includes(arg as Target));
  if (unknown.length > 0) throw new Error(`unknown argument(s) ${unknown.join(', ')}; usage: migrate [--wait] [postgres] [clickhouse]`);
  const targets = named.length === 0 ? TARGETS : (named as Target[]);
  // Only the connection settings: the Job needs no token key (the apps' NODE_ENV=production check).
  const databaseUrl = process.env.DATABASE_URL ?? '';
  const missing = [
    ...(targets.includes('postgres') && !/^postgres(ql)?:\/\/.+/.test(databaseUrl) ? ['DATABASE_URL (a postgres:// URL)'] : []),
    ...(targets.includes('clickhouse') && !process.env.CLICKHOUSE_URL ? ['CLICKHOUSE_URL'] : []),
  ];
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} required to migrate ${targets.join(' and ')}`);

  const deadline = Date.now() + Number(process.env.MIGRATE_WAIT_TIMEOUT_SECONDS ?? 600) * 1000;
  for (const target of targets) {
    for (;;) {
      const upToDate = await (target === 'postgres' ? postgres(databaseUrl, wait) : clickhouse(wait)).catch((error: unknown) => {
        if (!wait) throw error;
        // Waiting: the database may not answer yet (it starts beside the apps).
        logger.warn(`${target}: ${(error as Error).message}`);
        return false;
      });
      if (upToDate) break;
      if (Date.now() > deadline) throw new Error(`${target} schema still not up to date: has the migration Job run?`);
      logger.log(`${target}: waiting for the migrations`);
      await new Promise((resolve) => setTimeout(resolve, 5000));
    }
    if (wait) logger.log(`${target} schema up to date`);
  }
}

main().catch((error: unknown) => {
  logger.fatal((error as Error).message);
  process.exitCode = 1;
});
