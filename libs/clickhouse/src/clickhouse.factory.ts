import { clickHouseConfigFromEnv, type ClickHouseConfig } from './clickhouse.config';
import type { ClickHouseClient } from './clickhouse.port';
import { EmbeddedClickHouseClient } from './embedded-clickhouse.client';
import { HttpClickHouseClient } from './http-clickhouse.client';

/**
 * Opens the client the config describes (by default the one the environment describes, see
 * {@link clickHouseConfigFromEnv}) and makes sure its database exists.
 */
export async function createClickHouseClient(config: ClickHouseConfig = clickHouseConfigFromEnv()): Promise<ClickHouseClient> {
  switch (config.driver) {
    case 'server':
      return HttpClickHouseClient.open({
        url: config.url,
        username: config.username,
        password: config.password,
        database: config.database,
        requestTimeoutMs: config.requestTimeoutMs,
        ensureDatabase: config.ensureDatabase,
        cluster: config.cluster,
      });
    case 'embedded':
      return EmbeddedClickHouseClient.open({ dataDir: config.dataDir, database: config.database, connections: config.connections });
  }
}
