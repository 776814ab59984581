import { Benchmark } from './lib/benchmark';
import { commandsBenchmark } from './commands.bench';
import { freshnessBenchmark } from './freshness.bench';
import { projectorBenchmark } from './projector.bench';
import { queriesBenchmark } from './queries.bench';
import { rebuildBenchmark } from './rebuild.bench';

/** Every benchmark, in the order `all` runs them. */
export const BENCHMARKS: readonly Benchmark[] = [projectorBenchmark, commandsBenchmark, freshnessBenchmark, queriesBenchmark, rebuildBenchmark];
