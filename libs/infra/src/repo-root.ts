import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The monorepo's root (the folder holding nest-cli.json), from source or from dist. */
export function repoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'nest-cli.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${start}`);
    dir = parent;
  }
}

/** Git-ignored folder for local data (Postgres, Kafka, ClickHouse). */
export function dataDir(...parts: string[]): string {
  return join(process.env.DATA_DIR ?? join(repoRoot(), '.data'), ...parts);
}
