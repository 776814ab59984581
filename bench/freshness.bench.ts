// freshness: from an event accepted (HTTP 201 of a command) to the KPI endpoint showing it, while
// the store takes a constant background load (2,000 events/s by default) for 60 s. The whole
// pipeline runs: command API + relay (one process), Kafka, projector + reporting API (one
// process, the embedded ClickHouse engine allows one per data directory).
import { signDevToken, bearerFor } from '@app/auth';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { deliveryBody } from './commands.bench';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { startWorker } from './lib/child';
import { COPY_EVENTS_SQL, csvLine } from './lib/event-store-dataset';
import { ActivityGenerator, branchIds } from './lib/events';
import { HttpTarget } from './lib/http-load';
import { createDatabase, createTopics, dropDatabase } from './lib/infra';
import { percentile, round } from './lib/results';

const PROBE_BRANCH = 'PROBE-01';
const TICK_MS = 50;

async function openBranch(target: HttpTarget, branchId: string): Promise<void> {
  const answer = await target.send({
    method: 'POST',
    path: '/api/v1/org/branches',
    body: { branchId, name: `Bench ${branchId}`, brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' },
  });
  if (answer.status !== 201) throw new Error(`opening ${branchId}: ${answer.status} ${answer.body}`);
}

/** Appends `rate` synthetic events a second straight into the store (COPY per 50 ms tick) until stopped. */
function backgroundLoad(databaseUrl: string, branches: readonly string[], rate: number): { stop(): Promise<{ events: number; lateTicks: number }> } {
  let stopping = false;
  let events = 0;
  let lateTicks = 0;
  const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
  const running = (async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const generator = new ActivityGenerator({ branches, expectedEvents: rate * 600, from: '2026-02-01T00:00:00Z', days: 30 });
    const started = performance.now();
    try {
      for (let tick = 0; !stopping; tick++) {
        const due = started + tick * TICK_MS;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else if (wait < -TICK_MS) lateTicks++;
        const batch = generator.next(perTick).slice(0, perTick);
        const copy = client.query(copyFrom(COPY_EVENTS_SQL));
        const done = new Promise<void>((resolve, reject) => {
          copy.on('finish', resolve);
          copy.on('error', reject);
        });
        copy.end(batch.map(csvLine).join('\n') + '\n');
        await done;
        events += batch.length;
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await running;
      return { events, lateTicks };
    },
  };
}

export const freshnessBenchmark: Benchmark = {
  name: 'freshness',
  description: 'event accepted → visible through the KPI endpoint, under a constant 2,000 events/s for 60 s',
  async run({ infra, args, log }: BenchContext): Promise<BenchOutcome> {
    const rate = size(args, 'rate', 2000);
    const seconds = size(args, 'seconds', 60);
    const probeEveryMs = size(args, 'probe-ms', 500);
    const branches = branchIds(size(args, 'branches', 20));
    const prefix = `bench-${infra.runId}.`;
    const dbName = `bench_freshness_${infra.runId}`;
    const databaseUrl = await createDatabase(infra.adminUrl, dbName);
    const topics = await createTopics(infra.brokers, prefix);
    const profile = args.profileDir ? { cpuProfileDir: args.profileDir } : {};
    const commands = startWorker('command-api', { databaseUrl, brokers: infra.brokers, topicPrefix: prefix }, profile);
    const readSide = startWorker(
      'reporting-api',
      { clickHouseDataDir: join(infra.runDir, 'chdb-freshness'), projector: { databaseUrl, brokers: infra.brokers, topicPrefix: prefix } },
      profile,
    );
    const targets: HttpTarget[] = [];
    try {
      const [commandReady, readReady] = (await Promise.all([commands.ready, readSide.ready])) as { port?: number; failed?: string }[];
      if (commandReady?.port === undefined || readReady?.port === undefined) {
        throw new Error(`a worker did not start: ${commandReady?.failed ?? ''} ${readReady?.failed ?? ''}`);
      }
      const write = new HttpTarget(commandReady.port, undefined, bearerFor('head-office', { subject: 'bench' }));
      const read = new HttpTarget(readReady.port);
      targets.push(write, read);
      for (const branchId of [...branches, PROBE_BRANCH]) await openBranch(write, branchId);
      const token = await signDevToken({ role: 'head-office', subject: 'bench' });
      const kpiPath = `/api/v1/kpis/units_delivered?from=2026-01&to=2026-01&groupBy=branch&branchId=${PROBE_BRANCH}`;
      const delivered = async (): Promise<number | undefined> => {
        const answer = await read.send({ method: 'GET', path: kpiPath, headers: { authorization: `Bearer ${token}` } });
        if (answer.status !== 200) return undefined;
        const body = JSON.parse(answer.body) as { points?: { value?: string | number | null }[] };
        return (body.points ?? []).reduce((sum, p) => sum + Number(p.value ?? 0), 0);
      };
      // The scorecard reads the KPI roll-up (recomputed by the projector's refresher), not the facts.
      const scorecardPath = `/api/v1/scorecard?period=2026-01&level=branch`;
      const scorecardDelivered = async (): Promise<number | undefined> => {
        const answer = await read.send({ method: 'GET', path: scorecardPath, headers: { authorization: `Bearer ${token}` } });
        if (answer.status !== 200) return undefined;
        const body = JSON.parse(answer.body) as { rows?: { unitId: string; figures: Record<string, { value?: string | null } | undefined> }[] };
        const row = (body.rows ?? []).find((r) => r.unitId === PROBE_BRANCH);
        return Number(row?.figures.units_delivered?.value ?? 0);
      };
      // The projector is up once the probe branch's KPI answers.
      const deadline = performance.now() + 120_000;
      while ((await delivered()) === undefined) {
        if (performance.now() > deadline) throw new Error(`the KPI endpoint did not answer ${kpiPath}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }

      // When each probe reaches Kafka: splits the latency into store → Kafka and Kafka → KPI.
      const probeStream = `vehicle-sale-PROBE-${infra.runId}-`;
      const inKafka = new Map<string, number>();
      const watcher = topics.kafka.consumer({ groupId: `${prefix}freshness-watch` });
      await watcher.connect();
      const joined = new Promise<void>((resolve) => watcher.on(watcher.events.GROUP_JOIN, () => resolve()));
      await watcher.subscribe({ topics: topics.topics, fromBeginning: false });
      await watcher.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          if (key.startsWith(probeStream)) inKafka.set(key, performance.now());
        },
      });
      await joined;
      const relayed: number[] = [];

      const load = backgroundLoad(databaseUrl, branches, rate);
      const latencies: number[] = [];
      // The scorecard (KPI month roll-up) polled every 200 ms beside the probes, without holding them up.
      const acceptedAt: number[] = [];
      const scorecardLatencies: number[] = [];
      const scorecardPolling = { on: true, until: Number.POSITIVE_INFINITY };
      const scorecardPoller = (async () => {
        while (scorecardLatencies.length < acceptedAt.length || scorecardPolling.on) {
          if (performance.now() > scorecardPolling.until) break;
          const seen = await scorecardDelivered();
          const now = performance.now();
          if (seen !== undefined) {
            while (scorecardLatencies.length < Math.min(seen, acceptedAt.length)) scorecardLatencies.push(now - (acceptedAt[scorecardLatencies.length] ?? now));
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      })();
      let probes = 0;
      let unanswered = 0;
      const started = performance.now();
      while (performance.now() - started < seconds * 1000) {
        const slot = performance.now();
        const answer = await write.send({
          method: 'POST',
          path: `/api/v1/sales/vehicle-sales/PROBE-${infra.runId}-${probes}/delivery`,
          body: deliveryBody(PROBE_BRANCH, '2026-01-15T03:00:00Z'),
        });
        if (answer.status !== 201) throw new Error(`probe delivery: ${answer.status} ${answer.body}`);
        const accepted = performance.now();
        acceptedAt.push(accepted);
        probes++;
        const giveUp = accepted + 30_000;
        for (;;) {
          const seen = await delivered();
          if (seen !== undefined && seen >= probes) {
            latencies.push(performance.now() - accepted);
            const reached = inKafka.get(`${probeStream}${probes - 1}`);
            if (reached !== undefined) relayed.push(reached - accepted);
            break;
          }
          if (performance.now() > giveUp) {
            unanswered++;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const rest = slot + probeEveryMs - performance.now();
        if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
      }
      const background = await load.stop();
      // The scorecard catches up with the last probes (at most a minute more).
      scorecardPolling.on = false;
      scorecardPolling.until = performance.now() + 60_000;
      await scorecardPoller;
      await watcher.disconnect();
      relayed.sort((a, b) => a - b);
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      scorecardLatencies.sort((a, b) => a - b);
      log(
        `${probes} probes: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms; background ${Math.round(background.events / elapsed)} events/s`,
      );
      const commandOut = await commands.stop();
      const readOut = await readSide.stop();
      const notes = [
        `${probes} probes, one every ${probeEveryMs} ms: a DeliverVehicle command (HTTP 201 = accepted), then GET ${kpiPath.split('?')[0]} polled every 10 ms until units_delivered counts it. ` +
          `Background: ${Math.round(background.events / elapsed)} synthetic events/s appended straight into the store (COPY every ${TICK_MS} ms; ${background.lateTicks} late ticks), ` +
          `so the HTTP command limit (see commands) does not cap the load; relay, Kafka, projector and roll-ups carry all of it. ` +
          `store_to_kafka_*: from the 201 to the probe's message arriving at a consumer of the topic (the rest is projector, roll-up and query). ` +
          `scorecard_*: from the 201 to GET ${scorecardPath.split('?')[0]} (which reads the KPI month roll-up, recomputed by the projector's refresher) counting the probe, polled every 200 ms beside the probes (${scorecardLatencies.length} of ${probes} probes seen on it). ` +
          `projector_peak_rss_mb is the process of the projector and the reporting API (one process: the embedded engine's one data directory); api_peak_rss_mb the command API with the relay.`,
      ];
      if (unanswered > 0) notes.push(`${unanswered} probes were not visible within 30 s`);
      return {
        figures: {
          p50_ms: round(percentile(latencies, 50)),
          p99_ms: round(percentile(latencies, 99)),
          max_ms: round(latencies.at(-1) ?? Number.NaN),
          scorecard_p50_ms: scorecardLatencies.length > 0 ? round(percentile(scorecardLatencies, 50)) : null,
          scorecard_p99_ms: scorecardLatencies.length > 0 ? round(percentile(scorecardLatencies, 99)) : null,
          store_to_kafka_p50_ms: relayed.length > 0 ? round(percentile(relayed, 50)) : null,
          store_to_kafka_p99_ms: relayed.length > 0 ? round(percentile(relayed, 99)) : null,
          background_events_per_s: Math.round(background.events / elapsed),
          projector_peak_rss_mb: readOut.peakRssMb,
          api_peak_rss_mb: commandOut.peakRssMb,
        },
        parameters: { rate, seconds, probe_every_ms: probeEveryMs, branches: branches.length, probes },
        notes,
      };
    } finally {
      for (const t of targets) t.close();
      await Promise.allSettled([commands.stop(), readSide.stop()]);
      await Promise.all([commands.end(), readSide.end()]);
      await topics.remove();
      await dropDatabase(infra.adminUrl, dbName);
    }
  },
};
