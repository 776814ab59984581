import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueId } from './test-database';

/**
 * Points the ClickHouse module at the embedded engine with one data directory per jest worker
 * process (the engine allows one per process) and a fresh database per test file.
 */
export function useTestClickHouse(): { database: string; dataDir: string } {
  const dataDir = join(tmpdir(), `kpi-chdb-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const database = uniqueId('t_');
  if (!process.env.CLICKHOUSE_URL) process.env.CLICKHOUSE_DATA_DIR = dataDir;
  process.env.CLICKHOUSE_DATABASE = database;
  return { database, dataDir };
}
