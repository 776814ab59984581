// queries: latency of the reporting API's scorecard, monthly summary, KPI series, a breakdown by
// consultant of one branch-month and a consultant league table at 1 M,
// 10 M and 50 M events of fact data (bench/workers/query-data.task.ts), one request at a time.
import { signDevToken } from '@app/auth';
import { join } from 'node:path';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { runWorker, startWorker } from './lib/child';
import { branchIds } from './lib/events';
import { datasetLabel } from './lib/event-store-dataset';
import { HttpCall, HttpTarget, sequential } from './lib/http-load';
import { benchDataDir } from './lib/infra';
import { Figure } from './lib/results';

const SCALES = [1_000_000, 10_000_000, 50_000_000];
/** Months the synthetic activity covers (bench/lib/events.ts: 640 days from 2025-01-01). */
const MONTHS = Array.from({ length: 21 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

interface Endpoint {
  readonly name: string;
  call(i: number, branches: readonly string[]): HttpCall;
}

const ENDPOINTS: readonly Endpoint[] = [
  { name: 'scorecard', call: (i) => ({ method: 'GET', path: `/api/v1/scorecard?period=${MONTHS[i % MONTHS.length]}&level=branch` }) },
  {
    name: 'summary',
    call: (i, branches) => ({ method: 'GET', path: `/api/v1/branches/${branches[i % branches.length]}/monthly-summary/${MONTHS[(i * 7) % MONTHS.length]}` }),
  },
  {
    name: 'kpi',
    call: (i, branches) => ({
      method: 'GET',
      path: `/api/v1/kpis/service_revenue?from=2025-01&to=2025-12&groupBy=branch&branchId=${branches[i % branches.length]}`,
    }),
  },
  {
    // A breakdown by consultant of one branch-month (the deliveries joined to their orders).
    name: 'breakdown',
    call: (i, branches) => {
      const month = MONTHS[(i * 5) % MONTHS.length];
      return {
        method: 'GET',
        path: `/api/v1/kpis/units_delivered?from=${month}&to=${month}&groupBy=branch&branchId=${branches[i % branches.length]}&by=consultant`,
      };
    },
  },
  {
    name: 'league',
    call: (i, branches) => ({
      method: 'GET',
      path: `/api/v1/league-tables/consultants?period=${MONTHS[(i * 3) % MONTHS.length]}&branchId=${branches[i % branches.length]}`,
    }),
  },
];

export const queriesBenchmark: Benchmark = {
  name: 'queries',
  description: 'reporting API latency (scorecard, monthly summary, KPI series, breakdown by consultant, league table) at 1 M / 10 M / 50 M events',
  async run({ args, log }: BenchContext): Promise<BenchOutcome> {
    const scales = args.sizes.events !== undefined ? [args.sizes.events] : SCALES;
    const branches = branchIds(size(args, 'branches', 50));
    const seedEvents = size(args, 'seed-events', 200_000);
    const token = await signDevToken({ role: 'head-office', subject: 'bench' });
    const headers = { authorization: `Bearer ${token}` };
    const figures: Record<string, Figure> = {};
    const notes: string[] = [];
    for (const events of scales) {
      const label = datasetLabel(events);
      const dataDir = join(benchDataDir(), `queries-${label}-${branches.length}b`, 'chdb');
      const data = await runWorker<{ reused: boolean; seconds: number }>('query-data', {
        clickHouseDataDir: dataDir,
        events,
        seedEvents,
        branches: branches.length,
      });
      log(`${label}: fact data ${data.output.reused ? 'reused' : `generated in ${Math.round(data.output.seconds)} s`} (${dataDir})`);
      const api = startWorker('reporting-api', { clickHouseDataDir: dataDir }, args.profileDir ? { cpuProfileDir: args.profileDir } : {});
      const target = { current: undefined as HttpTarget | undefined };
      try {
        const ready = (await api.ready) as { port?: number; failed?: string };
        if (ready.port === undefined) throw new Error(`the reporting API did not start: ${ready.failed}`);
        target.current = new HttpTarget(ready.port);
        for (const endpoint of ENDPOINTS) {
          const next = (i: number): HttpCall => ({ ...endpoint.call(i, branches), headers });
          const first = await target.current.send(next(0));
          if (first.status !== 200) {
            notes.push(`${label} ${endpoint.name}: ${first.status} ${first.body.slice(0, 200)}`);
            figures[`${endpoint.name}_p50_ms_${label}`] = null;
            figures[`${endpoint.name}_p95_ms_${label}`] = null;
            continue;
          }
          // Warm-up (first queries compile and load marks), then one request at a time.
          for (let i = 1; i < 4; i++) await target.current.send(next(i));
          const report = await sequential(target.current, next, {
            minRequests: size(args, 'min-requests', 10),
            maxRequests: size(args, 'max-requests', 200),
            seconds: size(args, 'seconds', 20),
          });
          log(`${label} ${endpoint.name}: p50 ${report.p50Ms} ms, p95 ${report.p95Ms} ms (${report.requests} requests, ${report.errors} errors)`);
          if (report.errors > 0) notes.push(`${label} ${endpoint.name}: ${report.errors} errors, e.g. ${report.errorSamples[0]}`);
          figures[`${endpoint.name}_p50_ms_${label}`] = report.p50Ms;
          figures[`${endpoint.name}_p95_ms_${label}`] = report.p95Ms;
        }
        const stopped = await api.stop();
        figures[`api_peak_rss_mb_${label}`] = stopped.peakRssMb;
        figures.api_peak_rss_mb = Math.max(figures.api_peak_rss_mb ?? 0, stopped.peakRssMb);
      } finally {
        target.current?.close();
        await api.end();
      }
    }
    notes.push(
      `Fact data: a seed of ${seedEvents.toLocaleString('en-US')} synthetic events through the real projection sink, then each fact table ` +
        `multiplied inside ClickHouse (INSERT … SELECT with fresh event ids and per-copy RO/sale/lead ids) to the scale; ${branches.length} branches in 5 regions; ` +
        `roll-ups recomputed from the facts. Requests one at a time per endpoint for 20 s (at least 10, at most 200), rotating months and branches, as a head-office token; ` +
        `data kept under .data/bench/queries-* between runs.`,
    );
    return { figures, parameters: { scales: scales.map(datasetLabel).join(','), branches: branches.length, seed_events: seedEvents }, notes };
  },
};
