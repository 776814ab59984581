// commands: commands/s and latency through the real HTTP command API (with a bearer token, as
// clients call it) into the event store, the relay publishing to Kafka in the same process.
// - `commands`: a closed loop (N callers back to back) and, beside it in the same run, the raw
//   baseline: the same rows written straight with `pg` by as many callers (bench/lib/raw-appends.ts),
//   so the command path reads as a ratio of what Postgres takes here.
// - `commands-open`: an open loop at a fixed arrival rate (1,000/s by default), latency counted from
//   when each call was due (no coordinated omission), bounded in time.
// Every command carries an Idempotency-Key, so it writes its idempotency row as clients' retries need.
import { bearerFor } from '@app/auth';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { RunningWorker, startWorker } from './lib/child';
import { branchIds } from './lib/events';
import { HttpAnswer, HttpCall, HttpTarget, closedLoop, openLoop } from './lib/http-load';
import { createDatabase, createTopics, dropDatabase, openStore } from './lib/infra';
import { appendTemplates, rawAppends } from './lib/raw-appends';
import { round } from './lib/results';

const created = (a: HttpAnswer): boolean => a.status === 201;

/** A new lead, a new repair order or a vehicle delivery, each on a stream of its own, with an Idempotency-Key of its own. */
export function commandCall(i: number, run: string, branches: readonly string[]): HttpCall {
  const headers = { 'idempotency-key': `bench-${run}-${i}` };
  const branchId = branches[i % branches.length] ?? 'BR-001';
  const occurredAt = new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000 + 3_600_000).toISOString();
  switch (i % 3) {
    case 0:
      return {
        method: 'POST',
        path: `/api/v1/sales/leads/L-${run}-${i}`,
        headers,
        body: { branchId, source: 'walk_in', segment: 'individual', consultantId: 'E-0042', modelOfInterest: 'Lavida 1.5L', occurredAt },
      };
    case 1:
      return {
        method: 'POST',
        path: `/api/v1/workshop/repair-orders/RO-${run}-${i}`,
        headers,
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
      return { method: 'POST', path: `/api/v1/sales/vehicle-sales/VS-${run}-${i}/delivery`, headers, body: deliveryBody(branchId, occurredAt) };
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

/**
 * Seconds until the relay's checkpoint reaches the store's last event, or null after `timeoutMs`
 * (the relay reads only transactions older than every one running on the Postgres server, so a
 * long transaction elsewhere on a shared server holds it back: said in the notes, not a failure).
 */
async function waitForRelay(databaseUrl: string, timeoutMs: number): Promise<number | null> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  try {
    for (;;) {
      const { rows } = await client.query<{ behind: boolean }>(
        `SELECT coalesce((SELECT global_position FROM checkpoints WHERE name = 'kafka-relay'), 0) < (SELECT max(global_position) FROM events) AS behind`,
      );
      if (rows[0]?.behind === false) return round((performance.now() - started) / 1000, 2);
      if (performance.now() - started > timeoutMs) return null;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

const relayNote = (behind: number | null, when: string, timeoutMs: number): string =>
  behind === null ? `the relay had not caught up with the store ${timeoutMs / 1000} s ${when}` : `it was ${behind} s behind ${when}`;

interface CommandApiRun {
  readonly target: HttpTarget;
  readonly databaseUrl: string;
  readonly api: RunningWorker<{ published: number }>;
  /** The next command of the mix. */
  next(): HttpCall;
}

/**
 * The command API (sales, workshop, parts, org, and the relay) in a worker process on a fresh
 * database and fresh topics, the branches opened as head office; removed after `work`.
 */
async function withCommandApi<T>(
  { infra, args }: BenchContext,
  dbName: string,
  branches: readonly string[],
  work: (run: CommandApiRun) => Promise<T>,
): Promise<T> {
  const prefix = `bench-${infra.runId}.`;
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
    return await work({ target, databaseUrl, api, next: () => commandCall(n++, run, branches) });
  } finally {
    target?.close();
    if (api.child.connected) api.child.send({ kind: 'stop' });
    await api.end();
    await topics.remove();
    await dropDatabase(infra.adminUrl, dbName);
  }
}

const MIX = 'CreateLead, OpenRepairOrder and DeliverVehicle in turn, each on a new stream and with an Idempotency-Key';

export const commandsBenchmark: Benchmark = {
  name: 'commands',
  description: 'HTTP commands (closed loop) beside the raw baseline (the same rows straight with pg): commands/s, p50/p99, ratio',
  async run(context: BenchContext): Promise<BenchOutcome> {
    const { infra, args, log } = context;
    const seconds = size(args, 'seconds', 20);
    const concurrency = size(args, 'concurrency', 16);
    const warmup = size(args, 'warmup-s', 3);
    const branches = branchIds(size(args, 'branches', 20));
    const dbName = `bench_commands_${infra.runId}`;
    const rawName = `${dbName}_raw`;
    try {
      return await withCommandApi(context, dbName, branches, async ({ target, databaseUrl, api, next }) => {
        await closedLoop(target, next, { concurrency, seconds: warmup, expect: created });
        const closed = await closedLoop(target, next, { concurrency, seconds, expect: created });
        log(`closed loop (${concurrency} callers): ${closed.perSecond}/s, p50 ${closed.p50Ms} ms, p99 ${closed.p99Ms} ms, ${closed.errors} errors`);
        const catchUp = await waitForRelay(databaseUrl, 60_000);
        const stopped = await api.stop();
        // The raw baseline: copies of the rows the commands stored, on a fresh store of the same
        // schema, with the command API (and its relay) stopped; warmed up as the closed loop was.
        const templates = await appendTemplates(databaseUrl, 3000);
        const rawUrl = await createDatabase(infra.adminUrl, rawName);
        const migrated = await openStore(rawUrl);
        await migrated.dataSource.destroy();
        await rawAppends(rawUrl, templates, { concurrency, seconds: warmup });
        const raw = await rawAppends(rawUrl, templates, { concurrency, seconds });
        log(`raw appends (${concurrency} callers): ${raw.perSecond}/s, p50 ${raw.p50Ms} ms, p99 ${raw.p99Ms} ms`);
        const eventsPerCommand = templates.reduce((sum, t) => sum + t.events.length, 0) / templates.length;
        const notes = [
          `commands_per_s, p50_ms, p99_ms: ${concurrency} callers back to back for ${seconds} s (closed loop) after ${warmup} s of warm-up, latency from send to answer. ` +
            `Mix: ${MIX}, ${branches.length} branches; HTTP on loopback with a head-office bearer token; the load generator runs on the same machine. ` +
            `The command API's event store pool holds 10 connections (the platform's default).`,
          `raw_*: the same rows (copies of ${templates.length} commands the run stored: their events, ${round(eventsPerCommand, 2)} a command, and their idempotency rows) ` +
            `written with pg by ${concurrency} callers for ${seconds} s after ${warmup} s of warm-up, on a fresh store of the same schema after the command API stopped; ` +
            `one transaction each: probe the stream version and event ids, insert the events, store the key with its answer (named statements). ` +
            `ratio_vs_raw = commands_per_s ÷ raw_appends_per_s.`,
          `The relay published ${stopped.output.published} events; ${relayNote(catchUp, 'after the closed loop', 60_000)}.`,
        ];
        if (closed.errors > 0) notes.push(`${closed.errors} calls were not answered 201, e.g. ${closed.errorSamples.slice(0, 2).join(' | ')}`);
        return {
          figures: {
            commands_per_s: closed.perSecond,
            p50_ms: closed.p50Ms,
            p99_ms: closed.p99Ms,
            raw_appends_per_s: raw.perSecond,
            raw_p50_ms: raw.p50Ms,
            raw_p99_ms: raw.p99Ms,
            ratio_vs_raw: raw.perSecond > 0 ? round(closed.perSecond / raw.perSecond, 3) : null,
            errors: closed.errors,
            relay_behind_s: catchUp,
            api_peak_rss_mb: stopped.peakRssMb,
          },
          parameters: { seconds, concurrency, 'warmup-s': warmup, branches: branches.length },
          notes,
        };
      });
    } finally {
      await dropDatabase(infra.adminUrl, rawName);
    }
  },
};

export const commandsOpenBenchmark: Benchmark = {
  name: 'commands-open',
  description: 'HTTP commands at a fixed arrival rate (open loop, 1,000/s): achieved rate, p50/p99/max from the scheduled send, calls behind',
  async run(context: BenchContext): Promise<BenchOutcome> {
    const { infra, args, log } = context;
    const rate = size(args, 'rate', 1000);
    const seconds = size(args, 'seconds', 20);
    const warmup = size(args, 'warmup-s', 3);
    const concurrency = size(args, 'concurrency', 16);
    const goalMs = size(args, 'goal-ms', 25);
    const lateMs = size(args, 'late-ms', 5);
    const drain = size(args, 'drain-s', 30);
    const branches = branchIds(size(args, 'branches', 20));
    return withCommandApi(context, `bench_commands_open_${infra.runId}`, branches, async ({ target, databaseUrl, api, next }) => {
      await closedLoop(target, next, { concurrency, seconds: warmup, expect: created });
      const warm = await waitForRelay(databaseUrl, 60_000);
      const open = await openLoop(target, next, { rate, seconds, expect: created, boundMs: goalMs, lateMs, drainSeconds: drain });
      log(
        `open loop at ${rate}/s: ${open.perSecond}/s, p50 ${open.p50Ms} ms, p99 ${open.p99Ms} ms, max ${open.maxMs} ms, ${open.slowerThanBound} over ${goalMs} ms`,
      );
      const catchUp = await waitForRelay(databaseUrl, 60_000);
      const stopped = await api.stop();
      const notes = [
        `An open loop: ${open.due} calls due at ${rate}/s for ${seconds} s, each sent when due whatever the answers (a slow answer does not hold back the next), ` +
          `after ${warmup} s of warm-up (${concurrency} callers, closed loop); p50_ms/p99_ms/max_ms count from when each call was due, so a stall of the API or of the generator shows. ` +
          `Mix: ${MIX}, ${branches.length} branches; HTTP on loopback with a head-office bearer token; the load generator runs on the same machine.`,
        `achieved_rate_per_s: calls answered ÷ the time from the first call due to the last answer. late_sends: calls the generator itself sent more than ${lateMs} ms after they were due; ` +
          `slower_than_goal: calls answered more than ${goalMs} ms after they were due (or not at all); unanswered: still open ${drain} s after the last call was due (counted in the percentiles with the time they had waited); ` +
          `max_in_flight: the most calls open at once.`,
        `The relay published ${stopped.output.published} events; ${relayNote(warm, 'after the warm-up', 60_000)}, and ${relayNote(catchUp, 'after the open loop', 60_000)}.`,
      ];
      if (open.errors > 0) notes.push(`${open.errors} calls were not answered 201, e.g. ${open.errorSamples.slice(0, 2).join(' | ')}`);
      return {
        figures: {
          achieved_rate_per_s: open.perSecond,
          p50_ms: open.p50Ms,
          p99_ms: open.p99Ms,
          max_ms: open.maxMs,
          late_sends: open.lateSends,
          slower_than_goal: open.slowerThanBound,
          unanswered: open.unanswered,
          max_in_flight: open.maxInFlight,
          errors: open.errors,
          relay_behind_s: catchUp,
          api_peak_rss_mb: stopped.peakRssMb,
        },
        parameters: { rate, seconds, 'warmup-s': warmup, concurrency, 'goal-ms': goalMs, 'late-ms': lateMs, 'drain-s': drain, branches: branches.length },
        notes,
      };
    });
  },
};
