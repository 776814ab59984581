/**
 * The cluster form of the migrations (docs/adr/0022-clickhouse-cluster.md). The embedded engine
 * cannot run Replicated, Distributed or ON CLUSTER statements (no ZooKeeper/Keeper, no cluster):
 * every generated statement is parsed with `formatQuery` on it instead, and the shape of the
 * result is checked here. Running them on a real cluster is the deployment's job.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterMigrationStatements, ClusterDdlError, ClusterSchemaTransformer, isShardedTable } from './cluster-ddl';
import { EmbeddedClickHouseClient } from './embedded-clickhouse.client';
import type { ClickHouseClient, QueryParams } from './clickhouse.port';
import { splitSqlStatements } from './sql-statements';
import { appliedClickHouseMigrations, loadClickHouseMigrations, MIGRATIONS_DIR, runClickHouseMigrations } from './migrations';

const options = { cluster: '{cluster}', database: 'kpi' };

describe('ClusterSchemaTransformer', () => {
  it('turns a fact table into a Replicated local table and a Distributed table of the same name, sharded by branch', () => {
    const t = new ClusterSchemaTransformer(options);
    const out = t.transform(`CREATE TABLE IF NOT EXISTS fact_x
(
    event_id UUID,
    branch_id LowCardinality(String), -- the branch
    business_date Date
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id)`);
    expect(out).toEqual([
      `CREATE TABLE IF NOT EXISTS fact_x_local ON CLUSTER '{cluster}'
(
    event_id UUID,
    branch_id LowCardinality(String), -- the branch
    business_date Date
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id)`,
      `CREATE TABLE IF NOT EXISTS fact_x ON CLUSTER '{cluster}' AS fact_x_local
ENGINE = Distributed('{cluster}', 'kpi', 'fact_x_local', cityHash64(branch_id))`,
    ]);
    expect(t.kindOf('fact_x')).toBe('sharded');
  });

  it('replicates dimensions and bookkeeping tables to every node, keeping the engine arguments', () => {
    const t = new ClusterSchemaTransformer(options);
    expect(t.transform('CREATE TABLE org_x (branch_id String, v UInt64, d UInt8) ENGINE = ReplacingMergeTree(v, d) ORDER BY branch_id')).toEqual([
      `CREATE TABLE org_x ON CLUSTER '{cluster}'\n(branch_id String, v UInt64, d UInt8)\nENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', v, d) ORDER BY branch_id`,
    ]);
    expect(t.kindOf('org_x')).toBe('replicated');
    // A roll-up without a branch (bookkeeping) is not sharded either.
    expect(isShardedTable('rollup_definitions', ['rollup', 'definition_hash'])).toBe(false);
    expect(isShardedTable('rollup_kpi_month', ['kpi', 'branch_id'])).toBe(true);
  });

  it('alters both tables of a sharded one for a column change, the local one only otherwise, and drops both', () => {
    const t = new ClusterSchemaTransformer(options);
    t.transform('CREATE TABLE fact_x (branch_id String, a UInt8) ENGINE = MergeTree ORDER BY branch_id');
    expect(t.transform('ALTER TABLE fact_x ADD COLUMN IF NOT EXISTS b Nullable(String) AFTER a')).toEqual([
      "ALTER TABLE fact_x_local ON CLUSTER '{cluster}'\n    ADD COLUMN IF NOT EXISTS b Nullable(String) AFTER a",
      "ALTER TABLE fact_x ON CLUSTER '{cluster}'\n    ADD COLUMN IF NOT EXISTS b Nullable(String) AFTER a",
    ]);
    expect(t.transform('ALTER TABLE fact_x MODIFY TTL business_date + INTERVAL 1 YEAR')).toEqual([
      "ALTER TABLE fact_x_local ON CLUSTER '{cluster}'\n    MODIFY TTL business_date + INTERVAL 1 YEAR",
    ]);
    // Replicated tables deduplicate inserts by their own window.
    expect(t.transform('ALTER TABLE fact_x MODIFY SETTING non_replicated_deduplication_window = 1000')).toEqual([]);
    expect(t.transform('DROP TABLE IF EXISTS fact_x')).toEqual([
      "DROP TABLE IF EXISTS fact_x ON CLUSTER '{cluster}' SYNC",
      "DROP TABLE IF EXISTS fact_x_local ON CLUSTER '{cluster}' SYNC",
    ]);
  });

  it('puts views on every node, leaves inserts alone and refuses what it cannot derive', () => {
    const t = new ClusterSchemaTransformer(options);
    expect(t.transform('CREATE VIEW IF NOT EXISTS v AS SELECT 1')).toEqual(["CREATE VIEW IF NOT EXISTS v ON CLUSTER '{cluster}' AS SELECT 1"]);
    expect(t.transform('CREATE MATERIALIZED VIEW m REFRESH EVERY 1 HOUR ENGINE = MergeTree ORDER BY a AS SELECT 1 AS a')).toEqual([
      "CREATE MATERIALIZED VIEW m ON CLUSTER '{cluster}' REFRESH EVERY 1 HOUR ENGINE = MergeTree ORDER BY a AS SELECT 1 AS a",
    ]);
    expect(t.transform("INSERT INTO org_x VALUES ('a')")).toEqual(["INSERT INTO org_x VALUES ('a')"]);
    expect(() => t.transform('CREATE MATERIALIZED VIEW m2 TO t AS SELECT 1')).toThrow(ClusterDdlError);
    expect(() => t.transform('CREATE MATERIALIZED VIEW m3 REFRESH EVERY 1 HOUR TO t AS SELECT 1 AS a')).toThrow('refreshable view writing TO a table');
    expect(() => t.transform('RENAME TABLE a TO b')).toThrow(ClusterDdlError);
    expect(() => t.transform('ALTER TABLE nowhere ADD COLUMN a UInt8')).toThrow('no earlier migration creates it');
    expect(() => t.transform('CREATE TABLE t (a UInt8) ENGINE = ReplicatedMergeTree ORDER BY a')).toThrow('already Replicated');
    expect(() => new ClusterSchemaTransformer({ cluster: "x'; DROP", database: 'kpi' })).toThrow(ClusterDdlError);
  });
});

/** A server client on a cluster that records every statement (nothing applied yet). */
class RecordingClusterClient implements ClickHouseClient {
  readonly driver = 'server' as const;
  readonly database = 'kpi';
  readonly cluster = '{cluster}';
  readonly commands: { sql: string; params?: QueryParams }[] = [];
  async query<T extends object>(): Promise<T[]> {
    return [];
  }
  async command(sql: string, params?: QueryParams): Promise<void> {
    this.commands.push({ sql, params });
  }
  async insert(): Promise<void> {}
  async ping(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

describe('the migrator in cluster mode', () => {
  it('runs the cluster form of every migration and records each with its single-node checksum in a table replicated to every node', async () => {
    const client = new RecordingClusterClient();
    const migrations = await loadClickHouseMigrations(MIGRATIONS_DIR);
    const result = await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    expect(result.applied).toHaveLength(migrations.length);
    const sql = client.commands.map((c) => c.sql);
    expect(sql[0]).toMatch(/^CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER '\{cluster\}' \(/);
    expect(sql[0]).toContain("ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', applied_at)");
    expect(sql).toContain(
      "CREATE TABLE IF NOT EXISTS fact_vehicle_sales ON CLUSTER '{cluster}' AS fact_vehicle_sales_local\nENGINE = Distributed('{cluster}', 'kpi', 'fact_vehicle_sales_local', cityHash64(branch_id))",
    );
    const records = client.commands.filter((c) => c.sql.includes('INSERT INTO schema_migrations'));
    expect(records.map((r) => r.params?.checksum)).toEqual(migrations.map((m) => m.checksum));
    expect(sql.filter((s) => /^CREATE TABLE IF NOT EXISTS fact_vehicle_sales\b/.test(s) && !s.includes('Distributed'))).toEqual([]);
  });
});

describe('the cluster form of every migration', () => {
  let migrations: Awaited<ReturnType<typeof loadClickHouseMigrations>>;
  let cluster: string[][];

  beforeAll(async () => {
    migrations = await loadClickHouseMigrations(MIGRATIONS_DIR);
    cluster = clusterMigrationStatements(migrations, options);
  });

  it('shards every fact table and the KPI month roll-up by branch, and replicates the rest to every node', () => {
    const all = cluster.flat();
    const distributed = all.flatMap(
      (s) => /^CREATE TABLE IF NOT EXISTS (\w+) ON CLUSTER '\{cluster\}' AS (\w+)_local\nENGINE = Distributed/.exec(s)?.[1] ?? [],
    );
    const facts = migrations.flatMap((m) => m.statements).flatMap((s) => /^CREATE TABLE IF NOT EXISTS (fact_\w+)/.exec(s.sql)?.[1] ?? []);
    expect(facts.length).toBeGreaterThan(10);
    expect(distributed).toEqual(expect.arrayContaining([...facts, 'rollup_kpi_month']));
    expect(distributed.every((t) => /^(fact|rollup)_/.test(t))).toBe(true);
    // No MergeTree is left unreplicated, and no statement but an INSERT runs on one node only.
    expect(all.filter((s) => /ENGINE = (Replacing|Aggregating|Summing)?MergeTree/.test(s))).toEqual([]);
    expect(all.filter((s) => !/ON CLUSTER '\{cluster\}'/.test(s) && !s.startsWith('INSERT'))).toEqual([]);
    expect(all).toContain("DROP TABLE IF EXISTS rollup_daily_revenue_local ON CLUSTER '{cluster}' SYNC");
  });

  describe('parsed by the embedded engine (formatQuery)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kpi-cluster-ddl-'));
    let client: EmbeddedClickHouseClient;

    beforeAll(async () => {
      client = await EmbeddedClickHouseClient.open({ dataDir, database: 'cluster_ddl_spec' });
    });

    afterAll(async () => {
      await client?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('parses every generated statement', async () => {
      const failures: string[] = [];
      let parsed = 0;
      const bookkeeping = new RecordingClusterClient();
      await appliedClickHouseMigrations(bookkeeping);
      await client.query('SELECT formatQuery({sql:String}) AS f', { sql: bookkeeping.commands[0]!.sql });
      for (const [i, statements] of cluster.entries()) {
        for (const sql of statements) {
          try {
            await client.query('SELECT formatQuery({sql:String}) AS f', { sql });
            parsed++;
          } catch (error) {
            failures.push(`${migrations[i]?.fileName}: ${(error as Error).message.slice(0, 300)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(parsed).toBeGreaterThan(50);
    });

    it('derives and parses the cluster form of the BI views of deploy/clickhouse/bi-views.sql (a database and qualified views)', async () => {
      const text = readFileSync(join(__dirname, '..', '..', '..', 'deploy', 'clickhouse', 'bi-views.sql'), 'utf8');
      const transformer = new ClusterSchemaTransformer(options);
      const statements = splitSqlStatements(text, { requireSeparatorAtLineEnd: true }).flatMap((s) => transformer.transform(s.sql));
      expect(statements[0]).toMatch(/^CREATE DATABASE IF NOT EXISTS bi ON CLUSTER '\{cluster\}' COMMENT/);
      expect(statements.filter((s) => s.startsWith("CREATE OR REPLACE VIEW bi.vehicle_sales ON CLUSTER '{cluster}'"))).toHaveLength(1);
      for (const sql of statements) await client.query('SELECT formatQuery({sql:String}) AS f', { sql });
    });

    it('cannot run them: the embedded engine has no cluster and no Keeper', async () => {
      await expect(client.command(cluster[0]![0]!)).rejects.toThrow();
    });
  });
});
