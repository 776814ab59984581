import { ClickHouseClientError } from './clickhouse.errors';

/**
 * The cluster form of the single-node migrations (docs/adr/0022-clickhouse-cluster.md), derived
 * statement by statement so that nobody keeps a second copy of the schema by hand:
 *
 * - a **sharded** table (a `fact_*` or `rollup_*` table with a `branch_id` column) becomes
 *   `<t>_local ON CLUSTER`, engine `Replicated<X>MergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', …)`,
 *   plus `<t>` = `Distributed(cluster, db, <t>_local, cityHash64(branch_id))`: the application
 *   keeps its table names, and every row of a branch (every version of every row) lands on one
 *   shard, so FINAL, argMax and per-branch aggregation stay exact;
 * - every other MergeTree table (head-office dimensions, roll-up bookkeeping, positions,
 *   schema_migrations) is **replicated to every node** under one ZooKeeper path
 *   (`/clickhouse/tables/all/{database}/{table}`): small, joined by the facts on every shard;
 * - databases, views, dictionaries and refreshable materialized views get `ON CLUSTER` (a refreshable view
 *   keeps its own engine: each node refreshes its own full copy from the Distributed tables);
 * - `ALTER`: `ON CLUSTER` on the local table, and column changes on the Distributed table too;
 *   `MODIFY SETTING non_replicated_deduplication_window` is dropped (Replicated tables
 *   deduplicate inserts by their own window);
 * - `DROP TABLE`: both tables of a sharded one, `ON CLUSTER … SYNC`;
 * - `INSERT` is left as it is: it runs on one node; the Distributed table routes it, replication
 *   copies it.
 *
 * Anything else (insert-triggered materialized views, RENAME, EXCHANGE, OPTIMIZE, SYSTEM …)
 * throws {@link ClusterDdlError}: a migration author must decide its cluster form.
 *
 * Statements are read from the migration text with a few patterns, not a full SQL parser; the
 * unit test transforms every migration and the embedded engine parses every result.
 */

/** A migration statement the cluster form cannot be derived for. */
export class ClusterDdlError extends ClickHouseClientError {}

export interface ClusterDdlOptions {
  /** The cluster name (`ON CLUSTER '<cluster>'`, `Distributed('<cluster>', …)`), e.g. `{cluster}` with the Altinity operator's macro. */
  readonly cluster: string;
  /** The application database (the Distributed tables name it). */
  readonly database: string;
}

export type ClusterTableKind = 'sharded' | 'replicated' | 'view' | 'other';

/** Suffix of the shard-local table behind a Distributed table. */
export const LOCAL_TABLE_SUFFIX = '_local';
/** The sharding key of every sharded table: all rows of a branch on one shard. */
export const SHARDING_KEY = 'cityHash64(branch_id)';
/** ZooKeeper path of a sharded table's replicas (one path per shard). */
export const SHARDED_ZK_PATH = '/clickhouse/tables/{shard}/{database}/{table}';
/** ZooKeeper path of a table replicated to every node of the cluster (one path for all). */
export const EVERYWHERE_ZK_PATH = '/clickhouse/tables/all/{database}/{table}';
export const REPLICA_NAME = '{replica}';

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
/** A name, optionally qualified by its database (views, dictionaries, databases of deploy/clickhouse/). */
const QUALIFIED = `${IDENT}(?:\\.${IDENT})?`;
const CLUSTER_NAME = /^[A-Za-z0-9_.{}-]+$/;

/** A string literal: `\` and `'` escaped. */
export const sqlString = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function assertClusterName(cluster: string): void {
  if (!CLUSTER_NAME.test(cluster)) {
    throw new ClusterDdlError(`cluster name ${JSON.stringify(cluster)} is not valid: letters, digits, _ . - and {macro} braces`);
  }
}

/** Whether a MergeTree table is sharded by branch on a cluster (else it is replicated to every node). */
export function isShardedTable(table: string, columns: readonly string[]): boolean {
  return /^(fact|rollup)_/.test(table) && columns.includes('branch_id');
}

/**
 * Turns the single-node migrations (in version order) into their cluster form. Keeps track of
 * which table is sharded across migrations (an `ALTER` or `DROP` in a later migration needs it).
 */
export class ClusterSchemaTransformer {
  private readonly tables = new Map<string, ClusterTableKind>();
  private readonly on: string;

  constructor(private readonly options: ClusterDdlOptions) {
    assertClusterName(options.cluster);
    this.on = `ON CLUSTER ${sqlString(options.cluster)}`;
  }

  /** What the transformer knows of a table so far. */
  kindOf(table: string): ClusterTableKind | undefined {
    return this.tables.get(table);
  }

  /** The cluster statements for one single-node statement (none, one or two). */
  transform(sql: string): string[] {
    const text = sql.trim().replace(/;\s*$/, '');
    const head = stripLeadingComments(text);
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${IDENT})\\s*\\(`, 'i').exec(head))) {
      return this.createTable(head, m[1] ?? '', m[2] as string, m[0].length - 1);
    }
    if ((m = new RegExp(`^CREATE\\s+(OR\\s+REPLACE\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${QUALIFIED})(?![\\w.])`, 'i').exec(head))) {
      this.tables.set(m[3] as string, 'view');
      return [insertAfter(head, m[0].length, this.on)];
    }
    if ((m = new RegExp(`^CREATE\\s+MATERIALIZED\\s+VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${QUALIFIED})(?![\\w.])`, 'i').exec(head))) {
      if (!/\bREFRESH\b/i.test(head)) {
        throw new ClusterDdlError(
          `materialized view ${m[2]}: an insert-triggered materialized view has no derived cluster form ` +
            "(it would fire on one shard's inserts only; ADR 7 keeps them off the facts). Use a refreshable view or a roll-up.",
        );
      }
      if (new RegExp(`^\\s*(REFRESH\\s[\\s\\S]*?)?\\bTO\\s+${QUALIFIED}`, 'i').test(head.slice(m[0].length).split(/\bAS\s+(SELECT|WITH)\b/i)[0] ?? '')) {
        throw new ClusterDdlError(
          `materialized view ${m[2]}: a refreshable view writing TO a table has no derived cluster form (every node would write ` +
            'its full result into a shared or sharded target). Give it its own engine: each node then keeps its own full copy.',
        );
      }
      this.tables.set(m[2] as string, 'view');
      return [insertAfter(head, m[0].length, this.on)];
    }
    if ((m = new RegExp(`^CREATE\\s+(OR\\s+REPLACE\\s+)?DICTIONARY\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${QUALIFIED})(?![\\w.])`, 'i').exec(head))) {
      this.tables.set(m[3] as string, 'other');
      return [insertAfter(head, m[0].length, this.on)];
    }
    if ((m = new RegExp(`^CREATE\\s+(OR\\s+REPLACE\\s+)?FUNCTION\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${IDENT})\\b`, 'i').exec(head))) {
      return [insertAfter(head, m[0].length, this.on)];
    }
    if ((m = new RegExp(`^CREATE\\s+DATABASE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(${IDENT})(?![\\w.])`, 'i').exec(head))) {
      return [insertAfter(head, m[0].length, this.on)];
    }
    if ((m = new RegExp(`^ALTER\\s+TABLE\\s+(${IDENT})\\s+`, 'i').exec(head))) {
      return this.alterTable(m[1] as string, head.slice(m[0].length));
    }
    if ((m = new RegExp(`^DROP\\s+(TABLE|VIEW|DICTIONARY)\\s+(IF\\s+EXISTS\\s+)?(${IDENT})\\s*(SYNC)?$`, 'i').exec(head))) {
      const [, what = 'TABLE', ifExists = '', name = ''] = m;
      const kind = this.tables.get(name);
      this.tables.delete(name);
      const drop = (table: string) => `DROP ${what.toUpperCase()} ${ifExists}${table} ${this.on} SYNC`;
      return kind === 'sharded' ? [drop(name), drop(`${name}${LOCAL_TABLE_SUFFIX}`)] : [drop(name)];
    }
    if (/^INSERT\s+INTO\s/i.test(head)) return [head];
    throw new ClusterDdlError(`no cluster form for the statement ${JSON.stringify(head.slice(0, 60))}…: give it one in libs/clickhouse/src/cluster-ddl.ts`);
  }

  private createTable(sql: string, ifNotExists: string, table: string, openParen: number): string[] {
    if (table.endsWith(LOCAL_TABLE_SUFFIX))
      throw new ClusterDdlError(`table ${table}: names ending in ${LOCAL_TABLE_SUFFIX} are kept for the shard-local tables`);
    const closeParen = matchingParen(sql, openParen);
    const columns = columnNames(sql.slice(openParen + 1, closeParen));
    const rest = sql.slice(closeParen + 1);
    const engine = /^\s*ENGINE\s*=\s*([A-Za-z]*)MergeTree\b/i.exec(rest);
    if (!engine) {
      this.tables.set(table, 'other');
      return [`CREATE TABLE ${ifNotExists}${table} ${this.on} ${sql.slice(openParen)}`];
    }
    const family = engine[1] ?? '';
    if (/^Replicated/i.test(family))
      throw new ClusterDdlError(`table ${table} is already Replicated: write single-node migrations, the cluster form is derived`);
    let afterEngine = engine[0].length;
    let args = '';
    const argsOpen = /^\s*\(/.exec(rest.slice(afterEngine));
    if (argsOpen) {
      const open = afterEngine + argsOpen[0].length - 1;
      const close = matchingParen(rest, open);
      args = rest.slice(open + 1, close).trim();
      afterEngine = close + 1;
    }
    const tail = rest.slice(afterEngine);
    const sharded = isShardedTable(table, columns);
    const path = sharded ? SHARDED_ZK_PATH : EVERYWHERE_ZK_PATH;
    const replicatedEngine = `ENGINE = Replicated${family}MergeTree(${[sqlString(path), sqlString(REPLICA_NAME), ...(args ? [args] : [])].join(', ')})`;
    const columnList = sql.slice(openParen, closeParen + 1);
    this.tables.set(table, sharded ? 'sharded' : 'replicated');
    if (!sharded) return [`CREATE TABLE ${ifNotExists}${table} ${this.on}\n${columnList}\n${replicatedEngine}${tail}`];
    const local = `${table}${LOCAL_TABLE_SUFFIX}`;
    return [
      `CREATE TABLE ${ifNotExists}${local} ${this.on}\n${columnList}\n${replicatedEngine}${tail}`,
      `CREATE TABLE ${ifNotExists}${table} ${this.on} AS ${local}\n${this.distributedEngine(local)}`,
    ];
  }

  /** `ENGINE = Distributed(cluster, db, local, cityHash64(branch_id))`. */
  distributedEngine(localTable: string): string {
    return `ENGINE = Distributed(${sqlString(this.options.cluster)}, ${sqlString(this.options.database)}, ${sqlString(localTable)}, ${SHARDING_KEY})`;
  }

  private alterTable(table: string, commands: string): string[] {
    const kind = this.tables.get(table);
    if (kind === undefined) throw new ClusterDdlError(`ALTER TABLE ${table}: no earlier migration creates it`);
    const kept = splitTopLevel(commands).filter((c) => !/^MODIFY\s+SETTING\s+non_replicated_deduplication_window\s*=\s*\d+$/i.test(c.trim()));
    if (kept.length === 0) return [];
    const alter = (name: string, parts: readonly string[]) => `ALTER TABLE ${name} ${this.on}\n    ${parts.map((p) => p.trim()).join(',\n    ')}`;
    if (kind !== 'sharded') return [alter(table, kept)];
    const columnChanges = kept.filter((c) => /^\s*(ADD|DROP|MODIFY|RENAME|COMMENT)\s+COLUMN\b/i.test(c));
    return [alter(`${table}${LOCAL_TABLE_SUFFIX}`, kept), ...(columnChanges.length > 0 ? [alter(table, columnChanges)] : [])];
  }
}

/** The cluster statements of every migration, in order: `statements[i]` are the cluster form of migration i. */
export function clusterMigrationStatements(
  migrations: readonly { readonly fileName: string; readonly statements: readonly { readonly sql: string; readonly line: number }[] }[],
  options: ClusterDdlOptions,
): string[][] {
  const transformer = new ClusterSchemaTransformer(options);
  return migrations.map((m) =>
    m.statements.flatMap((s) => {
      try {
        return transformer.transform(s.sql);
      } catch (error) {
        if (error instanceof ClusterDdlError) throw new ClusterDdlError(`migration ${m.fileName}, line ${s.line}: ${error.message}`, { cause: error });
        throw error;
      }
    }),
  );
}

function stripLeadingComments(sql: string): string {
  let s = sql;
  for (;;) {
    const trimmed = s.trimStart();
    if (trimmed.startsWith('--')) {
      const end = trimmed.indexOf('\n');
      s = end < 0 ? '' : trimmed.slice(end + 1);
    } else if (trimmed.startsWith('/*')) {
      const end = trimmed.indexOf('*/');
      s = end < 0 ? '' : trimmed.slice(end + 2);
    } else {
      return trimmed;
    }
  }
}

function insertAfter(sql: string, at: number, text: string): string {
  return `${sql.slice(0, at)} ${text}${sql.slice(at)}`;
}

/** The index of the `)` closing the `(` at `open`, skipping literals, quoted identifiers and comments. */
function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < sql.length && sql[i] !== c) i += sql[i] === '\\' ? 2 : 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new ClusterDdlError(`unbalanced parentheses in ${JSON.stringify(sql.slice(0, 60))}…`);
}

/** Splits on commas outside parentheses, literals and comments. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => stripLeadingComments(p).length > 0);
}

/** The column names of a CREATE TABLE column list (indexes, projections and constraints left out). */
function columnNames(list: string): string[] {
  return splitTopLevel(list)
    .map((item) => stripLeadingComments(item))
    .filter((item) => !/^(INDEX|PROJECTION|CONSTRAINT)\s/i.test(item))
    .map((item) => /^`?([A-Za-z_][A-Za-z0-9_]*)`?/.exec(item)?.[1] ?? '')
    .filter((name) => name !== '');
}
