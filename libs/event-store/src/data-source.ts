import { DataSource, DataSourceOptions } from 'typeorm';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { NestTypeOrmLogger } from './typeorm-logger';

export interface EventStoreDatabaseOptions {
  readonly url: string;
  /** At least {@link MIN_POOL_SIZE}; default 10. */
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/**
 * The smallest pool that can start: {@link migrateEventStore} holds its advisory lock on one connection while
 * TypeORM migrates on another, so a pool of one would wait for itself forever.
 */
export const MIN_POOL_SIZE = 2;

/** TypeORM options for the event store. The schema comes from migrations only, never `synchronize`. */
export function eventStoreDataSourceOptions(options: EventStoreDatabaseOptions): DataSourceOptions {
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < MIN_POOL_SIZE) {
    throw new RangeError(
      `event store poolSize must be an integer of at least ${MIN_POOL_SIZE} (got ${poolSize}): the migrations hold an advisory lock on one connection while TypeORM migrates on another`,
    );
  }
  return {
    type: 'postgres',
    url: options.url,
    entities: [],
    migrations: EVENT_STORE_MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new NestTypeOrmLogger(),
    maxQueryExecutionTime: 1000,
    poolSize,
    applicationName: options.applicationName ?? 'dealer-kpi',
  };
}

/**
 * Brings the schema up to date under a Postgres advisory lock: services that start together
 * against one store run the migrations one after another, never side by side.
 */
export async function migrateEventStore(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext('dealer-kpi:event-store-migrations'))`);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('dealer-kpi:event-store-migrations'))`);
    }
  } finally {
    await runner.release();
  }
}

/** Opens a data source and brings the schema up to date. */
export async function openEventStoreDataSource(options: EventStoreDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(eventStoreDataSourceOptions(options));
  await dataSource.initialize();
  try {
    await migrateEventStore(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
