import { ClickHouseClient, LOCAL_TABLE_SUFFIX, SHARDING_KEY } from '@app/clickhouse';
import { randomBytes } from 'node:crypto';

/** Suffix of the table a rebuild fills beside each live table: `fact_vehicle_sales__rebuild`. */
export const SHADOW_SUFFIX = '__rebuild';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The shadow table of `table`. Only plain, unqualified names are rebuilt (they live in the client's database). */
export function shadowTableName(table: string): string {
  assertPlainTableName(table);
  return `${table}${SHADOW_SUFFIX}`;
}

export function assertPlainTableName(table: string): void {
  if (!IDENTIFIER.test(table) || table.endsWith(SHADOW_SUFFIX)) {
    throw new RangeError(
      `cannot rebuild table ${JSON.stringify(table)}: a projection table must be a plain name ` +
        `(letters, digits, _; no database prefix) not ending in ${SHADOW_SUFFIX}`,
    );
  }
}

/** Identifiers were checked by {@link assertPlainTableName}; backquotes keep them identifiers. */
const q = (name: string): string => `\`${name}\``;

/** Tables of `tables` that do not exist in the client's database. */
export async function missingTables(client: ClickHouseClient, tables: readonly string[]): Promise<string[]> {
  const rows = await client.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}`, {
    db: client.database,
    names: [...tables],
  });
  const found = new Set(rows.map((r) => r.name));
  return tables.filter((t) => !found.has(t));
}

/**
 * Materialized views (not refreshable) that read from `tables`: they fire on inserts into the live
 * table only, so a rebuild does not refill what they write. Reported so an operator sees it.
 */
export async function insertTriggeredViewsOn(client: ClickHouseClient, tables: readonly string[]): Promise<string[]> {
  const sources = await client.query<{ dependents: string[] }>(
    `SELECT dependencies_table AS dependents FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}`,
    { db: client.database, names: [...tables] },
  );
  const dependents = [...new Set(sources.flatMap((r) => r.dependents))];
  if (dependents.length === 0) return [];
  const views = await client.query<{ name: string; create_table_query: string }>(
    `SELECT name, create_table_query FROM system.tables
      WHERE database = {db:String} AND engine = 'MaterializedView' AND name IN {names:Array(String)}
      ORDER BY name`,
    { db: client.database, names: dependents },
  );
  return views.filter((v) => !/\bREFRESH\b/i.test(v.create_table_query)).map((v) => v.name);
}

/** A string literal. */
const lit = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `ON CLUSTER '<cluster>'` on a cluster, nothing on a single node. */
const onCluster = (client: ClickHouseClient): string => (client.cluster === undefined ? '' : ` ON CLUSTER ${lit(client.cluster)}`);

/**
 * How a live table is laid out on a cluster (docs/adr/0022-clickhouse-cluster.md): `sharded` = a
 * Distributed table over `<table>_local` (Replicated, one ZooKeeper path per shard);
 * `replicated` = one Replicated table on every node.
 */
export type ClusterTableForm =
  { readonly kind: 'sharded'; readonly local: string; readonly localEngine: string } | { readonly kind: 'replicated'; readonly engine: string };

export async function clusterTableForm(client: ClickHouseClient, table: string): Promise<ClusterTableForm> {
  const local = `${table}${LOCAL_TABLE_SUFFIX}`;
  const rows = await client.query<{ name: string; engine: string; engine_full: string }>(
    `SELECT name, engine, engine_full FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}`,
    { db: client.database, names: [table, local] },
  );
  const live = rows.find((r) => r.name === table);
  const shard = rows.find((r) => r.name === local);
  if (live?.engine === 'Distributed' && shard?.engine.startsWith('Replicated')) return { kind: 'sharded', local, localEngine: shard.engine_full };
  if (live?.engine.startsWith('Replicated')) return { kind: 'replicated', engine: live.engine_full };
  throw new Error(
    `cannot rebuild ${table} on cluster ${client.cluster}: expected a Distributed table over a Replicated ${local} or a Replicated table, ` +
      `found ${live ? live.engine : 'nothing'}; was the schema migrated with CLICKHOUSE_CLUSTER set?`,
  );
}

/**
 * The engine of a live Replicated table with a ZooKeeper path of its own for its shadow: the
 * live path (any earlier `__rebuild_…` suffix removed) + `__rebuild_<random>`. A shadow cannot
 * share the live table's path (its replicas would join the live table's), and after EXCHANGE
 * the live table keeps the shadow's path: the next rebuild picks yet another one, and dropping
 * the old table (SYNC) removes its path.
 */
export function shadowEngine(engineFull: string): string {
  const match = /^(Replicated[A-Za-z]*MergeTree\(\s*)'((?:[^'\\]|\\.)*)'/.exec(engineFull);
  if (!match) throw new Error(`not a Replicated engine with a ZooKeeper path: ${engineFull.slice(0, 80)}`);
  const base = (match[2] ?? '').replace(/__rebuild_[a-z0-9]+$/, '');
  return `${match[1]}${lit(`${base}__rebuild_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`)}${engineFull.slice(match[0].length)}`;
}

/**
 * Drops a stale shadow and creates an empty one with the live table's columns, engine, partition
 * and sort key. On a cluster (`client.cluster`), `ON CLUSTER`: for a sharded table a Replicated
 * `<table>_local__rebuild` on every shard and a Distributed `<table>__rebuild` over it with the
 * same sharding key (what the rebuild inserts into); for a table on every node a Replicated
 * `<table>__rebuild`; each with a ZooKeeper path of its own ({@link shadowEngine}).
 */
export async function createShadowTable(client: ClickHouseClient, table: string): Promise<string> {
  const shadow = shadowTableName(table);
  await dropShadowTable(client, table);
  if (client.cluster === undefined) {
    await client.command(`CREATE TABLE ${q(shadow)} AS ${q(table)}`);
    return shadow;
  }
  const form = await clusterTableForm(client, table);
  if (form.kind === 'replicated') {
    await client.command(`CREATE TABLE ${q(shadow)}${onCluster(client)} AS ${q(table)} ENGINE = ${shadowEngine(form.engine)}`);
    return shadow;
  }
  const localShadow = shadowTableName(form.local);
  await client.command(`CREATE TABLE ${q(localShadow)}${onCluster(client)} AS ${q(form.local)} ENGINE = ${shadowEngine(form.localEngine)}`);
  await client.command(
    `CREATE TABLE ${q(shadow)}${onCluster(client)} AS ${q(table)} ENGINE = Distributed(${lit(client.cluster)}, ${lit(client.database)}, ${lit(localShadow)}, ${SHARDING_KEY})`,
  );
  return shadow;
}

export async function dropShadowTable(client: ClickHouseClient, table: string): Promise<void> {
  await client.command(`DROP TABLE IF EXISTS ${q(shadowTableName(table))}${onCluster(client)} SYNC`);
  if (client.cluster !== undefined) {
    await client.command(`DROP TABLE IF EXISTS ${q(shadowTableName(`${table}${LOCAL_TABLE_SUFFIX}`))}${onCluster(client)} SYNC`);
  }
}

/**
 * Atomically swaps the live table and its shadow (Atomic database engine): readers see one or the
 * other. On a cluster, `EXCHANGE … ON CLUSTER` on every node: for a sharded table the shard-local
 * tables are exchanged and the Distributed tables stay (they name their local table, so the live
 * Distributed table reads the new data at once; exchanging both pairs would cancel out). Nodes
 * execute it one after another within moments: a query in between may read new data on one shard
 * and old data on another, both complete projections of the same store.
 */
export async function exchangeWithShadow(client: ClickHouseClient, table: string): Promise<void> {
  if (client.cluster === undefined) {
    await client.command(`EXCHANGE TABLES ${q(table)} AND ${q(shadowTableName(table))}`);
    return;
  }
  const form = await clusterTableForm(client, table);
  const live = form.kind === 'sharded' ? form.local : table;
  await client.command(`EXCHANGE TABLES ${q(live)} AND ${q(shadowTableName(live))}${onCluster(client)}`);
}

/**
 * Rows of a live table that no event wrote: the migrations' seed rows (e.g. the default KPI
 * settings in org_kpi_settings), recognisable by `global_position = 0` since every stored event
 * has a position of 1 or more. A rebuild copies them into the shadow, as the store cannot
 * reproduce them. Tables without a `global_position` column have none.
 */
export async function copySeedRows(client: ClickHouseClient, table: string): Promise<number> {
  const columns = await client.query<{ name: string }>(
    `SELECT name FROM system.columns WHERE database = {db:String} AND table = {table:String} AND name = 'global_position'`,
    { db: client.database, table },
  );
  if (columns.length === 0) return 0;
  const [seeds] = await client.query<{ n: string }>(`SELECT count() AS n FROM ${q(table)} FINAL WHERE global_position = 0`);
  const count = Number(seeds?.n ?? 0);
  if (count > 0) {
    await client.command(`INSERT INTO ${q(shadowTableName(table))} SELECT * FROM ${q(table)} FINAL WHERE global_position = 0`);
  }
  return count;
}
