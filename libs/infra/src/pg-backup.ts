import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { redactUrl } from './redact';

/**
 * Backup and restore of the platform's Postgres database, the source of truth (docs/operations.md,
 * "Backup and restore"): `pg_dump --format=custom` of the whole database (event store, checkpoints,
 * idempotency keys, users and sessions, dead letters) and `pg_restore` into an empty database.
 * ClickHouse is not backed up: it is rebuilt from the restored store (`npm run rebuild`).
 *
 * The password never goes on a command line (other users could read it in `ps`): it is passed in
 * `PGPASSWORD`, and messages show URLs redacted.
 */

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The restore target holds tables already and `force` was not given. */
export class RestoreRefusedError extends BackupError {}

export interface PgTools {
  /** Default `$PG_DUMP`, else `pg_dump` on the PATH. */
  readonly pgDump?: string;
  /** Default `$PG_RESTORE`, else `pg_restore` on the PATH. */
  readonly pgRestore?: string;
}

/** What a dump or a restore holds: the event store's size and its last position. */
export interface EventStoreSummary {
  /** Rows of the events table (0 when the database has none). */
  readonly events: number;
  /** The highest global position ('0' when empty). */
  readonly lastPosition: string;
}

export interface BackupResult extends EventStoreSummary {
  readonly file: string;
  readonly bytes: number;
  readonly seconds: number;
  readonly serverVersion: string;
}

export interface RestoreOptions extends PgTools {
  /**
   * Restore over a database that already holds tables: the objects the dump holds are dropped and
   * recreated from it (`--clean --if-exists`); objects the dump does not hold are left alone.
   */
  readonly force?: boolean;
  /** Create the target database when it does not exist. */
  readonly create?: boolean;
}

export interface RestoreResult extends EventStoreSummary {
  readonly seconds: number;
  /** Tables the target held before (dropped with `force`). */
  readonly replacedTables: number;
}

/**
 * Dumps the database at `url` into `file` (custom format, compressed, restorable with pg_restore
 * in parallel and selectively). pg_dump reads one consistent snapshot: the platform may keep
 * running. The dump is written beside the target and renamed at the end, so `file` is either
 * complete or absent, and mode 0600 (it holds password hashes and sessions). Refuses a pg_dump
 * older than the server (it cannot dump newer servers).
 */
export async function backupDatabase(url: string, file: string, tools: PgTools = {}): Promise<BackupResult> {
  const started = performance.now();
  const pgDump = tools.pgDump ?? process.env.PG_DUMP ?? 'pg_dump';
  const { serverVersion, serverMajor, summary } = await withClient(url, async (client) => {
    const { rows } = await client.query<{ num: string; text: string }>(
      "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS text",
    );
    return { serverVersion: rows[0]?.text ?? '?', serverMajor: Math.floor(Number(rows[0]?.num) / 10000), summary: await eventStoreSummary(client) };
  });
  const toolMajor = await toolMajorVersion(pgDump);
  if (toolMajor < serverMajor) {
    throw new BackupError(
      `${pgDump} is version ${toolMajor}, older than the server (${serverVersion}): use the pg_dump of PostgreSQL ${serverMajor} or later (set PG_DUMP)`,
    );
  }
  // The dump holds password hashes and sessions: readable by its owner only (0600, in a 0700
  // directory when it creates one), whatever the umask. pg_dump writes into the file created here.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    closeSync(openSync(partial, 'wx', 0o600));
    chmodSync(partial, 0o600);
    await run(pgDump, ['--format=custom', '--compress=6', `--file=${partial}`, `--dbname=${withoutPassword(url)}`], url);
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { file, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000, serverVersion, ...summary };
}

/**
 * Restores a dump made by {@link backupDatabase} into the database at `url`, in one transaction
 * (`--single-transaction --exit-on-error`: a failed restore leaves the target as it was). Objects
 * are owned by the restoring user (`--no-owner --no-acl`). Refuses a database that already holds
 * tables unless `force` (then the dump's objects are dropped and recreated); creates a missing database with `create`.
 */
export async function restoreDatabase(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const started = performance.now();
  const pgRestore = options.pgRestore ?? process.env.PG_RESTORE ?? 'pg_restore';
  if (!existsSync(file)) throw new BackupError(`no dump at ${file}`);
  const database = databaseOf(url);
  if (!(await databaseExists(url, database))) {
    if (!options.create) throw new BackupError(`database ${database} does not exist on ${redactUrl(url)}: create it, or pass --create`);
    await withClient(maintenanceUrl(url), (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  }
  const replacedTables = await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`,
    );
    return Number(rows[0]?.n ?? 0);
  });
  if (replacedTables > 0 && !options.force) {
    throw new RestoreRefusedError(
      `database ${database} on ${redactUrl(url)} is not empty (${replacedTables} table(s)): restore into an empty database, ` +
        'or pass --force to drop the objects the dump holds and recreate them from it',
    );
  }
  const args = [
    '--exit-on-error',
    '--single-transaction',
    '--no-owner',
    '--no-acl',
    ...(replacedTables > 0 ? ['--clean', '--if-exists'] : []),
    `--dbname=${withoutPassword(url)}`,
    file,
  ];
  await run(pgRestore, args, url);
  const summary = await withClient(url, eventStoreSummary);
  return { ...summary, replacedTables, seconds: (performance.now() - started) / 1000 };
}

/** Events and the last position of the database at `url`. */
export function summarizeEventStore(url: string): Promise<EventStoreSummary> {
  return withClient(url, eventStoreSummary);
}

async function eventStoreSummary(client: Client): Promise<EventStoreSummary> {
  const { rows: found } = await client.query<{ t: string | null }>("SELECT to_regclass('public.events')::text AS t");
  if (!found[0]?.t) return { events: 0, lastPosition: '0' };
  const { rows } = await client.query<{ n: string; last: string | null }>('SELECT count(*) AS n, max(global_position)::text AS last FROM events');
  return { events: Number(rows[0]?.n ?? 0), lastPosition: rows[0]?.last ?? '0' };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new BackupError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function databaseExists(url: string, database: string): Promise<boolean> {
  return withClient(maintenanceUrl(url), async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount !== 0);
}

function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (name === '') throw new BackupError(`no database in ${redactUrl(url)}`);
  return name;
}

/** The same server's `postgres` database. */
function maintenanceUrl(url: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/postgres';
  return parsed.toString();
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function toolMajorVersion(tool: string): Promise<number> {
  const out = await run(tool, ['--version']);
  const major = Number(/\b(\d+)(?:\.\d+)?/.exec(out)?.[1]);
  if (!Number.isInteger(major)) throw new BackupError(`cannot read the version of ${tool}: ${out.trim()}`);
  return major;
}

/** Runs a PostgreSQL client tool with the URL's password in PGPASSWORD; throws with its stderr on failure. */
function run(tool: string, args: readonly string[], url?: string): Promise<string> {
  const password = url === undefined ? '' : decodeURIComponent(new URL(url).password);
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) =>
      reject(new BackupError(`cannot run ${tool}: ${error.message} (install the PostgreSQL client tools, or set PG_DUMP / PG_RESTORE)`, { cause: error })),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new BackupError(`${tool} failed (exit ${code}): ${redactText(stderr.trim().split('\n').slice(-5).join(' | '), url)}`));
    });
  });
}

function redactText(text: string, url: string | undefined): string {
  if (url === undefined) return text;
  const password = decodeURIComponent(new URL(url).password);
  return password ? text.split(password).join('***') : text;
}
