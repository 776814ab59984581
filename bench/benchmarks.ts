import { Benchmark } from './lib/benchmark';
import { commandsBenchmark, commandsOpenBenchmark } from './commands.bench';
import { firstStartBenchmark } from './first-start.bench';
import { freshnessBenchmark } from './freshness.bench';
import { projectorBenchmark } from './projector.bench';
import { queriesBenchmark } from './queries.bench';
import { rebuildBenchmark } from './rebuild.bench';

/** Every benchmark, in the order `all` runs them. */
export const BENCHMARKS: readonly Benchmark[] = [
  projectorBenchmark,
  commandsBenchmark,
  commandsOpenBenchmark,
  freshnessBenchmark,
  queriesBenchmark,
  rebuildBenchmark,
  firstStartBenchmark,
];
