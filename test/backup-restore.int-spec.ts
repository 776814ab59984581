/**
 * Backup and restore (issue #17 item 6, docs/operations.md "Backup and restore"): the Postgres
 * database is the source of truth and ClickHouse is rebuilt from it. A small dealer group is
 * recorded through the real command path (the simulator's commands, real Postgres), projected into
 * an embedded ClickHouse database by the live sink, and its KPI figures taken with the KPI engine.
 * Then `npm run backup` dumps the database, `npm run restore` loads the dump into a fresh database,
 * a fresh ClickHouse database is rebuilt from the restored store (`rebuildProjections`, roll-ups
 * included) and every KPI of every branch and month must come out the same.
 */
import { ClickHouseClient, clickHouseConfigFromEnv, createClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, parseEvent } from '@app/contracts';
import { CommitPosition, EventStore, openEventStoreDataSource, START_OF_STORE } from '@app/event-store';
import { restoreDatabase, RestoreRefusedError, summarizeEventStore } from '@app/infra';
import { evaluateKpis, isMeasuredKpi, KPI_CATALOGUE } from '@app/kpi';
import { EventStoreBranchDirectory } from '@app/org';
import { PartsModule } from '@app/parts';
import { ALL_PROJECTIONS, ALL_ROLLUPS, ClickHouseProjectionSink, rebuildProjections, StoreBranchCalendar } from '@app/projections';
import { SalesModule } from '@app/sales';
import { runSimulation } from '@app/simulator';
import { CommandTestApp, createTestDatabase, startCommandTestApp, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { WorkshopModule } from '@app/workshop';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const ROOT = join(__dirname, '..');
// Three branches (CNY and EUR, a late cut-off) over two months, every kind of command, small.
const SIMULATION = { seed: 30, branches: 3, months: 2, scale: 0.03, endMonth: '2026-02' };
const QUERY = {
  from: '2026-01-01',
  to: '2026-02-28',
  bucket: 'month' as const,
  level: 'branch' as const,
  currency: 'branch' as const,
  now: new Date('2026-06-01T00:00:00Z'),
};
const KPIS = KPI_CATALOGUE.map((k) => k.id).filter(isMeasuredKpi);
const quiet = { log: () => undefined, warn: () => undefined };

/** Runs one of the npm scripts (ts-node) with DATABASE_URL pointing at `url`, or unset when `url` is undefined. */
function script(name: 'backup' | 'restore', args: readonly string[], url: string | undefined): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  if (url === undefined) delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '-P', 'tsconfig.json', '-r', 'tsconfig-paths/register', `scripts/${name}.ts`, ...args],
      { cwd: ROOT, env, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Every measured KPI, [branch, month, currency, value, numerator, denominator, provisional] per point. */
async function figures(client: ClickHouseClient): Promise<Record<string, string[][]>> {
  const points = await evaluateKpis(client, KPIS, QUERY);
  return Object.fromEntries(
    KPIS.map((id) => [
      id,
      (points.get(id) ?? [])
        .map((p) => [p.unitId, p.period, p.currency ?? '', p.value ?? 'null', p.numerator, p.denominator ?? 'null', String(p.provisional)])
        .sort((a, b) => a.join('|').localeCompare(b.join('|'))),
    ]),
  );
}

/** A digest of every stored event, in commit order: what the dump must carry over exactly. */
async function storeDigest(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ digest: string }>(
      `SELECT md5(string_agg(global_position::text || ':' || event_id::text || ':' || type || ':' || payload::text, ',' ORDER BY global_position)) AS digest FROM events`,
    );
    return rows[0]!.digest;
  } finally {
    await client.end();
  }
}

describe('backup and restore: dump the event store, restore it into a fresh database, rebuild ClickHouse, same figures (real Postgres, embedded ClickHouse)', () => {
  let t: CommandTestApp;
  let restored: TestDatabase;
  let live: ClickHouseClient;
  let rebuilt: ClickHouseClient | undefined;
  let restoredSource: DataSource | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kpi-backup-'));
  const dump = join(dir, 'store.dump');

  beforeAll(async () => {
    t = await startCommandTestApp('backup', [SalesModule, WorkshopModule, PartsModule]);
    const summary = await runSimulation(t.app, SIMULATION);
    expect(summary.replayed).toBe(0);

    // The live read model: every committed event through the projector's sink, into database A.
    useTestClickHouse();
    live = await createClickHouseClient();
    await runClickHouseMigrations(live, MIGRATIONS_DIR, { logger: quiet });
    const sink = new ClickHouseProjectionSink(live, ALL_PROJECTIONS, { calendar: new StoreBranchCalendar(new EventStoreBranchDirectory(t.store)) });
    let position: CommitPosition = START_OF_STORE;
    for (;;) {
      const batch = await t.store.readCommittedAfter(position, 500);
      if (batch.length === 0) break;
      const events = batch.map((c) => parseEvent(c.event)).flatMap((p): DomainEvent[] => (p.ok ? [p.event] : []));
      expect(events).toHaveLength(batch.length);
      expect((await sink.write(events)).rejected).toEqual([]);
      position = batch[batch.length - 1]!.position;
    }
    restored = await createTestDatabase('restored');
  }, 300_000);

  afterAll(async () => {
    await rebuilt?.close();
    await live?.close();
    await restoredSource?.destroy();
    await restored?.drop();
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores every event and rebuilds a ClickHouse whose KPI figures equal the original ones for every KPI, branch and month', async () => {
    const before = await figures(live);
    // A believable seed: every branch and month has figures, and most KPIs have a value somewhere.
    const keys = new Set(Object.values(before).flatMap((points) => points.map(([branch, month]) => `${branch}|${month}`)));
    expect([...keys].sort()).toEqual(['GZ-01|2026-01', 'GZ-01|2026-02', 'MAD-01|2026-01', 'MAD-01|2026-02', 'SH-01|2026-01', 'SH-01|2026-02']);
    const withValues = KPIS.filter((id) => before[id]!.some((p) => p[3] !== 'null' && p[3] !== '0' && p[3] !== '0.00'));
    expect(withValues.length).toBeGreaterThan(KPIS.length * 0.6);

    const backup = await script('backup', ['--file', dump], t.db.url);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.output).toMatch(/backed up \d+ event\(s\) up to global position \d+/);
    expect(existsSync(dump)).toBe(true);
    expect(existsSync(`${dump}.partial`)).toBe(false);
    // It holds password hashes and sessions: owner-only, whatever the umask.
    expect(statSync(dump).mode & 0o777).toBe(0o600);

    // No target given: refused before anything is touched, never the server on 127.0.0.1:5432 or the embedded store.
    const untargeted = await script('restore', ['--file', dump, '--force'], undefined);
    expect(untargeted.code).not.toBe(0);
    expect(untargeted.output).toContain('restore needs an explicit target: set DATABASE_URL or pass --database-url');
    expect(await summarizeEventStore(restored.url)).toEqual({ events: 0, lastPosition: '0' });

    // The target by flag; printed (password redacted) before the restore.
    const restore = await script('restore', ['--file', dump, '--database-url', restored.url], undefined);
    expect(restore).toMatchObject({ code: 0 });
    const target = new URL(restored.url);
    expect(restore.output).toContain(`target: database ${decodeURIComponent(target.pathname.slice(1))} on ${target.hostname}:${target.port || '5432'}`);
    if (target.password) expect(restore.output).not.toContain(decodeURIComponent(target.password));
    expect(restore.output.indexOf('target: ')).toBeLessThan(restore.output.indexOf('restored '));
    expect(await summarizeEventStore(restored.url)).toEqual(await summarizeEventStore(t.db.url));
    expect(await storeDigest(restored.url)).toBe(await storeDigest(t.db.url));

    // A fresh ClickHouse database, rebuilt from the restored store alone.
    restoredSource = await openEventStoreDataSource({ url: restored.url, applicationName: 'backup-spec', poolSize: 2 });
    const store = new EventStore(restoredSource);
    rebuilt = await createClickHouseClient({ ...clickHouseConfigFromEnv(), database: uniqueId('t_restored_') });
    await runClickHouseMigrations(rebuilt, MIGRATIONS_DIR, { logger: quiet });
    const report = await rebuildProjections({
      store,
      client: rebuilt,
      projections: ALL_PROJECTIONS,
      rollups: ALL_ROLLUPS,
      calendar: new StoreBranchCalendar(new EventStoreBranchDirectory(store)),
    });
    expect(report).toMatchObject({ unparseable: 0, rejected: 0, eventsRead: (await summarizeEventStore(restored.url)).events });

    expect(await figures(rebuilt)).toEqual(before);
  }, 300_000);

  it('refuses to restore over a database that holds tables unless forced, and then replaces it', async () => {
    const refused = await script('restore', ['--file', dump], restored.url);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('is not empty');
    await expect(restoreDatabase(restored.url, dump)).rejects.toThrow(RestoreRefusedError);

    const client = new Client({ connectionString: restored.url });
    await client.connect();
    try {
      // A row that is not in the dump: --force drops the dump's tables and recreates them from it.
      await client.query("INSERT INTO checkpoints (name, transaction_id, global_position) VALUES ('stray', '1', 1)");
      const forced = await restoreDatabase(restored.url, dump, { force: true });
      expect(forced.replacedTables).toBeGreaterThan(0);
      expect((await client.query("SELECT count(*)::int AS n FROM checkpoints WHERE name = 'stray'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
    expect(await storeDigest(restored.url)).toBe(await storeDigest(t.db.url));

    await expect(restoreDatabase(restored.url.replace(/\/[^/]*$/, `/${uniqueId('missing_')}`), dump)).rejects.toThrow('does not exist');
  }, 300_000);
});
