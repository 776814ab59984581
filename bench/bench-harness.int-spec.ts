// A smoke run of every benchmark on tiny data against the integration tier's real Postgres and
// Kafka (and the embedded ClickHouse engine in the workers): the harness keeps working. The
// figures are not checked against the goals here; benchmarks never run in CI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BENCHMARKS } from './benchmarks';
import { runBenchmark } from './run';

const benchData = mkdtempSync(join(tmpdir(), 'kpi-bench-'));
process.env.BENCH_DATA_DIR = benchData;

const TINY: Record<string, Record<string, number>> = {
  projector: { events: 3000, branches: 5, 'timeout-s': 120 },
  commands: { seconds: 1, 'warmup-s': 1, concurrency: 4, branches: 3 },
  'commands-open': { rate: 50, seconds: 1, 'warmup-s': 1, concurrency: 4, branches: 3, 'drain-s': 20 },
  freshness: { seconds: 3, rate: 100, 'probe-ms': 500, branches: 3 },
  queries: { events: 4000, 'seed-events': 2000, branches: 5, seconds: 1, 'min-requests': 2, 'max-requests': 3 },
  rebuild: { events: 3000, branches: 5 },
  // From the sources (no `npm run build` in the test), a demo of one branch and one month.
  'first-start': { 'from-sources': 1, branches: 1, months: 1, 'window-s': 2, 'sample-ms': 250, 'timeout-s': 240 },
};

/** Figures every result must carry (the names). */
const REQUIRED: Record<string, string[]> = {
  projector: [
    'projector_events_per_s',
    'raw_consume_events_per_s',
    'raw_insert_rows_per_s',
    'ratio',
    'platformatic_consume_events_per_s',
    'projector_peak_rss_mb',
  ],
  commands: ['commands_per_s', 'p50_ms', 'p99_ms', 'raw_appends_per_s', 'raw_p99_ms', 'ratio_vs_raw', 'api_peak_rss_mb'],
  'commands-open': ['achieved_rate_per_s', 'p50_ms', 'p99_ms', 'max_ms', 'max_in_flight', 'api_peak_rss_mb'],
  freshness: ['p50_ms', 'p99_ms', 'store_to_kafka_p50_ms', 'projector_peak_rss_mb', 'api_peak_rss_mb'],
  queries: ['scorecard_p95_ms_4k', 'summary_p95_ms_4k', 'kpi_p95_ms_4k', 'breakdown_p95_ms_4k', 'league_p95_ms_4k', 'api_peak_rss_mb'],
  rebuild: ['rebuild_events_per_s', 'projector_peak_rss_mb'],
  'first-start': [
    'first_start_s',
    'boot_s',
    'seed_s',
    'seed_commands',
    'seed_commands_per_s',
    'projector_caught_up_s',
    'rollup_ready_s',
    'ready_s',
    'first_scorecard_ms',
  ],
};

describe('benchmark harness (tiny data)', () => {
  afterAll(async () => {
    rmSync(benchData, { recursive: true, force: true });
    const client = new Client({ connectionString: process.env.POSTGRES_ADMIN_URL });
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS bench_store_3k_5b WITH (FORCE)');
    await client.end();
  });

  it('knows the benchmarks of issues #8 and #18', () => {
    expect(BENCHMARKS.map((b) => b.name).sort()).toEqual(['commands', 'commands-open', 'first-start', 'freshness', 'projector', 'queries', 'rebuild']);
  });

  it.each(Object.keys(TINY))(
    'runs %s and reports its figures',
    async (name) => {
      const benchmark = BENCHMARKS.find((b) => b.name === name)!;
      const result = await runBenchmark(benchmark, { sizes: TINY[name]! });
      expect(result.benchmark).toBe(name);
      expect(result.machine.node).toBe(process.version);
      expect(result.machine.cpus).toBeGreaterThan(0);
      for (const figure of REQUIRED[name]!) {
        // A figure that is missing or null fails here with its name.
        expect([figure, typeof result.figures[figure]]).toEqual([figure, 'number']);
        expect(result.figures[figure]).toBeGreaterThan(0);
      }
      expect(result.notes.join(' ')).not.toMatch(/generator is wrong|not visible|errors, e\.g\.|not answered 201/);
      if ('errors' in result.figures) expect(result.figures.errors).toBe(0);
    },
    300_000,
  );
});
