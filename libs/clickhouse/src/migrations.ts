import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { ClickHouseClientError } from './clickhouse.errors';
import type { ClickHouseClient } from './clickhouse.port';
import { splitSqlStatements, type SqlStatement } from './sql-statements';
import { clusterMigrationStatements, EVERYWHERE_ZK_PATH, REPLICA_NAME, sqlString } from './cluster-ddl';

import { MIGRATIONS_DIR } from './clickhouse.paths';

export { MIGRATIONS_DIR };

/** The table (in the client's database) recording applied migrations. */
export const SCHEMA_MIGRATIONS_TABLE = 'schema_migrations';

const FILE_NAME = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_-]*)\.sql$/;
const MAX_VERSION = 0xffff_ffff; // UInt32

export interface ClickHouseMigration {
  readonly version: number;
  /** The part after `NNNN_`, without `.sql`. */
  readonly name: string;
  readonly fileName: string;
  readonly path: string;
  /** sha256 (hex) of the file with line endings normalized to `\n`. */
  readonly checksum: string;
  readonly statements: readonly SqlStatement[];
}

export interface AppliedClickHouseMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  /** `YYYY-MM-DD hh:mm:ss.fff`, UTC. */
  readonly appliedAt: string;
}

/** The part of a Nest `Logger` the runner uses. */
export interface MigrationLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RunClickHouseMigrationsOptions {
  /** Default: a Nest `Logger` with context `ClickHouseMigrations`. */
  readonly logger?: MigrationLogger;
  /**
   * Run the cluster form of every migration on this cluster (libs/clickhouse/src/cluster-ddl.ts,
   * docs/adr/0022-clickhouse-cluster.md); default the client's cluster (`CLICKHOUSE_CLUSTER`),
   * none on a single node.
   */
  readonly cluster?: string;
}

export interface ClickHouseMigrationResult {
  /** Migrations applied by this run, in order. */
  readonly applied: readonly ClickHouseMigration[];
  /** How many migration files were already applied before this run. */
  readonly alreadyApplied: number;
}

/** A migration directory, file or statement that cannot be applied; nothing after it was applied. */
export class ClickHouseMigrationError extends ClickHouseClientError {}

/**
 * Reads `NNNN_name.sql` files of `dir` in numeric order. Other files (`.gitkeep`, README) are
 * ignored; a `.sql` file not following the pattern and duplicate versions are errors.
 */
export async function loadClickHouseMigrations(dir: string): Promise<ClickHouseMigration[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new ClickHouseMigrationError(`cannot read the ClickHouse migrations directory ${dir}: ${errorMessage(error)}`, { cause: error });
  }
  const migrations: ClickHouseMigration[] = [];
  const byVersion = new Map<number, string>();
  for (const fileName of entries.sort()) {
    if (!fileName.toLowerCase().endsWith('.sql')) continue;
    const match = FILE_NAME.exec(fileName);
    const versionText = match?.[1];
    const name = match?.[2];
    if (versionText === undefined || name === undefined) {
      throw new ClickHouseMigrationError(
        `migration file name ${JSON.stringify(fileName)} in ${dir} does not match NNNN_name.sql (name: letters, digits, _ and -)`,
      );
    }
    const version = Number(versionText);
    if (!Number.isSafeInteger(version) || version > MAX_VERSION) {
      throw new ClickHouseMigrationError(`migration ${fileName}: version ${versionText} does not fit UInt32`);
    }
    const clash = byVersion.get(version);
    if (clash !== undefined) throw new ClickHouseMigrationError(`migrations ${clash} and ${fileName} share version ${version}`);
    byVersion.set(version, fileName);

    const path = join(dir, fileName);
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    let statements: SqlStatement[];
    try {
      statements = splitSqlStatements(text, { requireSeparatorAtLineEnd: true });
    } catch (error) {
      throw new ClickHouseMigrationError(`migration ${fileName}: ${errorMessage(error)}`, { cause: error });
    }
    if (statements.length === 0) throw new ClickHouseMigrationError(`migration ${fileName} holds no SQL statement`);
    const checksum = createHash('sha256').update(text, 'utf8').digest('hex');
    migrations.push({ version, name, fileName, path, checksum, statements });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/**
 * The migrations recorded in `schema_migrations` of the client's database (creating the table if
 * needed; on a cluster, replicated to every node). The checksum recorded is the single-node file's
 * in both forms: the cluster form is derived from it.
 */
export async function appliedClickHouseMigrations(
  client: ClickHouseClient,
  cluster: string | undefined = client.cluster,
): Promise<AppliedClickHouseMigration[]> {
  const engine =
    cluster === undefined
      ? 'ReplacingMergeTree(applied_at)'
      : `ReplicatedReplacingMergeTree(${sqlString(EVERYWHERE_ZK_PATH)}, ${sqlString(REPLICA_NAME)}, applied_at)`;
  await client.command(
    `CREATE TABLE IF NOT EXISTS ${SCHEMA_MIGRATIONS_TABLE}${cluster === undefined ? '' : ` ON CLUSTER ${sqlString(cluster)}`} (
       version UInt32,
       name String,
       checksum String,
       applied_at DateTime64(3, 'UTC')
     ) ENGINE = ${engine} ORDER BY version`,
  );
  const rows = await client.query<{ version: number; name: string; checksum: string; applied_at: string }>(
    `SELECT version, name, checksum, applied_at FROM ${SCHEMA_MIGRATIONS_TABLE} FINAL ORDER BY version`,
  );
  return rows.map((row) => ({ version: Number(row.version), name: row.name, checksum: row.checksum, appliedAt: row.applied_at }));
}

const running = new WeakMap<ClickHouseClient, Promise<ClickHouseMigrationResult>>();

/**
 * Applies the migrations of `dir` (default {@link MIGRATIONS_DIR}) that `schema_migrations` (in
 * the client's database) does not record yet, in version order, one statement at a time,
 * recording each migration after all its statements succeeded. Statements use unqualified table names: they run in the client's database.
 *
 * Fails – before applying anything – when an applied migration's file changed (checksum), since
 * published migrations are never edited: add a new migration instead. ClickHouse DDL is not
 * transactional: if statement k of a migration fails, statements 1..k-1 stay applied and the
 * migration stays unrecorded, so write statements that can run again (`IF NOT EXISTS`, ...).
 *
 * Runs of the same client are serialized; run migrations from one process (deploy step or
 * service start), not from several replicas at once.
 */
export function runClickHouseMigrations(
  client: ClickHouseClient,
  dir: string = MIGRATIONS_DIR,
  options: RunClickHouseMigrationsOptions = {},
): Promise<ClickHouseMigrationResult> {
  const previous = running.get(client) ?? Promise.resolve<ClickHouseMigrationResult | undefined>(undefined);
  const run = previous.then(
    () => migrate(client, dir, options.logger ?? new Logger('ClickHouseMigrations'), options.cluster ?? client.cluster),
    () => migrate(client, dir, options.logger ?? new Logger('ClickHouseMigrations'), options.cluster ?? client.cluster),
  );
  running.set(client, run);
  return run;
}

async function migrate(client: ClickHouseClient, dir: string, logger: MigrationLogger, cluster: string | undefined): Promise<ClickHouseMigrationResult> {
  const migrations = await loadClickHouseMigrations(dir);
  // The cluster form of every migration, derived before anything runs: a migration without one stops the run here.
  const clusterForm = cluster === undefined ? undefined : clusterMigrationStatements(migrations, { cluster, database: client.database });
  const statementsOf = (m: ClickHouseMigration): readonly { sql: string; line: number }[] =>
    clusterForm === undefined ? m.statements : (clusterForm[migrations.indexOf(m)] ?? []).map((sql) => ({ sql, line: 0 }));
  const applied = await appliedClickHouseMigrations(client, cluster);
  const appliedByVersion = new Map(applied.map((m) => [m.version, m]));

  const changed = migrations.filter((m) => {
    const record = appliedByVersion.get(m.version);
    return record !== undefined && record.checksum !== m.checksum;
  });
  if (changed.length > 0) {
    const list = changed
      .map(
        (m) =>
          `${m.fileName} (applied ${appliedByVersion.get(m.version)?.appliedAt} with checksum ${appliedByVersion.get(m.version)?.checksum.slice(0, 12)}…, file now ${m.checksum.slice(0, 12)}…)`,
      )
      .join('; ');
    throw new ClickHouseMigrationError(
      `applied ClickHouse migration(s) were edited after being applied in database ${client.database}: ${list}. ` +
        'Published migrations must not change – restore the file and add a new migration instead.',
    );
  }
  for (const m of migrations) {
    const record = appliedByVersion.get(m.version);
    if (record && record.name !== m.name) {
      logger.warn(`migration ${m.version} was applied as "${record.name}" and is now named "${m.name}" (same content)`);
    }
  }
  const known = new Set(migrations.map((m) => m.version));
  for (const record of applied) {
    if (!known.has(record.version)) {
      logger.warn(`migration ${record.version}_${record.name} is recorded in ${client.database}.${SCHEMA_MIGRATIONS_TABLE} but has no file in ${dir}`);
    }
  }

  const pending = migrations.filter((m) => !appliedByVersion.has(m.version));
  const latestApplied = applied.reduce((max, m) => Math.max(max, m.version), 0);
  const done: ClickHouseMigration[] = [];
  for (const m of pending) {
    if (m.version < latestApplied) {
      logger.warn(`migration ${m.fileName} is older than the latest applied one (${latestApplied}); applying it out of order`);
    }
    const started = Date.now();
    const statements = statementsOf(m);
    for (const [index, statement] of statements.entries()) {
      try {
        await client.command(statement.sql);
      } catch (error) {
        const partial = index > 0 ? ` Statements 1-${index} of this migration were applied and stay applied.` : '';
        const where = clusterForm === undefined ? `line ${statement.line}` : `cluster form on ${cluster}`;
        throw new ClickHouseMigrationError(
          `ClickHouse migration ${m.fileName} failed at statement ${index + 1}/${statements.length} (${where}): ${errorMessage(error)}.${partial}`,
          { cause: error },
        );
      }
    }
    await client.command(
      `INSERT INTO ${SCHEMA_MIGRATIONS_TABLE} (version, name, checksum, applied_at)
       SELECT {version:UInt32}, {name:String}, {checksum:String}, now64(3)`,
      { version: m.version, name: m.name, checksum: m.checksum },
    );
    done.push(m);
    logger.log(
      `applied ClickHouse migration ${m.fileName}${clusterForm ? ` on cluster ${cluster}` : ''} (${statements.length} statement(s), ${Date.now() - started} ms)`,
    );
  }
  const alreadyApplied = migrations.length - pending.length;
  if (done.length === 0) {
    logger.log(`ClickHouse database ${client.database} is up to date (${alreadyApplied} migration(s) applied)`);
  }
  return { applied: done, alreadyApplied };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
