import { bearerFor } from '@app/auth';
import { createTestDatabase, expectEventually, TestDatabase } from '@app/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** `npm start`'s entry point in a process of its own, from the sources (ts-node with swc). */
class PlatformProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: NodeJS.ProcessEnv, args: string[] = []) {
    const boot = `process.argv.splice(1, 0, 'apps/platform/src/main.ts');
      require('ts-node').register({ transpileOnly: true, swc: true, project: 'tsconfig.json' });
      require('tsconfig-paths/register');
      require('./apps/platform/src/main.ts');`;
    this.child = spawn(process.execPath, ['-e', boot, '--', ...args], {
      cwd: ROOT,
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    await expectEventually(() => expect(this.output).toMatch(pattern), { timeoutMs, intervalMs: 100 });
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Kills it if it is still running (a failed test). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** A fresh database and data folder: `npm start` on a clean clone. */
async function freshInstall(): Promise<{ db: TestDatabase; env: NodeJS.ProcessEnv; port: number; dataDir: string; pg: Client }> {
  const db = await createTestDatabase('start');
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-start-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const { KAFKA_BROKERS: _kafka, CLICKHOUSE_DATA_DIR: _chDir, CLICKHOUSE_DATABASE: _chDb, ...rest } = process.env;
  const pg = new Client({ connectionString: db.url });
  await pg.connect();
  return { db, dataDir, port, pg, env: { ...rest, DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'log' } };
}

async function count(pg: Client, sql: string): Promise<number | null> {
  const { rows } = await pg.query<{ n: string | null }>(sql);
  return rows[0]?.n === null || rows[0]?.n === undefined ? null : Number(rows[0].n);
}

/** Events after the projector's checkpoint; null before it has one. */
const BEHIND = `SELECT CASE WHEN c.name IS NOT NULL THEN (SELECT count(*) FROM events e
                  WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) END AS n
                  FROM (SELECT 1) one LEFT JOIN checkpoints c ON c.name = 'store-feed:kpi-projector'`;

describe('npm start in embedded mode, as a process: first start, Ctrl-C, next start', () => {
  const running: PlatformProcess[] = [];
  const installs: Awaited<ReturnType<typeof freshInstall>>[] = [];

  afterAll(async () => {
    for (const child of running) await child.kill();
    for (const { db, dataDir, pg } of installs) {
      await pg.end();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const install = async () => {
    const fresh = await freshInstall();
    installs.push(fresh);
    return fresh;
  };
  const start = (env: NodeJS.ProcessEnv, args: string[] = []) => {
    const started = new PlatformProcess(env, args);
    running.push(started);
    return started;
  };

  it('starts without a Kafka broker, answers, and on SIGINT saves the projector checkpoint and exits 0', async () => {
    const { env, port, pg } = await install();
    const platform = start({ ...env, DEMO_SEED: '0' });
    await platform.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/);
    await platform.waitFor(/demo seeding is off/);
    await platform.waitFor(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//);
    expect(platform.output).toMatch(/mode: embedded \(in-process log, no Kafka\)/);
    expect(platform.output).not.toMatch(/KafkaBroker/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);

    const branch = {
      branchId: 'SH-01',
      name: 'Shanghai',
      brands: ['VW'],
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      cutoffMinutes: 0,
      openedOn: '2025-01-01',
    };
    const post = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/api/v1/org/branches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(branch),
      });
    // The running platform refuses a write without a token, and takes head office's.
    expect((await post({})).status).toBe(401);
    const opened = await post(bearerFor('head-office', { subject: 'process-test' }));
    expect(opened.status).toBe(201);

    await expectEventually(async () => expect(await count(pg, BEHIND)).toBe(0));
    platform.signal('SIGINT');
    expect(await platform.exited).toBe(0);
    expect(platform.output).toMatch(/SIGINT: stopping/);
    expect(platform.output).toMatch(/\[Projector\] stopped after its batch was saved \(1 event\(s\) projected, 0 dead-lettered in this run\)/);
    expect(platform.output).toMatch(/stopped cleanly/);
    expect(await count(pg, BEHIND)).toBe(0);
  }, 180_000);

  it('exits 1 with the reason when its port is taken, instead of hanging on what it started', async () => {
    const { env, port } = await install();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const platform = start({ ...env, DEMO_SEED: '0' });
      expect(await platform.exited).toBe(1);
      expect(platform.output).toMatch(new RegExp(`EADDRINUSE: address already in use 127\\.0\\.0\\.1:${port}`));
      expect(platform.output).toMatch(/could not start; stopping what it started/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 180_000);

  it('seeds the demo on a first start, stops between batches on SIGINT, resumes on the next start and keeps the data after', async () => {
    const { env, pg, port } = await install();
    const demo = { ...env, DEMO_BRANCHES: '3', DEMO_MONTHS: '2' };

    const first = start(demo);
    await first.waitFor(/first start: seeding the demo \(3 branches × 2 months, scale [\d.]+, seed 42\)/);
    await expectEventually(async () => expect(await count(pg, 'SELECT count(*) AS n FROM events')).toBeGreaterThan(200), { timeoutMs: 60_000 });
    first.signal('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output).toMatch(/seeding stopped between two batches of commands; the next start resumes it/);
    expect(first.output).toMatch(/stopped cleanly/);
    expect(first.output).not.toMatch(/Dashboard:/);
    expect(await count(pg, 'SELECT count(*) AS n FROM demo_seed WHERE finished_at IS NULL')).toBe(1);
    const eventsAtStop = (await count(pg, 'SELECT count(*) AS n FROM events'))!;

    const second = start(demo);
    await second.waitFor(/resuming the interrupted demo seed \(3 branches × 2 months/);
    await second.waitFor(/demo seeded: \d+ commands \(\d+ of them already in from the interrupted run\), \d+ events/, 120_000);
    await second.waitFor(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//);
    expect(second.output).toMatch(/Seeding the demo \|.*\| \d+% · \d+\/\d+ commands · .* commands\/s · ETA/);
    expect(second.output).toMatch(/ {2}branch-manager \(branch [A-Z]+-\d+\):\n {4}eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(await count(pg, BEHIND)).toBe(0); // the banner waits for the projector
    // …and for the KPI month roll-up the scorecard and the summary read (ADR 18): current, at the store's last event.
    const ready = (await (await fetch(`http://127.0.0.1:${port}/health/ready`)).json()) as {
      kpiRollupCurrent: boolean;
      kpiRollup: { position: string; lag: { events: number } };
      projector: { lag: { events: number } };
    };
    expect(ready).toMatchObject({ kpiRollupCurrent: true, kpiRollup: { lag: { events: 0 } }, projector: { lag: { events: 0 } } });
    const [summary] = (
      await pg.query<{ summary: { events: number; commands: number; fromMonth: string; toMonth: string } }>(
        'SELECT summary FROM demo_seed WHERE finished_at IS NOT NULL',
      )
    ).rows;
    // The demo through the reporting API: plans that differ from the actuals, the first month closed
    // and restated by what arrived after its close, the last month open.
    const { fromMonth, toMonth } = summary!.summary;
    type Point = { period: string; targets: { quota: unknown }; attainment: { quota: string | null }; closed: { difference: string | null } | null };
    const points = async (kpiId: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/kpis/${kpiId}?from=${fromMonth}&to=${toMonth}&groupBy=branch&currency=branch`, {
        headers: bearerFor('head-office', { subject: 'process-test' }),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { points: Point[] }).points;
    };
    const plans = [...(await points('revenue')), ...(await points('units_delivered')), ...(await points('service_revenue'))];
    expect(plans.length).toBeGreaterThan(10); // a month without a delivery has no units figure at this scale
    expect(plans.every((p) => p.targets.quota !== null)).toBe(true);
    expect(new Set(plans.map((p) => p.attainment.quota)).size).toBeGreaterThan(3);
    expect(plans.every((p) => (p.closed === null) === (p.period === toMonth))).toBe(true);
    expect(plans.some((p) => p.closed !== null && Number(p.closed.difference) > 0)).toBe(true);
    const events = (await count(pg, 'SELECT count(*) AS n FROM events'))!;
    expect(events).toBeGreaterThan(eventsAtStop);
    expect(events).toBe(summary!.summary.events); // every command once: nothing doubled by the resume
    second.signal('SIGTERM');
    expect(await second.exited).toBe(0);

    const third = start(demo);
    await third.waitFor(/the event store holds data: keeping it/);
    await third.waitFor(/Dashboard:/);
    third.signal('SIGINT');
    expect(await third.exited).toBe(0);
    expect(await count(pg, 'SELECT count(*) AS n FROM events')).toBe(events);
  }, 300_000);

  it('refuses a bad DEMO_SEED value with a message and exits 1', async () => {
    const { env } = await install();
    const platform = start({ ...env, DEMO_SEED: 'maybe' });
    expect(await platform.exited).toBe(1);
    expect(platform.output).toMatch(/DEMO_SEED must be 1 or 0/);
  }, 60_000);
});
