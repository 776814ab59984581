import { ClickHouseClient } from '@app/clickhouse';

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
  const rows = await client.query<{ name: string }>(
    `SELECT name FROM system.tables WHERE database = {db:String} AND name IN {names:Array(String)}`,
    { db: client.database, names: [...tables] },
  );
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

/** Drops a stale shadow and creates an empty one with the live table's columns, engine, partition and sort key. */
export async function createShadowTable(client: ClickHouseClient, table: string): Promise<string> {
  const shadow = shadowTableName(table);
  await dropShadowTable(client, table);
  await client.command(`CREATE TABLE ${q(shadow)} AS ${q(table)}`);
  return shadow;
}

export async function dropShadowTable(client: ClickHouseClient, table: string): Promise<void> {
  await client.command(`DROP TABLE IF EXISTS ${q(shadowTableName(table))} SYNC`);
}

/** Atomically swaps the live table and its shadow (Atomic database engine): readers see one or the other. */
export async function exchangeWithShadow(client: ClickHouseClient, table: string): Promise<void> {
  await client.command(`EXCHANGE TABLES ${q(table)} AND ${q(shadowTableName(table))}`);
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
