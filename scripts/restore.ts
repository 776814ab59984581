// Restores a dump made by `npm run backup` into the platform's Postgres database (docs/operations.md,
// "Backup and restore"), then the read model is rebuilt from it: `npm run rebuild`.
//
// Usage: npm run restore -- --file PATH [--create] [--force]
//   --create   create the target database when it does not exist
//   --force    restore over a database that holds tables: the objects the dump holds are DROPPED and
//              recreated from it (objects the dump does not hold are left alone)
//   Postgres: DATABASE_URL (the target); else the server at 127.0.0.1:5432; else the embedded one
//   PG_RESTORE: the pg_restore to run (default pg_restore on the PATH)
// Stop the platform first: it must not write into the database while it is replaced.
import 'reflect-metadata';
import { redactUrl, resolvePostgres, restoreDatabase } from '@app/infra';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';

const logger = new Logger('Restore');
const USAGE = 'usage: restore --file PATH [--create] [--force]';

function parseArgs(argv: readonly string[]): { file: string; create: boolean; force: boolean } | 'help' {
  let file: string | undefined;
  let create = false;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--create') {
      create = true;
      continue;
    }
    if (arg === '--force') {
      force = true;
      continue;
    }
    const inline = /^--file=(.+)$/.exec(arg);
    if (inline || arg === '--file') {
      const value = inline ? inline[1] : argv[++i];
      if (!value) throw new Error(`--file needs a path\n${USAGE}`);
      file = resolve(value);
      continue;
    }
    throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (file === undefined) throw new Error(`--file is required\n${USAGE}`);
  return { file, create, force };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const postgres = await resolvePostgres();
  try {
    logger.log(`restoring ${args.file} into ${redactUrl(postgres.url)} (${postgres.source})${args.force ? ', replacing what it holds' : ''}`);
    const result = await restoreDatabase(postgres.url, args.file, { create: args.create, force: args.force });
    logger.log(
      `restored ${result.events} event(s) up to global position ${result.lastPosition} in ${result.seconds.toFixed(2)} s` +
        (result.replacedTables > 0 ? ` (replaced ${result.replacedTables} table(s))` : ''),
    );
    logger.log('next: rebuild the read model from the restored store with `npm run rebuild`');
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
