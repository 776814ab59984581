// commands: commands/s and latency through HTTP into the event store, the relay publishing to
// Kafka in the same process. Max throughput with a closed loop; latency at the goal's rate with
// an open loop (latency counted from when a call was due, so a stall is not hidden). Beside it, in
// the same run, the raw baseline: the same appends written straight with `pg` by as many callers
// (bench/lib/raw-appends.ts), so the command path reads as a ratio of what Postgres takes here.
import { bearerFor } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { startWorker } from './lib/child';
import { branchIds } from './lib/events';
import { HttpAnswer, HttpCall, HttpTarget, closedLoop, openLoop } from './lib/http-load';
import { createDatabase, createTopics, dropDatabase, openStore } from './lib/infra';
import { rawAppends } from './lib/raw-appends';
import { round } from './lib/results';

const created = (a: HttpAnswer): boolean => a.status === 201;

/** A new lead, a new repair order or a vehicle delivery, each on a stream of its own. */
export function commandCall(i: number, run: string, branches: readonly string[]): HttpCall {
  const branchId = branches[i % branches.length] ?? 'BR-001';
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000 + 3_600_000).toISOString();
  switch (i % 3) {
    case 0:
      return {
        method: 'POST',
        path: `/api/v1/sales/leads/L-${run}-${i}`,
        body: { branchId, source: 'walk_in', segment: 'individual', consultantId: 'E-0042', modelOfInterest: 'Lavida 1.5L', occurredAt },
      };
    case 1:
      return {
        method: 'POST',
        path: `/api/v1/workshop/repair-orders/RO-${run}-${i}`,
        body: {
          branchId,
          intakeVisitId: `V-${run}-${i}`,
          vin: 'LSVAU2180N2183294',
          mileageKm: 42000,
          advisorId: 'SA-07',
          jobType: 'repair',
          payer: 'customer',
          occurredAt,
        },
      };
    default:
      return { method: 'POST', path: `/api/v1/sales/vehicle-sales/VS-${run}-${i}/delivery`, body: deliveryBody(branchId, occurredAt) };
  }
}

/** The body of a DeliverVehicle command: one new car. */
export function deliveryBody(branchId: string, occurredAt: string): object {
  return {
    branchId,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    occurredAt,
    invoice: { currency: 'CNY', net: '100000.00', tax: '13000.00', gross: '113000.00' },
    cost: { currency: 'CNY', net: '90000.00', tax: '11700.00', gross: '101700.00' },
  };
}

async function waitForRelay(databaseUrl: string, timeoutMs: number): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ behind: boolean }>(
        `SELECT coalesce((SELECT global_position FROM checkpoints WHERE name = 'kafka-relay'), 0) < (SELECT max(global_position) FROM events) AS behind`,
      );
      if (rows[0]?.behind === false) return (performance.now() - started) / 1000;
      if (performance.now() - started > timeoutMs) throw new Error('the relay did not catch up with the store');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

export const commandsBenchmark: Benchmark = {
  name: 'commands',
  description: 'HTTP commands into the event store with the relay running: commands/s, p50/p99',
  async run({ infra, args, log }: BenchContext): Promise<BenchOutcome> {
    const seconds = size(args, 'seconds', 20);
    const concurrency = size(args, 'concurrency', 16);
    const rate = size(args, 'rate', 1000);
    const branches = branchIds(size(args, 'branches', 20));
    const prefix = `bench-${infra.runId}.`;
    const dbName = `bench_commands_${infra.runId}`;
    const databaseUrl = await createDatabase(infra.adminUrl, dbName);
    const topics = await createTopics(infra.brokers, prefix);
    const api = startWorker<{ published: number }>(
      'command-api',
      { databaseUrl, brokers: infra.brokers, topicPrefix: prefix },
      args.profileDir ? { cpuProfileDir: args.profileDir } : {},
    );
    let target: HttpTarget | undefined;
    try {
      const ready = (await api.ready) as { port?: number; failed?: string };
      if (ready.port === undefined) throw new Error(`the command API did not start: ${ready.failed}`);
      // Head office's token: it may open the branches and record every command.
      target = new HttpTarget(ready.port, undefined, bearerFor('head-office', { subject: 'bench' }));
      for (const branchId of branches) {
        const answer = await target.send({
          method: 'POST',
          path: '/api/v1/org/branches',
          body: { branchId, name: `Bench ${branchId}`, brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' },
        });
        if (answer.status !== 201) throw new Error(`opening ${branchId}: ${answer.status} ${answer.body}`);
      }
      const run = randomBytes(3).toString('hex');
      let n = 0;
      const next = (): HttpCall => commandCall(n++, run, branches);
      await closedLoop(target, next, { concurrency, seconds: 3, expect: created });
      const closed = await closedLoop(target, next, { concurrency, seconds, expect: created });
      log(`closed loop (${concurrency} callers): ${closed.perSecond}/s, p50 ${closed.p50Ms} ms, p99 ${closed.p99Ms} ms, ${closed.errors} errors`);
      const catchUpClosed = await waitForRelay(databaseUrl, 120_000);
      const open = await openLoop(target, next, { rate, seconds, expect: created });
      log(`open loop at ${rate}/s: ${open.perSecond}/s, p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms, ${open.errors} errors`);
      const catchUp = await waitForRelay(databaseUrl, 120_000);
      const stopped = await api.stop();
      // The raw baseline on a fresh store of the same schema, with the command API stopped.
      const rawUrl = await createDatabase(infra.adminUrl, `${dbName}_raw`);
      const migrated = await openStore(rawUrl);
      await migrated.dataSource.destroy();
      const raw = await rawAppends(rawUrl, { concurrency, seconds, branches });
      log(`raw appends (${concurrency} callers): ${raw.perSecond}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
      const errors = closed.errors + open.errors;
      const notes = [
        `commands_per_s: ${concurrency} callers back to back for ${seconds} s (closed loop); p50_ms/p99_ms: an open loop at ${rate}/s for ${seconds} s, ` +
          `latency from when each call was due. Mix: CreateLead, OpenRepairOrder, DeliverVehicle in turn, each on a new stream, ${branches.length} branches; ` +
          `the load generator runs on the same 2 cores.`,
        `raw_appends_per_s: the same appends (idempotency claim, stream probe, one event, the stored answer; one transaction each) written with pg by ${concurrency} callers for ${seconds} s on a fresh store, after the command API stopped; ratio_vs_raw = commands_per_s ÷ raw_appends_per_s.`,
        `The relay published ${stopped.output.published} events; it was ${round(catchUpClosed, 2)} s behind after the closed loop and ${round(catchUp, 2)} s after the open loop.`,
      ];
      if (errors > 0) notes.push(`${errors} calls were not answered 201, e.g. ${[...closed.errorSamples, ...open.errorSamples].slice(0, 2).join(' | ')}`);
      return {
        figures: {
          commands_per_s: closed.perSecond,
          raw_appends_per_s: raw.perSecond,
          ratio_vs_raw: raw.perSecond > 0 ? round(closed.perSecond / raw.perSecond, 3) : null,
          raw_p99_ms: raw.p99Ms,
          p50_ms: open.p50Ms,
          p99_ms: open.p99Ms,
          achieved_rate_per_s: open.perSecond,
          closed_loop_p50_ms: closed.p50Ms,
          closed_loop_p99_ms: closed.p99Ms,
          errors,
          api_peak_rss_mb: stopped.peakRssMb,
        },
        parameters: { seconds, concurrency, rate, branches: branches.length },
        notes,
      };
    } finally {
      target?.close();
      if (api.child.connected) api.child.send({ kind: 'stop' });
      await api.end();
      await topics.remove();
      await dropDatabase(infra.adminUrl, dbName);
      await dropDatabase(infra.adminUrl, `${dbName}_raw`);
    }
  },
};
