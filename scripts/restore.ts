// Restores a dump made by `npm run backup` into the platform's Postgres database (docs/operations.md,
// "Backup and restore"), then the read model is rebuilt from it: `npm run rebuild`.
//
// Usage: npm run restore -- --file PATH [--database-url URL] [--create] [--force]
//   --database-url  the target (else DATABASE_URL). One of them is REQUIRED: a restore never falls
//                   back to whatever answers on 127.0.0.1:5432 or to the embedded store. Prefer
//                   DATABASE_URL, or a URL without the password (then PGPASSWORD): a password on the
//                   command line is visible to other users in the process list.
//   --create   create the target database when it does not exist
//   --force    restore over a database that holds tables: the objects the dump holds are DROPPED and
//              recreated from it (objects the dump does not hold are left alone)
//   PG_RESTORE: the pg_restore to run (default pg_restore on the PATH)
// The target (password redacted) is printed before anything is created or dropped.
// Stop the platform first: it must not write into the database while it is replaced.
import 'reflect-metadata';
import { redactUrl, restoreDatabase } from '@app/infra';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';

const logger = new Logger('Restore');
const USAGE = 'usage: restore --file PATH [--database-url URL] [--create] [--force]   (target: --database-url, else DATABASE_URL; required)';

interface Args {
  readonly file: string;
  readonly databaseUrl?: string;
  readonly create: boolean;
  readonly force: boolean;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  let file: string | undefined;
  let databaseUrl: string | undefined;
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
    const url = /^--database-url=(.+)$/.exec(arg);
    if (url || arg === '--database-url') {
      const value = url ? url[1] : argv[++i];
      if (!value) throw new Error(`--database-url needs a URL\n${USAGE}`);
      databaseUrl = value;
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
  return { file, databaseUrl, create, force };
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const url = args.databaseUrl ?? (process.env.DATABASE_URL || undefined);
  if (url === undefined) {
    throw new Error(
      'restore needs an explicit target: set DATABASE_URL or pass --database-url (it never restores into whatever answers on 127.0.0.1:5432 or into the embedded store)\n' +
        USAGE,
    );
  }
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new Error(`the target is not a URL: ${redactUrl(url)}`);
  }
  if (args.databaseUrl !== undefined && target.password)
    logger.warn('--database-url holds a password, visible in the process list: prefer DATABASE_URL or PGPASSWORD');
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  // Before anything is created or dropped: what will be replaced, and where.
  logger.log(
    `target: database ${database || '?'} on ${target.hostname || 'localhost'}:${target.port || '5432'} as ${decodeURIComponent(target.username) || '(default user)'} ` +
      `(${redactUrl(url)}, from ${args.databaseUrl !== undefined ? '--database-url' : 'DATABASE_URL'})`,
  );
  logger.log(`restoring ${args.file}${args.force ? ': --force, the objects the dump holds are DROPPED and recreated' : ''}`);
  const result = await restoreDatabase(url, args.file, { create: args.create, force: args.force });
  logger.log(
    `restored ${result.events} event(s) up to global position ${result.lastPosition} in ${result.seconds.toFixed(2)} s` +
      (result.replacedTables > 0 ? ` (replaced ${result.replacedTables} table(s))` : ''),
  );
  logger.log('next: rebuild the read model from the restored store with `npm run rebuild`');
  return 0;
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
