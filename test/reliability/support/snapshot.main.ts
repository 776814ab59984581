// Reads a read-model snapshot (every table FINAL + KPI results) out of an embedded ClickHouse data
// directory that another process used: the embedded engine allows one data directory per process,
// so the test process cannot open the projector child's directory itself.
// Usage: snapshot.main.ts <output.json>, with CLICKHOUSE_DATA_DIR and CLICKHOUSE_DATABASE set.
import 'reflect-metadata';
import { clickHouseConfigFromEnv, createClickHouseClient } from '@app/clickhouse';
import { writeFileSync } from 'node:fs';
import { snapshotReadModel } from './read-model';

async function main(output: string | undefined): Promise<void> {
  if (!output) throw new Error('usage: snapshot.main.ts <output.json>');
  const client = await createClickHouseClient(clickHouseConfigFromEnv(process.env));
  try {
    writeFileSync(output, JSON.stringify(await snapshotReadModel(client)));
  } finally {
    await client.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
