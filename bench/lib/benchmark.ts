import { Figure } from './results';
import { BenchInfra } from './infra';

export interface BenchArgs {
  /** `--events N` and the like: sizes a benchmark reads, with its own defaults. */
  readonly sizes: Readonly<Record<string, number>>;
  /** `--profile`: workers write V8 CPU profiles into .data/bench/profiles. */
  readonly profileDir?: string;
}

export interface BenchContext {
  readonly infra: BenchInfra;
  readonly args: BenchArgs;
  log(message: string): void;
}

export interface BenchOutcome {
  readonly figures: Record<string, Figure>;
  readonly parameters: Record<string, string | number | boolean>;
  readonly notes: string[];
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** False: the run starts no Kafka broker (the benchmark needs none). */
  readonly usesKafka?: boolean;
  run(context: BenchContext): Promise<BenchOutcome>;
}

export function size(args: BenchArgs, name: string, fallback: number): number {
  return args.sizes[name] ?? fallback;
}
