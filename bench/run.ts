// npm run bench -- <name>|all [--events N] [--<size> N] [--profile]
// Runs benchmarks against real infrastructure, writes bench/results/<name>.json and refreshes
// the table in docs/performance.md. See docs/performance.md.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { Benchmark, BenchArgs } from './lib/benchmark';
import { benchDataDir, startBenchInfra } from './lib/infra';
import { BenchmarkResult, load, machine, readResults, updatePerformanceDoc, writeResult } from './lib/results';
import { BENCHMARKS } from './benchmarks';

// Debug logs (TypeORM, kafkajs) would cost time inside the measurements.
Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
const logger = new Logger('bench');

function usage(): string {
  return ['usage: npm run bench -- <name>|all [--<size> N ...] [--profile]', ...BENCHMARKS.map((b) => `  ${b.name.padEnd(10)} ${b.description}`)].join('\n');
}

export function parseArgs(argv: readonly string[]): { names: string[]; args: BenchArgs } | 'help' {
  const names: string[] = [];
  const sizes: Record<string, number> = {};
  let profileDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--profile') {
      profileDir = join(benchDataDir(), 'profiles');
      continue;
    }
    const option = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (option) {
      const raw = option[2] ?? argv[++i];
      const value = Number(String(raw).replace(/_/g, '').replace(/m$/i, '000000').replace(/k$/i, '000'));
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--${option[1]} needs a positive number, got ${JSON.stringify(raw)}`);
      sizes[option[1] ?? ''] = value;
      continue;
    }
    if (arg === 'all') names.push(...BENCHMARKS.map((b) => b.name));
    else if (BENCHMARKS.some((b) => b.name === arg)) names.push(arg);
    else throw new Error(`unknown benchmark ${JSON.stringify(arg)}\n${usage()}`);
  }
  if (names.length === 0) throw new Error(usage());
  return { names: [...new Set(names)], args: { sizes, ...(profileDir ? { profileDir } : {}) } };
}

export async function runBenchmark(benchmark: Benchmark, args: BenchArgs): Promise<BenchmarkResult> {
  const infra = await startBenchInfra({ kafka: benchmark.usesKafka !== false });
  const log = (message: string): void => logger.log(`[${benchmark.name}] ${message}`);
  try {
    const before = load();
    const date = new Date().toISOString();
    log(`starting (load ${before.join(' ')})`);
    const outcome = await benchmark.run({ infra, args, log });
    return { benchmark: benchmark.name, date, machine: machine(), load: { before, after: load() }, ...outcome };
  } finally {
    await infra.stop();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  let failed = 0;
  for (const name of parsed.names) {
    const benchmark = BENCHMARKS.find((b) => b.name === name);
    if (!benchmark) continue;
    try {
      const result = await runBenchmark(benchmark, parsed.args);
      const file = writeResult(result);
      logger.log(`[${name}] ${JSON.stringify(result.figures)} → ${file}`);
    } catch (error) {
      failed++;
      logger.error(`[${name}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  updatePerformanceDoc(readResults());
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      logger.fatal(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
