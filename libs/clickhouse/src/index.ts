export * from './clickhouse.port';
export * from './clickhouse.errors';
export {
  clickHouseConfigFromEnv,
  defaultClickHouseDataDir,
  describeClickHouseConfig,
  DEFAULT_CLICKHOUSE_DATABASE,
  type ClickHouseConfig,
  type EmbeddedClickHouseConfig,
  type ServerClickHouseConfig,
} from './clickhouse.config';
export { createClickHouseClient } from './clickhouse.factory';
export { HttpClickHouseClient, type HttpClickHouseOptions } from './http-clickhouse.client';
export {
  EmbeddedClickHouseClient,
  acquireEmbeddedEngine,
  currentEmbeddedDataDir,
  type EmbeddedClickHouseOptions,
  type EmbeddedEngineLease,
} from './embedded-clickhouse.client';
export {
  runClickHouseMigrations,
  loadClickHouseMigrations,
  appliedClickHouseMigrations,
  ClickHouseMigrationError,
  MIGRATIONS_DIR,
  SCHEMA_MIGRATIONS_TABLE,
  type ClickHouseMigration,
  type AppliedClickHouseMigration,
  type ClickHouseMigrationResult,
  type MigrationLogger,
  type RunClickHouseMigrationsOptions,
} from './migrations';
export {
  ClusterSchemaTransformer,
  ClusterDdlError,
  clusterMigrationStatements,
  isShardedTable,
  assertClusterName,
  LOCAL_TABLE_SUFFIX,
  SHARDING_KEY,
  SHARDED_ZK_PATH,
  EVERYWHERE_ZK_PATH,
  REPLICA_NAME,
  type ClusterDdlOptions,
  type ClusterTableKind,
} from './cluster-ddl';
export { CLUSTER_SETTINGS } from './http-clickhouse.client';
export { splitSqlStatements, type SqlStatement, type SplitSqlOptions } from './sql-statements';
export { ClickHouseModule, ClickHouseClientCloser, CLICKHOUSE_CLIENT } from './clickhouse.module';
