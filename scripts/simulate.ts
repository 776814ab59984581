// Builds a believable dealer group and its history through the platform's real command handlers
// (the same path as POST /api/v1/<context>/batch), or keeps today's business going (--live).
//
// Usage: npm run simulate -- [--seed N] [--branches N] [--months N] [--scale X] [--end-month YYYY-MM]
//                            [--concurrency N] [--live [--rate N]]
//   Postgres and Kafka as `npm start` resolves them (DATABASE_URL, KAFKA_BROKERS, else the local
//   ones). The relay publishes the events to Kafka; the projector (npm start, or the projector
//   app) turns them into ClickHouse facts. A second run with the same options appends nothing.
import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { startInfrastructure } from '@app/infra';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { loadPlatformConfig } from '@app/platform-kit';
import { SalesModule } from '@app/sales';
import { DEFAULT_SIMULATION_OPTIONS, resolveSimulationOptions, runLiveMode, runSimulation, SimulationOptions } from '@app/simulator';
import { WorkshopModule } from '@app/workshop';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';

const USAGE = `usage: npm run simulate -- [--seed N] [--branches N] [--months N] [--scale X] [--end-month YYYY-MM] [--concurrency N] [--live [--rate N]]
  defaults: --seed ${DEFAULT_SIMULATION_OPTIONS.seed} --branches ${DEFAULT_SIMULATION_OPTIONS.branches} --months ${DEFAULT_SIMULATION_OPTIONS.months} --scale ${DEFAULT_SIMULATION_OPTIONS.scale} (--scale 1: a real dealer's volumes), --end-month: last month, --rate 2 events/s`;

interface Args {
  readonly options: SimulationOptions;
  readonly live: boolean;
  readonly rate: number;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  const options: SimulationOptions = { ...DEFAULT_SIMULATION_OPTIONS };
  let live = false;
  let rate = 2;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--live') {
      live = true;
      continue;
    }
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => {
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return raw;
    };
    const number = (raw: string) => {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`${flag} must be a number, got ${JSON.stringify(raw)}`);
      return n;
    };
    switch (flag) {
      case '--seed':
        options.seed = number(value());
        break;
      case '--branches':
        options.branches = number(value());
        break;
      case '--months':
        options.months = number(value());
        break;
      case '--scale':
        options.scale = number(value());
        break;
      case '--end-month':
        options.endMonth = value();
        break;
      case '--concurrency':
        options.concurrency = number(value());
        break;
      case '--rate':
        rate = number(value());
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  return { options, live, rate };
}

/** The command side only: head office, sales, workshop, parts, and the relay to Kafka (no projector, no HTTP). */
@Module({})
class SimulatorAppModule {
  static forRoot(databaseUrl: string, kafkaBrokers: string): DynamicModule {
    const config = loadPlatformConfig();
    return {
      module: SimulatorAppModule,
      imports: [
        EventStoreModule.forRoot(() => ({ url: databaseUrl, applicationName: 'simulator' })),
        KafkaModule.forRoot(() =>
          kafkaSettingsFromEnv({ ...process.env, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX }, 'simulator'),
        ),
        BranchDirectoryModule,
        OrgModule,
        SalesModule,
        WorkshopModule,
        PartsModule,
        RelayModule.forRoot(),
      ],
    };
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const resolved = resolveSimulationOptions(args.options);
  const infra = await startInfrastructure();
  const app = await NestFactory.createApplicationContext(SimulatorAppModule.forRoot(infra.databaseUrl, infra.kafkaBrokers), {
    logger: ['fatal', 'error', 'warn'],
  });
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    if (args.live) {
      say(`live mode: about ${args.rate} event(s) per second, dated now, in the simulated branches; Ctrl-C stops`);
      await runLiveMode(app, { seed: resolved.seed, eventsPerSecond: args.rate, signal: abort.signal });
      say('live mode stopped');
      return;
    }
    say(
      `simulating seed ${resolved.seed}: ${resolved.branches} branch(es), ${resolved.months} month(s) to ${resolved.endMonth}, scale ${resolved.scale}, ${resolved.concurrency} side by side`,
    );
    const bar = new SingleBar({
      format: ' {bar} {percentage}% | {value}/{total} commands | {speed} commands/s | ETA {eta_formatted} | {phase}',
      hideCursor: true,
      etaBuffer: 2000,
      // Without a terminal (CI, a log file): a line every 5 s instead of a redrawn bar.
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    const started = Date.now();
    let barStarted = false;
    const summary = await runSimulation(app, { ...resolved, signal: abort.signal }, (p) => {
      const speed = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000));
      if (!barStarted) {
        bar.start(p.total, p.done, { phase: p.phase, speed });
        barStarted = true;
      } else bar.update(p.done, { phase: p.phase, speed });
    }).finally(() => bar.stop());
    const seconds = summary.elapsedMs / 1000;
    say(
      `done: ${summary.commands} commands (${summary.replayed} already recorded by an earlier run), ${summary.events} events, ` +
        `${summary.branches.length} branches in ${summary.regions.length} regions, ${summary.fromMonth}..${summary.toMonth}, ` +
        `${seconds.toFixed(1)} s = ${Math.round(summary.commands / seconds)} commands/s`,
    );
  } finally {
    await app.close();
    await infra.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  new Logger('Simulator').fatal(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
