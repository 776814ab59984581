import { mkdirSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChdbResult, Session } from 'chdb';
import { ClickHouseClientError, ClickHouseClosedError, ClickHouseQueryError, EmbeddedDataDirConflictError } from './clickhouse.errors';
import {
  assertDatabaseName,
  checkSettings,
  errorTypeFromMessage,
  insertSettings,
  normalizeQueryParams,
  OUTPUT_SETTINGS,
  parseJsonEachRow,
  qualifyTable,
  quoteIdentifier,
  redactParamValues,
  setStatement,
  sqlSnippet,
  stringifyJsonRow,
  type BoundParamValue,
} from './clickhouse.internal';
import type { ClickHouseClient, ClickHouseSettings, InsertOptions, QueryParams } from './clickhouse.port';
import { assertSingleStatement, inlineQueryParams } from './sql-statements';

type Chdb = typeof import('chdb');

export interface EmbeddedClickHouseOptions {
  /** The engine's data directory; created if missing. One per process (a chdb limit). */
  readonly dataDir: string;
  /** Database for unqualified table names; created if missing. */
  readonly database: string;
  /**
   * Connections the process's engine may open to the data directory (default
   * {@link DEFAULT_EMBEDDED_CONNECTIONS}): queries on different connections run side by side, so a
   * long statement does not hold up the others. The largest number asked for wins.
   */
  readonly connections?: number;
}

/** Connections of the embedded engine unless configured (CLICKHOUSE_EMBEDDED_CONNECTIONS). */
export const DEFAULT_EMBEDDED_CONNECTIONS = 3;

/** Engine-level settings every embedded connection starts with (see {@link OUTPUT_SETTINGS}). */
const CONNECTION_ARGS: readonly string[] = [
  ...Object.entries(OUTPUT_SETTINGS).map(([name, value]) => `--${name}=${value}`),
  // Parameters are inlined into the statement (see run()): room for long arrays of values.
  '--max_query_size=16777216',
];

// ---------------------------------------------------------------------------------------------
// Process-level registry. chdb binds ONE data directory per process: the same directory may be
// opened any number of times (each client shares the one engine), a different one only after
// every client of the current one has closed.
//
// A chdb connection runs one call at a time, but connections to the same directory run side by
// side (each call on a libuv thread). The engine therefore keeps a small pool: a call takes the
// least busy connection, and a new one is opened while every open one is busy and the pool is not
// full. Without it a long statement (a roll-up recompute, a report) held up every insert and page
// query of the process behind it.

interface PooledConnection {
  readonly session: Session;
  busy: number;
}

interface EngineEntry {
  readonly chdb: Chdb;
  readonly dataDir: string;
  readonly pool: PooledConnection[];
  maxConnections: number;
  refs: number;
}

let current: EngineEntry | undefined;
let chdbModule: Promise<Chdb> | undefined;

function loadChdb(): Promise<Chdb> {
  // Lazy: the engine is a ~500 MB shared library the server driver never needs.
  chdbModule ??= import('chdb');
  return chdbModule;
}

function normalizeDataDir(dataDir: string): string {
  const absolute = resolve(dataDir);
  mkdirSync(absolute, { recursive: true });
  return realpathSync(absolute);
}

function openConnection(chdb: Chdb, dir: string): Session {
  try {
    return new chdb.Session(dir, { connectionArgs: CONNECTION_ARGS });
  } catch (error) {
    throw new ClickHouseClientError(
      `cannot open the embedded ClickHouse engine at ${dir}: ${errorMessage(error)}` +
        ' (another chdb Session or the chdb default connection may already hold a different directory in this process)',
      { cause: error },
    );
  }
}

/** The least busy connection of the pool, opening another while all are busy and there is room. */
function pickConnection(entry: EngineEntry): PooledConnection {
  let best = entry.pool[0] as PooledConnection;
  for (const connection of entry.pool) if (connection.busy < best.busy) best = connection;
  if (best.busy > 0 && entry.pool.length < entry.maxConnections) {
    best = { session: openConnection(entry.chdb, entry.dataDir), busy: 0 };
    entry.pool.push(best);
  }
  return best;
}

function assertConnections(connections: number): number {
  if (!Number.isInteger(connections) || connections < 1 || connections > 64) {
    throw new ClickHouseClientError(`the embedded engine's connections must be a whole number from 1 to 64, got ${connections}`);
  }
  return connections;
}

/** A counted reference to the process's embedded engine. */
export interface EmbeddedEngineLease {
  readonly chdb: Chdb;
  readonly dataDir: string;
  /** The engine's first connection (the same object for every lease of that directory). */
  readonly session: Session;
  /** Connections open now (at most the pool's size). */
  readonly connections: number;
  /** Runs `call` on the least busy connection of the pool. */
  withConnection<T>(call: (session: Session) => Promise<T>): Promise<T>;
  /** Gives the reference back; the last one closes every connection. Idempotent. */
  release(): Promise<void>;
}

/**
 * Returns the process's engine for `dataDir`, opening it on first use. The same directory yields
 * the same engine; a different directory while one is open throws {@link EmbeddedDataDirConflictError}.
 * `connections` bounds the pool of connections (the largest number asked for wins).
 */
export async function acquireEmbeddedEngine(dataDir: string, connections = DEFAULT_EMBEDDED_CONNECTIONS): Promise<EmbeddedEngineLease> {
  assertConnections(connections);
  const chdb = await loadChdb();
  const dir = normalizeDataDir(dataDir);
  // From here on everything is synchronous, so two concurrent acquires cannot both open.
  if (current && current.dataDir !== dir) {
    throw new EmbeddedDataDirConflictError(
      `the embedded ClickHouse engine of this process already uses the data directory ${current.dataDir} ` +
        `(${current.refs} open client(s)); chdb allows one data directory per process, so ${dir} cannot be opened ` +
        `until those clients are closed. Use the same CLICKHOUSE_DATA_DIR everywhere in the process, ` +
        `and a separate database (not a separate directory) to isolate data.`,
    );
  }
  if (!current) {
    current = { chdb, dataDir: dir, pool: [{ session: openConnection(chdb, dir), busy: 0 }], maxConnections: connections, refs: 0 };
  }
  const entry = current;
  entry.maxConnections = Math.max(entry.maxConnections, connections);
  entry.refs++;
  let released = false;
  return {
    chdb,
    dataDir: dir,
    session: (entry.pool[0] as PooledConnection).session,
    get connections() {
      return entry.pool.length;
    },
    withConnection: async <T>(call: (session: Session) => Promise<T>): Promise<T> => {
      const connection = pickConnection(entry);
      connection.busy++;
      try {
        return await call(connection.session);
      } finally {
        connection.busy--;
      }
    },
    release: async () => {
      if (released) return;
      released = true;
      entry.refs--;
      if (entry.refs > 0) return;
      if (current === entry) current = undefined;
      for (const connection of entry.pool) connection.session.close();
      // close() defers the native teardown while operations are in flight; wait so another data
      // directory can be opened as soon as this resolves.
      await chdb.drainPending();
    },
  };
}

/** The data directory the process's embedded engine currently uses, if any (diagnostics / tests). */
export function currentEmbeddedDataDir(): string | undefined {
  return current?.dataDir;
}

// ---------------------------------------------------------------------------------------------

/**
 * The embedded driver: ClickHouse running inside this process (chdb), persisting to a data
 * directory. Only the async chdb APIs are used, so the event loop never blocks on a query.
 *
 * Every statement runs as `USE <database>; <statement>` on one of the engine's pooled connections
 * (a connection runs one call at a time, so this is atomic), so several clients with different
 * databases can share the engine, and no state is kept on a connection from one call to the next. Calls with per-call settings run on a short-lived extra connection to the same
 * directory so the settings cannot leak into other calls.
 */
export class EmbeddedClickHouseClient implements ClickHouseClient {
  readonly driver = 'embedded' as const;
  private closed = false;

  private constructor(
    private readonly engine: EmbeddedEngineLease,
    readonly database: string,
  ) {}

  /** The absolute data directory of the engine. */
  get dataDir(): string {
    return this.engine.dataDir;
  }

  static async open(options: EmbeddedClickHouseOptions): Promise<EmbeddedClickHouseClient> {
    const database = assertDatabaseName(options.database);
    const engine = await acquireEmbeddedEngine(options.dataDir, options.connections);
    const client = new EmbeddedClickHouseClient(engine, database);
    try {
      await client.run(engine.session, `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`, undefined, 'system');
    } catch (error) {
      await engine.release();
      throw error;
    }
    return client;
  }

  async query<T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<T[]> {
    const result = await this.execute(sql, params, settings);
    return parseJsonEachRow<T>(result.text());
  }

  async command(sql: string, params?: QueryParams, settings?: ClickHouseSettings): Promise<void> {
    await this.execute(sql, params, settings);
  }

  async insert<T extends object>(table: string, rows: readonly T[], options?: InsertOptions): Promise<void> {
    this.assertOpen();
    const target = qualifyTable(table, this.database);
    const settings = insertSettings(options);
    if (rows.length === 0) return;
    const payload = Buffer.from(rows.map(stringifyJsonRow).join('\n') + '\n', 'utf8');
    try {
      await this.engine.withConnection((session) => session.insert({ table: target, values: payload, format: 'JSONEachRow', settings }));
    } catch (error) {
      throw this.queryError(error, `INSERT INTO ${target} FORMAT JSONEachRow`);
    }
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.engine.session.queryAsync('SELECT 1', { format: 'CSV' });
      return true;
    } catch {
      return false; // a dead engine is exactly what ping reports
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.engine.release();
  }

  private async execute(sql: string, params: QueryParams | undefined, settings: ClickHouseSettings | undefined): Promise<ChdbResult> {
    this.assertOpen();
    assertSingleStatement(sql);
    const bound = normalizeQueryParams(params);
    const checked = checkSettings(settings);
    if (!checked) return this.engine.withConnection((session) => this.run(session, sql, bound, this.database));
    // Settings are connection state in chdb; give them a connection of their own.
    const scratch = new this.engine.chdb.Session(this.engine.dataDir, { connectionArgs: CONNECTION_ARGS });
    try {
      return await this.run(scratch, sql, bound, this.database, setStatement(checked));
    } finally {
      scratch.close();
    }
  }

  private async run(
    session: Session,
    sql: string,
    params: Record<string, BoundParamValue> | undefined,
    database: string,
    prelude?: string,
  ): Promise<ChdbResult> {
    // Parameters inlined as typed constants: chdb binds parameters one query at a time for the
    // whole process (its guard against a race in libchdb), which would undo the pool (ADR 15).
    const statement = params ? inlineQueryParams(sql, params) : sql;
    const text = `USE ${quoteIdentifier(database)};\n${prelude ? `${prelude};\n` : ''}${statement}`;
    try {
      return await session.queryAsync(text, { format: 'JSONEachRow' });
    } catch (error) {
      throw this.queryError(error, sql, params);
    }
  }

  /**
   * The engine's error without any parameter value: the message quotes the statement as it ran,
   * with the values inlined, so it is redacted; the raw error is not kept as the cause (a log of
   * the error with its cause would print it).
   */
  private queryError(error: unknown, sql: string, params?: Record<string, BoundParamValue>): ClickHouseQueryError {
    const raw = errorMessage(error);
    const message = redactParamValues(raw, params);
    const code = (error as { clickhouseCode?: unknown } | null)?.clickhouseCode;
    return new ClickHouseQueryError(`${message}\n  in: ${sqlSnippet(sql)}`, {
      driver: 'embedded',
      clickhouseCode: typeof code === 'number' ? code : undefined,
      type: errorTypeFromMessage(raw),
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new ClickHouseClosedError(`the embedded ClickHouse client (${this.dataDir}, database ${this.database}) is closed`);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
