// rebuild: events/s of a full projection rebuild from the event store (10 M events by default).
import { join } from 'node:path';
import { Benchmark, BenchContext, BenchOutcome, size } from './lib/benchmark';
import { runWorker } from './lib/child';
import { ensureEventStoreDataset } from './lib/event-store-dataset';
import { round } from './lib/results';

interface RebuildOutput {
  eventsRead: number;
  unparseable: number;
  rejected: number;
  buildSeconds: number;
  seconds: number;
  buildEventsPerSecond: number;
  eventsPerSecond: number;
  factRows: Record<string, number>;
}

export const rebuildBenchmark: Benchmark = {
  name: 'rebuild',
  description: 'full projection rebuild from the event store (10 M events): events/s',
  async run({ infra, args, log }: BenchContext): Promise<BenchOutcome> {
    const events = size(args, 'events', 10_000_000);
    const batchSize = size(args, 'batch-size', 5000);
    const dataset = await ensureEventStoreDataset(infra.adminUrl, events, size(args, 'branches', 50), log);
    const result = await runWorker<RebuildOutput>(
      'rebuild',
      { databaseUrl: dataset.url, clickHouseDataDir: join(infra.runDir, 'chdb-rebuild'), batchSize },
      args.profileDir ? { cpuProfileDir: args.profileDir } : {},
    );
    const out = result.output;
    log(`rebuilt ${out.eventsRead} events in ${round(out.seconds)} s: ${Math.round(out.eventsPerSecond)} events/s`);
    const notes = [
      `${events.toLocaleString('en-US')} events (+ ${dataset.branches} BranchOpened) in Postgres database ${dataset.database}, bulk-loaded with COPY ` +
        `(kept between runs; drop it to regenerate); batches of ${batchSize} events; every projection and roll-up, shadow tables then EXCHANGE.`,
      `build ${round(out.buildSeconds)} s (${Math.round(out.buildEventsPerSecond)} events/s), total with swap and roll-up ${round(out.seconds)} s.`,
    ];
    if (out.unparseable + out.rejected > 0) notes.push(`${out.unparseable} unparseable and ${out.rejected} rejected events: the generator is wrong`);
    return {
      figures: {
        rebuild_events_per_s: Math.round(out.eventsPerSecond),
        rebuild_build_events_per_s: Math.round(out.buildEventsPerSecond),
        projector_peak_rss_mb: result.peakRssMb,
      },
      parameters: {
        events,
        batch_size: batchSize,
        load_seconds: round(dataset.loadSeconds),
        fact_rows: Object.values(out.factRows).reduce((a, b) => a + b, 0),
      },
      notes,
    };
  },
};
