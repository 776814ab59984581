import { isAbsolute, join, resolve } from 'node:path';
import { ClickHouseConfigError } from './clickhouse.errors';
import { isValidDatabaseName } from './clickhouse.internal';
import { repoRoot } from '@app/infra';

export const DEFAULT_CLICKHOUSE_DATABASE = 'kpi';

/** A ClickHouse server reached over HTTP(S) with `@clickhouse/client`. */
export interface ServerClickHouseConfig {
  readonly driver: 'server';
  /** Without credentials, e.g. `https://ch.internal:8443`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  readonly database: string;
  readonly requestTimeoutMs?: number;
  /** Create the database if it is missing (default true). */
  readonly ensureDatabase?: boolean;
  /** `CLICKHOUSE_CLUSTER`: run the cluster form of the schema on this cluster (docs/adr/0022-clickhouse-cluster.md). */
  readonly cluster?: string;
}

/** ClickHouse running in this process (chdb), persisting to `dataDir`. */
export interface EmbeddedClickHouseConfig {
  readonly driver: 'embedded';
  /** Absolute path. One data directory per process. */
  readonly dataDir: string;
  readonly database: string;
  /** Connections the engine may open to run queries side by side (default 3). */
  readonly connections?: number;
}

export type ClickHouseConfig = ServerClickHouseConfig | EmbeddedClickHouseConfig;

/** `<repo>/.data/clickhouse`, or `$DATA_DIR/clickhouse` when DATA_DIR is set. */
export function defaultClickHouseDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dataRoot = nonEmpty(env.DATA_DIR);
  return dataRoot ? join(resolve(dataRoot), 'clickhouse') : join(repoRoot(), '.data', 'clickhouse');
}

/**
 * Reads the ClickHouse config from the environment:
 *
 * - `CLICKHOUSE_URL` set → the server driver, with `CLICKHOUSE_USER`, `CLICKHOUSE_PASSWORD`
 *   (or credentials inside the URL, not both) and `CLICKHOUSE_DATABASE` (default `kpi`);
 * - otherwise → the embedded driver in `CLICKHOUSE_DATA_DIR` (default `<repo>/.data/clickhouse`;
 *   relative paths resolve against the working directory) and `CLICKHOUSE_DATABASE`, with at most
 *   `CLICKHOUSE_EMBEDDED_CONNECTIONS` connections running queries side by side (1–64, default 3).
 *
 * Empty variables count as unset. Throws {@link ClickHouseConfigError}; messages never contain a
 * password.
 */
export function clickHouseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClickHouseConfig {
  const database = nonEmpty(env.CLICKHOUSE_DATABASE) ?? DEFAULT_CLICKHOUSE_DATABASE;
  if (!isValidDatabaseName(database)) {
    throw new ClickHouseConfigError(
      `CLICKHOUSE_DATABASE ${JSON.stringify(database)} is not a valid database name: use letters, digits and _ (not starting with a digit)`,
    );
  }

  const rawUrl = nonEmpty(env.CLICKHOUSE_URL);
  const cluster = nonEmpty(env.CLICKHOUSE_CLUSTER);
  if (cluster !== undefined && !/^[A-Za-z0-9_.{}-]+$/.test(cluster)) {
    throw new ClickHouseConfigError(
      `CLICKHOUSE_CLUSTER ${JSON.stringify(cluster)} is not a valid cluster name: letters, digits, _ . - (or a {macro} such as {cluster})`,
    );
  }
  if (rawUrl === undefined) {
    if (cluster !== undefined) {
      throw new ClickHouseConfigError(
        'CLICKHOUSE_CLUSTER needs a ClickHouse server (CLICKHOUSE_URL): the embedded engine cannot run Replicated, Distributed or ON CLUSTER statements',
      );
    }
    const dataDir = nonEmpty(env.CLICKHOUSE_DATA_DIR);
    const connections = nonEmpty(env.CLICKHOUSE_EMBEDDED_CONNECTIONS);
    if (connections !== undefined && !(/^[0-9]+$/.test(connections) && Number(connections) >= 1 && Number(connections) <= 64)) {
      throw new ClickHouseConfigError(`CLICKHOUSE_EMBEDDED_CONNECTIONS ${JSON.stringify(connections)} is not valid: a whole number from 1 to 64 (default 3)`);
    }
    return {
      driver: 'embedded',
      dataDir: dataDir === undefined ? defaultClickHouseDataDir(env) : isAbsolute(dataDir) ? dataDir : resolve(dataDir),
      database,
      ...(connections !== undefined ? { connections: Number(connections) } : {}),
    };
  }

  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ClickHouseConfigError(`CLICKHOUSE_URL ${JSON.stringify(redactUrlText(rawUrl))} is not a valid URL; expected e.g. http://localhost:8123`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClickHouseConfigError(`CLICKHOUSE_URL must use http:// or https:// (the ClickHouse HTTP interface), got ${url.protocol}//${url.host}`);
  }
  if (url.hostname === '') throw new ClickHouseConfigError('CLICKHOUSE_URL has no host');

  let username = nonEmpty(env.CLICKHOUSE_USER);
  let password = env.CLICKHOUSE_PASSWORD === undefined || env.CLICKHOUSE_PASSWORD === '' ? undefined : env.CLICKHOUSE_PASSWORD;
  if (url.username !== '' || url.password !== '') {
    if (username !== undefined || password !== undefined) {
      throw new ClickHouseConfigError('credentials are given both in CLICKHOUSE_URL and in CLICKHOUSE_USER/CLICKHOUSE_PASSWORD; use one place');
    }
    username = url.username === '' ? undefined : decodeURIComponent(url.username);
    password = url.password === '' ? undefined : decodeURIComponent(url.password);
    url.username = '';
    url.password = '';
  }

  const config: ServerClickHouseConfig = { driver: 'server', url: url.toString().replace(/\/$/, ''), database };
  return {
    ...config,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
  };
}

/** A one-line description fit for logs: never the password. */
export function describeClickHouseConfig(config: ClickHouseConfig): string {
  if (config.driver === 'embedded') return `embedded ClickHouse (chdb) at ${config.dataDir}, database ${config.database}`;
  const user = config.username ?? 'default';
  return `ClickHouse server ${config.url} as ${user}${config.password ? ' (password set)' : ''}, database ${config.database}${config.cluster ? `, cluster ${config.cluster}` : ''}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Masks `user:password@` in text that may not even parse as a URL. */
function redactUrlText(text: string): string {
  return text.replace(/(\/\/[^/@:]*):[^/@]*@/, '$1:***@');
}
