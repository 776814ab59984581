import { ClickHouseClient, createClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';

/** The embedded engine in `dataDir`, database `kpi`, with every migration applied. */
export async function openBenchClickHouse(dataDir: string, database = 'kpi'): Promise<ClickHouseClient> {
  const client = await createClickHouseClient({ driver: 'embedded', dataDir, database });
  await runClickHouseMigrations(client, MIGRATIONS_DIR);
  return client;
}

/** Rows of every table whose name starts with `fact_` or `rollup_`, deduplicated (FINAL). */
export async function factRowCounts(client: ClickHouseClient): Promise<Record<string, number>> {
  const tables = await client.query<{ name: string }>(
    `SELECT name FROM system.tables WHERE database = currentDatabase() AND (name LIKE 'fact\\_%' OR name LIKE 'rollup\\_%') ORDER BY name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await client.query<{ n: string }>(`SELECT count() AS n FROM ${name} FINAL`);
    counts[name] = Number(row?.n ?? 0);
  }
  return counts;
}
