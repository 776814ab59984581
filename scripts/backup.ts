// Backs up the Postgres database, the platform's source of truth (docs/operations.md, "Backup and
// restore"): pg_dump --format=custom of the whole database into a file. ClickHouse needs no backup:
// it is rebuilt from the store (`npm run rebuild`). The platform may keep running (pg_dump reads
// one consistent snapshot).
//
// Usage: npm run backup -- [--file PATH]   (default .data/backups/dealer-kpi-<UTC time>.dump)
//   Postgres: DATABASE_URL; else the server at 127.0.0.1:5432; else the embedded one under .data/
//   PG_DUMP: the pg_dump to run (default pg_dump on the PATH; it must not be older than the server)
import 'reflect-metadata';
import { backupDatabase, dataDir, redactUrl, resolvePostgres } from '@app/infra';
import { Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';

const logger = new Logger('Backup');
const USAGE = 'usage: backup [--file PATH]   (default .data/backups/dealer-kpi-<UTC time>.dump)';

function parseArgs(argv: readonly string[]): { file: string } | 'help' {
  let file = join(dataDir(), 'backups', `dealer-kpi-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const inline = /^--file=(.+)$/.exec(arg);
    if (inline || arg === '--file') {
      const value = inline ? inline[1] : argv[++i];
      if (!value) throw new Error(`--file needs a path\n${USAGE}`);
      file = resolve(value);
      continue;
    }
    throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  return { file };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const postgres = await resolvePostgres();
  try {
    logger.log(`dumping ${redactUrl(postgres.url)} (${postgres.source}) into ${args.file}`);
    const result = await backupDatabase(postgres.url, args.file);
    logger.log(
      `backed up ${result.events} event(s) up to global position ${result.lastPosition} (PostgreSQL ${result.serverVersion}): ` +
        `${result.file}, ${(result.bytes / 1024).toFixed(1)} KiB in ${result.seconds.toFixed(2)} s`,
    );
    return 0;
  } finally {
    await postgres.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    logger.fatal(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
