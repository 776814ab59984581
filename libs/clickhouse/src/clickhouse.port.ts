/**
 * The one ClickHouse port of the platform. Two drivers implement it:
 *
 * - `server`   – {@link HttpClickHouseClient} over the official `@clickhouse/client` (HTTP);
 * - `embedded` – {@link EmbeddedClickHouseClient} over `chdb`, the in-process ClickHouse engine.
 *
 * Both drivers behave the same for everything this interface promises:
 *
 * - Query parameters are ALWAYS bound by the engine (`{name:Type}` placeholders in the SQL, values
 *   in `params`); they are never interpolated into the SQL text.
 * - Rows come back as JSON objects (`JSONEachRow`). Output settings are pinned on both drivers so
 *   that exact types stay exact:
 *     - `Int64`/`UInt64`/`Int128`/... come back as **strings** (e.g. `"9007199254740993"`);
 *     - `Decimal(P, S)` comes back as a **string** with its full scale (e.g. `"1234567890123.45"`,
 *       `"0.10"` for `Decimal(18,2)`), so money never passes through a JS float;
 *     - 8/16/32-bit integers and floats come back as JSON numbers, `Bool` as `true`/`false`,
 *       `DateTime`/`DateTime64` as `'YYYY-MM-DD hh:mm:ss[.fff]'` strings in the column's time zone
 *       (or the server's, if the column has none – declare `DateTime64(3, 'UTC')`).
 * - Inserts are `JSONEachRow`: pass decimals and 64-bit integers as strings (or `bigint`), `Date`
 *   objects are sent as ISO-8601 UTC and parsed with `date_time_input_format = 'best_effort'`.
 * - One statement per call (a trailing `;` is fine): both drivers refuse several statements with
 *   a ClickHouseArgumentError before sending (the server would refuse them, the embedded engine
 *   would not).
 */

/** A scalar value of a bound query parameter. */
export type QueryParamScalar = string | number | boolean | bigint | null | Date;

/**
 * Values for `{name:Type}` placeholders. The engine parses each value as the declared `Type`:
 *
 * - `string`  – any text; quotes, backslashes, `;`, `--` are data, never SQL. Use strings for
 *   `Decimal` (`{amount:Decimal(18,2)}` ← `'1234567890123.45'`), `Date` (`'2024-05-31'`), `UUID`.
 * - `number`  – must be finite; integers must be safe (|n| ≤ 2^53-1) – use `bigint` or a string
 *   beyond that.
 * - `bigint`  – exact 64/128-bit integers.
 * - `boolean` – sent as 1/0 (works for `Bool` and `UInt8`).
 * - `Date`    – sent as a time-zone-agnostic Unix timestamp with milliseconds (`DateTime`,
 *   `DateTime64`); for a `Date` column pass `'YYYY-MM-DD'` instead.
 * - `null`    – SQL NULL (the placeholder must be `Nullable(...)`).
 * - arrays    – `Array(String)` / `Array(<number type>)`, e.g. for `IN {ids:Array(String)}`.
 */
export type QueryParams = Readonly<Record<string, QueryParamScalar | ReadonlyArray<string | number>>>;

/** Per-call ClickHouse settings, e.g. `{ final: 1 }` or `{ max_execution_time: 30 }`. */
export type ClickHouseSettings = Readonly<Record<string, string | number | boolean>>;

export interface InsertOptions {
  /**
   * Makes a retried insert idempotent: the engine drops a block whose token it has already seen.
   * Needs `SETTINGS non_replicated_deduplication_window = N` on a non-replicated MergeTree table
   * (Replicated* tables deduplicate by default).
   */
  readonly deduplicationToken?: string;
  readonly settings?: ClickHouseSettings;
}

export type ClickHouseDriver = 'server' | 'embedded';

export interface ClickHouseClient {
  /** `server` (HTTP, `@clickhouse/client`) or `embedded` (in-process `chdb`). */
  readonly driver: ClickHouseDriver;
  /** The database unqualified table names resolve to. */
  readonly database: string;
  /**
   * The ClickHouse cluster the schema lives on (server driver with `CLICKHOUSE_CLUSTER`): DDL runs
   * `ON CLUSTER`, facts are Distributed over Replicated shard-local tables (docs/adr/0022).
   * Undefined on a single node and always on the embedded engine.
   */
  readonly cluster?: string;

  /**
   * Runs one statement that returns rows (SELECT, WITH, SHOW, DESCRIBE, ...) and returns them as
   * JSON objects. 64-bit integers and Decimals are strings (see the file comment); type `T`
   * accordingly, e.g. `{ branch_id: string; revenue: string; deals: string }` for
   * `String, Decimal(18,2), UInt64`.
   */
  query<T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<T[]>;

  /** Runs one statement without a result: DDL, `INSERT ... SELECT`, `OPTIMIZE`, `EXCHANGE TABLES`, ... */
  command(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<void>;

  /**
   * Inserts rows as `JSONEachRow`. `table` is `name` (in {@link database}) or `db.name`. Keys are
   * column names; omitted keys take the column default. An empty `rows` is a no-op.
   */
  insert<T extends object>(table: string, rows: readonly T[], options?: InsertOptions): Promise<void>;

  /** True when the engine answers; never throws. */
  ping(): Promise<boolean>;

  /** Releases the connection (embedded: the engine when the last client of the data dir closes). Idempotent. */
  close(): Promise<void>;
}
