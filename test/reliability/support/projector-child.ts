import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestChild } from './child-process';
import { ReadModelSnapshot } from './read-model';

export interface ProjectorChildOptions {
  readonly databaseUrl: string;
  readonly prefix: string;
  /** The child's folder: its embedded ClickHouse data lives in `<childDir>/clickhouse`. */
  readonly childDir: string;
  readonly logFile: string;
}

function childEnv(options: ProjectorChildOptions, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLICKHOUSE_DATA_DIR: join(options.childDir, 'clickhouse'),
    CLICKHOUSE_DATABASE: 'kpi',
    LOG_LEVEL: 'warn',
    ...extra,
  };
  delete env.CLICKHOUSE_URL;
  return env;
}

/** The real projector (or a variant of its entry point) as a child process with its own embedded ClickHouse. */
export function startProjectorChild(options: ProjectorChildOptions, port: number, entry = 'apps/projector/src/main.ts'): TestChild {
  const env = childEnv(options, {
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: options.prefix,
    // A killed member holds its partitions until its session expires: keep that short here.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  return TestChild.start(entry, { env, logFile: options.logFile });
}

/** Reads the child's read model out of its ClickHouse folder (a process of its own: one data folder per process). */
export async function readChildSnapshot(options: ProjectorChildOptions): Promise<ReadModelSnapshot> {
  const snapshotFile = join(options.childDir, 'snapshot.json');
  const reader = TestChild.start('test/reliability/support/snapshot.main.ts', { env: childEnv(options, {}), logFile: options.logFile, args: [snapshotFile] });
  const exit = await reader.exited;
  if (exit.code !== 0) throw new Error(`the snapshot reader exited with ${exit.code ?? exit.signal}; see ${options.logFile}`);
  return JSON.parse(readFileSync(snapshotFile, 'utf8')) as ReadModelSnapshot;
}
