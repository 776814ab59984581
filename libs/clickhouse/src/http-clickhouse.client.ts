import {
  ClickHouseError,
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient as OfficialClient,
  type ErrorLogParams,
  type Logger as OfficialLogger,
  type LogParams,
  type WarnLogParams,
} from '@clickhouse/client';
import { Logger } from '@nestjs/common';
import { ClickHouseClosedError, ClickHouseQueryError } from './clickhouse.errors';
import {
  assertDatabaseName,
  checkSettings,
  errorTypeFromMessage,
  insertSettings,
  normalizeQueryParams,
  OUTPUT_SETTINGS,
  qualifyTable,
  quoteIdentifier,
  redactEngineMessage,
  redactParamValues,
  sqlSnippet,
  stringifyJsonRow,
  type BoundParamValue,
} from './clickhouse.internal';
import type { ClickHouseClient, ClickHouseSettings, InsertOptions, QueryParams } from './clickhouse.port';
import { assertSingleStatement } from './sql-statements';
import { assertClusterName, sqlString } from './cluster-ddl';

export interface HttpClickHouseOptions {
  /** e.g. `http://localhost:8123` (credentials belong in username/password). */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Database for unqualified table names. */
  readonly database: string;
  /** Per-request timeout, default 300 000 ms. */
  readonly requestTimeoutMs?: number;
  /**
   * Create the database when it is missing (checked via `system.databases` first, so a user
   * without CREATE DATABASE works against an existing one). Default true.
   */
  readonly ensureDatabase?: boolean;
  /** Sent as the HTTP user agent / `client_name`. */
  readonly application?: string;
  /**
   * The cluster the schema lives on (docs/adr/0022-clickhouse-cluster.md): the database is
   * created `ON CLUSTER`, and every request runs with {@link CLUSTER_SETTINGS}.
   */
  readonly cluster?: string;
}

/**
 * Settings of every request in cluster mode: an insert into a Distributed table returns once
 * every shard has its rows (the projector commits offsets after that, and a read right after sees
 * them), and a sub-query or JOIN over a Distributed table inside a distributed query reads the
 * shard's local table, which is complete because every table joined per branch is sharded by branch.
 */
export const CLUSTER_SETTINGS = { distributed_foreground_insert: 1, distributed_product_mode: 'local' } as const;

/** The server driver: the official `@clickhouse/client` over HTTP(S). */
export class HttpClickHouseClient implements ClickHouseClient {
  readonly driver = 'server' as const;
  private closed = false;

  private constructor(
    private readonly client: OfficialClient,
    readonly database: string,
    readonly cluster?: string,
  ) {}

  static async open(options: HttpClickHouseOptions): Promise<HttpClickHouseClient> {
    const database = assertDatabaseName(options.database);
    if (options.cluster !== undefined) assertClusterName(options.cluster);
    if (options.ensureDatabase ?? true) await ensureDatabase(options, database);
    const client = createOfficialClient(options, database);
    return new HttpClickHouseClient(client, database, options.cluster);
  }

  async query<T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<T[]> {
    this.assertOpen();
    assertSingleStatement(sql);
    const query_params = normalizeQueryParams(params);
    const clickhouse_settings = checkSettings(settings);
    try {
      const resultSet = await this.client.query({ query: sql, format: 'JSONEachRow', query_params, clickhouse_settings });
      return await resultSet.json<T>();
    } catch (error) {
      throw toQueryError(error, sql, query_params);
    }
  }

  async command(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<void> {
    this.assertOpen();
    assertSingleStatement(sql);
    const query_params = normalizeQueryParams(params);
    // wait_end_of_query: the server answers after the statement finished, so a failure arrives as
    // an HTTP error instead of after a 200 header.
    const clickhouse_settings = { wait_end_of_query: 1 as const, ...checkSettings(settings) };
    try {
      await this.client.command({ query: sql, query_params, clickhouse_settings });
    } catch (error) {
      throw toQueryError(error, sql, query_params);
    }
  }

  async insert<T extends object>(table: string, rows: readonly T[], options?: InsertOptions): Promise<void> {
    this.assertOpen();
    const target = qualifyTable(table, this.database);
    const clickhouse_settings = insertSettings(options);
    if (rows.length === 0) return;
    try {
      await this.client.insert({ table: target, values: rows, format: 'JSONEachRow', clickhouse_settings });
    } catch (error) {
      throw toQueryError(error, `INSERT INTO ${target} FORMAT JSONEachRow`);
    }
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      const result = await this.client.ping({ select: true });
      return result.success;
    } catch {
      return false; // an unreachable server is exactly what ping reports
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClickHouseClosedError(`the ClickHouse server client (database ${this.database}) is closed`);
  }
}

/**
 * Routes the official client's own logging to Nest's Logger (it would use console otherwise).
 * Its request-error logs are warnings here: the same failure is thrown to the caller, who decides.
 * Only module, message and error message are logged – never the request arguments.
 */
class NestClickHouseLogger implements OfficialLogger {
  private readonly logger = new Logger('ClickHouseClient');

  trace(params: LogParams): void {
    this.logger.verbose(format(params));
  }
  debug(params: LogParams): void {
    this.logger.debug(format(params));
  }
  info(params: LogParams): void {
    this.logger.log(format(params));
  }
  warn(params: WarnLogParams): void {
    this.logger.warn(format(params));
  }
  error(params: ErrorLogParams): void {
    this.logger.warn(format(params));
  }
}

function format(params: LogParams & { err?: Error }): string {
  return `[${params.module}] ${params.message}${params.err ? `: ${redactEngineMessage(params.err.message)}` : ''}`;
}

function createOfficialClient(options: HttpClickHouseOptions, database: string | undefined): OfficialClient {
  return createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    database,
    application: options.application ?? 'dealer-kpi-platform',
    request_timeout: options.requestTimeoutMs,
    clickhouse_settings: { ...OUTPUT_SETTINGS, ...(options.cluster !== undefined ? CLUSTER_SETTINGS : {}) },
    // bigint → decimal string, Date → ISO-8601 (parsed with date_time_input_format=best_effort)
    json: { parse: JSON.parse, stringify: stringifyJsonRow },
    log: { LoggerClass: NestClickHouseLogger, level: ClickHouseLogLevel.WARN },
  });
}

async function ensureDatabase(options: HttpClickHouseOptions, database: string): Promise<void> {
  // No database on this connection: the target may not exist yet, and the server refuses a
  // request whose default database is missing.
  const bootstrap = createOfficialClient(options, undefined);
  try {
    const resultSet = await bootstrap.query({
      query: 'SELECT count() AS n FROM system.databases WHERE name = {database:String}',
      format: 'JSONEachRow',
      query_params: { database },
    });
    const [row] = await resultSet.json<{ n: string | number }>();
    if (Number(row?.n ?? 0) === 0) {
      await bootstrap.command({
        query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}${options.cluster !== undefined ? ` ON CLUSTER ${sqlString(options.cluster)}` : ''}`,
        clickhouse_settings: { wait_end_of_query: 1 },
      });
    }
  } catch (error) {
    throw toQueryError(error, `ensure database ${database}`);
  } finally {
    await bootstrap.close();
  }
}

/**
 * The server's error without any parameter value (the server quotes bound values it cannot parse,
 * and the statement): the message is redacted and the raw error is not kept as the cause.
 */
function toQueryError(error: unknown, sql: string, params?: Record<string, BoundParamValue>): Error {
  if (error instanceof ClickHouseQueryError || error instanceof ClickHouseClosedError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = redactParamValues(raw, params);
  if (error instanceof ClickHouseError) {
    const code = Number(error.code);
    return new ClickHouseQueryError(`${message}\n  in: ${sqlSnippet(sql)}`, {
      driver: 'server',
      clickhouseCode: Number.isFinite(code) ? code : undefined,
      type: error.type ?? errorTypeFromMessage(raw),
    });
  }
  // Transport failures (connection refused, timeout, TLS) – no ClickHouse code; the cause is kept
  // for its code (ECONNREFUSED…), its message redacted like the rest.
  return new ClickHouseQueryError(`ClickHouse server request failed: ${message}\n  in: ${sqlSnippet(sql)}`, {
    driver: 'server',
    cause: error instanceof Error ? Object.assign(new Error(message), { name: error.name, code: (error as { code?: unknown }).code }) : undefined,
  });
}
