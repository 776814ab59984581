// first-start: what `npm start` does on a fresh clone, timed from outside. `npm start` is
// `npm run build` then `node dist/apps/platform/src/main.js`; the benchmark runs those two steps
// itself (timing the build apart) with a fresh data folder (the embedded ClickHouse engine's),
// a fresh Postgres database, a free port on loopback and no Kafka (the default first start: the
// projector follows the store in the process). It waits for the banner the platform prints once
// the demo is seeded through the command path, the projector has every event and the KPI month
// roll-up is current (the dashboard is ready), reads one scorecard, then stops the platform with
// SIGINT. The seed's rate over time comes from Postgres: committed commands (every simulated
// command carries an idempotency key) counted every second.
import { bearerFor } from '@app/auth';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { createDatabase, dropDatabase } from './lib/infra';
import { Figure, REPO_ROOT, round } from './lib/results';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Runs a command to its end; rejects with its output's tail when it fails or takes longer than `timeoutMs`. */
function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} ended with ${signal ?? `code ${code}`}:\n${output.slice(-3000)}`));
    });
  });
}

/** The platform process, its output as lines with the time each arrived (seconds after the spawn). */
class Platform {
  readonly lines: { t: number; text: string }[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly started = performance.now();
  private partial = '';

  constructor(fromSources: boolean, env: NodeJS.ProcessEnv) {
    // From the sources: the entry point through ts-node with swc, as the platform's process test runs it.
    const args = fromSources
      ? [
          '-e',
          `process.argv.splice(1, 0, 'apps/platform/src/main.ts');
           require('ts-node').register({ transpileOnly: true, swc: true, project: 'tsconfig.json' });
           require('tsconfig-paths/register');
           require('./apps/platform/src/main.ts');`,
        ]
      : [join('dist', 'apps', 'platform', 'src', 'main.js')];
    this.child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split(/\r?\n|\r/);
      this.partial = parts.pop() ?? '';
      const t = this.elapsed();
      for (const line of parts) if (line.trim() !== '') this.lines.push({ t, text: line });
    };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  /** The first line matching `pattern` (waits for it), or an error when the process exits or `deadline` (elapsed seconds) passes. */
  async line(pattern: RegExp, deadline: number): Promise<{ t: number; match: RegExpExecArray }> {
    for (;;) {
      for (const line of this.lines) {
        const match = pattern.exec(line.text);
        if (match) return { t: line.t, match };
      }
      if (!this.running) throw new Error(`the platform exited before printing ${pattern}:\n${this.tail()}`);
      if (this.elapsed() > deadline) throw new Error(`the platform did not print ${pattern} within ${round(deadline)} s:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  tail(): string {
    return this.lines
      .slice(-40)
      .map((l) => l.text)
      .join('\n');
  }

  /** The process's peak resident set (VmHWM), on Linux. */
  peakRssMb(): number | null {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
      return match ? Math.round(Number(match[1]) / 1024) : null;
    } catch {
      return null;
    }
  }

  /** SIGINT (the platform's Ctrl-C), then SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const outcome = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.child.kill('SIGKILL');
      await this.exited;
      return null;
    }
    return outcome;
  }
}

export interface Sample {
  /** Seconds after the platform was spawned. */
  readonly t: number;
  /** Commands committed (idempotency rows answered). */
  readonly commands: number;
}

/** Counts committed commands every `intervalMs` until stopped. */
function sampleCommands(databaseUrl: string, platform: Platform, intervalMs: number): { samples: Sample[]; stop(): Promise<void> } {
  const samples: Sample[] = [];
  let stopping = false;
  const loop = (async () => {
    const client = new Client({ connectionString: databaseUrl, application_name: 'bench-first-start-sampler' });
    await client.connect();
    try {
      while (!stopping) {
        const t = platform.elapsed();
        try {
          const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM idempotency_keys WHERE status_code > 0');
          samples.push({ t, commands: Number(rows[0]?.n ?? 0) });
        } catch (error) {
          // Before the migrations there is no table yet: nothing is committed.
          if ((error as { code?: string }).code !== '42P01') throw error;
          samples.push({ t, commands: 0 });
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    samples,
    stop: async () => {
      stopping = true;
      await loop;
    },
  };
}

/** Linear interpolation of the committed count at time `t`. */
function countAt(samples: readonly Sample[], t: number): number {
  const after = samples.findIndex((s) => s.t >= t);
  if (after < 0) return samples.at(-1)?.commands ?? 0;
  if (after === 0) return samples[0]!.commands;
  const a = samples[after - 1]!;
  const b = samples[after]!;
  return a.commands + ((b.commands - a.commands) * (t - a.t)) / Math.max(b.t - a.t, 1e-9);
}

/** The first time the committed count reached `n` (interpolated between samples). */
function timeOf(samples: readonly Sample[], n: number): number | undefined {
  const at = samples.findIndex((s) => s.commands >= n);
  if (at < 0) return undefined;
  if (at === 0) return samples[0]!.t;
  const a = samples[at - 1]!;
  const b = samples[at]!;
  return a.t + ((b.t - a.t) * (n - a.commands)) / Math.max(b.commands - a.commands, 1e-9);
}

/** Commands/s in each tenth of the seed (by commands committed). */
export function rateByTenth(samples: readonly Sample[], from: number, total: number): Figure[] {
  const rates: Figure[] = [];
  for (let k = 0; k < 10; k++) {
    const start = k === 0 ? from : timeOf(samples, (total * k) / 10);
    const end = timeOf(samples, (total * (k + 1)) / 10);
    rates.push(start === undefined || end === undefined || end - start <= 0 ? null : round(total / 10 / (end - start)));
  }
  return rates;
}

/** Commands/s in consecutive windows of `windowS` from `from` to `to` (the last one shorter). */
export function rateByWindow(samples: readonly Sample[], from: number, to: number, windowS: number): number[] {
  const rates: number[] = [];
  for (let start = from; start < to - 1e-6; start += windowS) {
    const end = Math.min(start + windowS, to);
    rates.push(round((countAt(samples, end) - countAt(samples, start)) / (end - start)));
  }
  return rates;
}

/** Environment variables of the caller that would point the platform elsewhere than its own fresh install. */
const NOT_INHERITED = /^(DATABASE_URL|KAFKA_.*|CLICKHOUSE_.*|DATA_DIR|PORT|HOST|LOG_FORMAT|LOG_LEVEL|DEMO_.*|READINESS_.*|EMBEDDED_POSTGRES_PORT)$/;

export const firstStartBenchmark: Benchmark = {
  name: 'first-start',
  description: '`npm start` on a fresh data folder: build, demo seed through the command path, projection, KPI roll-up, dashboard ready; seed rate over time',
  // npm start's default first start runs without Kafka: no broker beside it.
  usesKafka: false,
  async run({ infra, args, log }: BenchContext): Promise<BenchOutcome> {
    const fromSources = size(args, 'from-sources', 0) > 0;
    const timeoutS = size(args, 'timeout-s', 900);
    const windowS = size(args, 'window-s', 10);
    const sampleMs = size(args, 'sample-ms', 1000);
    const demo: Record<string, string> = {};
    if (args.sizes.branches !== undefined) demo.DEMO_BRANCHES = String(args.sizes.branches);
    if (args.sizes.months !== undefined) demo.DEMO_MONTHS = String(args.sizes.months);
    if (args.sizes.scale !== undefined) demo.DEMO_SCALE = String(args.sizes.scale);
    const dbName = `bench_first_start_${infra.runId}`;
    const dataDir = join(infra.runDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.test(name)));

    let buildS: number | null = null;
    if (!fromSources) {
      const t0 = performance.now();
      log('building (npm run build, the first half of npm start)');
      await runToEnd('npm', ['run', 'build', '--silent'], inherited, timeoutS * 1000);
      buildS = round((performance.now() - t0) / 1000, 2);
      if (!existsSync(join(REPO_ROOT, 'dist', 'apps', 'platform', 'src', 'main.js'))) throw new Error('npm run build left no dist/apps/platform/src/main.js');
    }

    const databaseUrl = await createDatabase(infra.adminUrl, dbName);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      ...demo,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'log',
      NO_COLOR: '1',
    };
    log(`starting the platform on 127.0.0.1:${port} (${fromSources ? 'from the sources' : 'dist'}), data in ${dataDir}, database ${dbName}`);
    const platform = new Platform(fromSources, env);
    const sampler = sampleCommands(databaseUrl, platform, sampleMs);
    const deadline = timeoutS - (buildS ?? 0);
    try {
      const listening = await platform.line(/listening on http:\/\/127\.0\.0\.1:\d+/, deadline);
      const seeding = await platform.line(/first start: seeding the demo \((.*)\)/, deadline);
      log(`listening after ${round(listening.t, 1)} s; seeding the demo (${seeding.match[1]})`);
      const seeded = await platform.line(/demo seeded: (\d+) commands.*?, (\d+) events, (\S+) to (\S+), in ([\d.]+) s/, deadline);
      const commands = Number(seeded.match[1]);
      const events = Number(seeded.match[2]);
      const toMonth = seeded.match[4] ?? '';
      const seedS = Number(seeded.match[5]);
      log(`seeded ${commands} commands in ${seedS} s; waiting for the projector and the KPI month roll-up`);

      // After the seed: when the projector has every event, and when the roll-up is current at the store's head.
      let projectedT: number | undefined;
      let rollupT: number | undefined;
      const banner = platform.line(/Dashboard: {2}http:\/\/127\.0\.0\.1:\d+\//, deadline);
      let bannerSeen = false;
      void banner.then(
        () => (bannerSeen = true),
        () => (bannerSeen = true),
      );
      while (!bannerSeen && (projectedT === undefined || rollupT === undefined)) {
        const t = platform.elapsed();
        const answer = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        if (answer?.status === 200) {
          const ready = (await answer.json()) as {
            projector: { lag: { events: number | null } };
            kpiRollup: { lag: { events: number | null } };
            kpiRollupCurrent: boolean;
          };
          if (projectedT === undefined && ready.projector.lag.events === 0) projectedT = t;
          if (rollupT === undefined && ready.kpiRollupCurrent && ready.kpiRollup.lag.events === 0) rollupT = t;
        }
        if (platform.elapsed() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const ready = await banner;
      // The banner comes only after both caught up: a step between two polls is dated by the banner.
      projectedT ??= ready.t;
      rollupT ??= ready.t;
      const page = await fetch(`http://127.0.0.1:${port}/`);
      if (page.status !== 200) throw new Error(`the dashboard page answered ${page.status} after the banner`);
      const t0 = performance.now();
      const scorecard = await fetch(`http://127.0.0.1:${port}/api/v1/scorecard?period=${toMonth}&level=branch`, {
        headers: bearerFor('head-office', { subject: 'bench' }),
      });
      const scorecardMs = round(performance.now() - t0, 1);
      const scorecardBody = await scorecard.text();
      const peakRss = platform.peakRssMb();
      const exit = await platform.stop(60_000);
      await sampler.stop();

      const samples = sampler.samples;
      const seedFrom = seeding.t;
      const seedTo = seeded.t;
      const tenths = rateByTenth(samples, seedFrom, commands);
      const windows = rateByWindow(samples, seedFrom, seedTo, windowS);
      const first = tenths[0] ?? null;
      const last = tenths[9] ?? null;
      const readyS = round(ready.t, 2);
      const figures: Record<string, Figure> = {
        first_start_s: round((buildS ?? 0) + ready.t, 2),
        build_s: buildS,
        boot_s: round(listening.t, 2),
        seed_s: seedS,
        seed_commands: commands,
        seed_events: events,
        seed_commands_per_s: seedS > 0 ? round(commands / seedS) : null,
        ...Object.fromEntries(tenths.map((rate, k) => [`seed_rate_tenth_${k + 1}_per_s`, rate])),
        seed_rate_last_vs_first: first !== null && last !== null && first > 0 ? round(last / first, 3) : null,
        projector_caught_up_s: round(projectedT, 2),
        rollup_ready_s: round(rollupT, 2),
        ready_s: readyS,
        first_scorecard_ms: scorecard.status === 200 ? scorecardMs : null,
        platform_peak_rss_mb: peakRss,
      };
      const notes = [
        `What npm start does on a fresh clone (${seeding.match[1]}): ${fromSources ? 'from the sources through ts-node with swc (--from-sources: no build, so first_start_s = ready_s)' : '`npm run build`, timed as build_s, then `node dist/apps/platform/src/main.js`'}, ` +
          `embedded mode (no Kafka: the projector follows the store in the process), a fresh Postgres database, a fresh data folder for the embedded ClickHouse engine, a free port on loopback. ` +
          `first_start_s = build_s + ready_s; *_s after the spawn of the platform: boot_s to listening, projector_caught_up_s and rollup_ready_s (GET /health/ready polled every 250 ms after the seed: the projector's and the KPI month roll-up's lag 0), ` +
          `ready_s to the banner naming the dashboard (printed once the projector and the roll-up have caught up); seed_s as the platform reports it.`,
        `Seed rate: commands committed (answered idempotency rows) counted every ${sampleMs} ms; seed_rate_tenth_N_per_s over each tenth of the ${commands} commands; ` +
          `seed_rate_last_vs_first = last tenth ÷ first. Per ${windowS} s window (commands/s): ${windows.join(', ')}.`,
        `After the banner: GET / answered ${page.status}; GET /api/v1/scorecard?period=${toMonth}&level=branch as head office answered ${scorecard.status} in ${scorecardMs} ms. ` +
          `The platform ${exit === 0 ? 'stopped cleanly on SIGINT' : `ended with ${exit === null ? 'SIGKILL after 60 s' : `code ${exit}`}`}; platform_peak_rss_mb is its VmHWM.`,
      ];
      if (scorecard.status !== 200) notes.push(`The scorecard answered ${scorecard.status}: ${scorecardBody.slice(0, 300)}`);
      log(`ready after ${readyS} s (first start ${figures.first_start_s} s); seed rate by tenth: ${tenths.join(', ')}`);
      return {
        figures,
        parameters: {
          'from-sources': fromSources,
          branches: demo.DEMO_BRANCHES ?? 'default',
          months: demo.DEMO_MONTHS ?? 'default',
          scale: demo.DEMO_SCALE ?? 'default',
          'window-s': windowS,
          'sample-ms': sampleMs,
          'timeout-s': timeoutS,
        },
        notes,
      };
    } finally {
      if (platform.running) await platform.stop(60_000);
      await sampler.stop().catch(() => undefined);
      await dropDatabase(infra.adminUrl, dbName);
    }
  },
};
