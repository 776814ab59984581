import { DataSource, DataSourceOptions } from 'typeorm';
import { EVENT_STORE_MIGRATIONS } from './migrations';
import { NestTypeOrmLogger } from './typeorm-logger';

export interface EventStoreDatabaseOptions {
  readonly url: string;
  readonly poolSize?: number;
  readonly applicationName?: string;
}

/** TypeORM options for the event store. The schema comes from migrations only, never `synchronize`. */
export function eventStoreDataSourceOptions(options: EventStoreDatabaseOptions): DataSourceOptions {
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
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'dealer-kpi',
  };
}

/** Opens a data source and brings the schema up to date. */
export async function openEventStoreDataSource(options: EventStoreDatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource(eventStoreDataSourceOptions(options));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
