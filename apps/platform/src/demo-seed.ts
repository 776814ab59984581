import {
  ResolvedSimulationOptions,
  resolveSimulationOptions,
  runSimulation,
  SimulationOptions,
  SimulationProgress,
  SimulationStoppedError,
  SimulationSummary,
} from '@app/simulator';
import { BeforeApplicationShutdown, INestApplicationContext, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a start does about the demo data. */
export type SeedPlan =
  /** The store is empty: seed it. */
  | { readonly action: 'seed' }
  /** A seed was interrupted (Ctrl-C): run it again with the same options; its idempotency keys skip what is already in. */
  | { readonly action: 'resume'; readonly options: ResolvedSimulationOptions }
  /** The store holds data (a finished seed, or data of its own): keep it. */
  | { readonly action: 'keep'; readonly summary?: SimulationSummary };

export type SeedOutcome = { readonly status: 'finished'; readonly summary: SimulationSummary } | { readonly status: 'stopped' };

interface SeedRow {
  options: ResolvedSimulationOptions;
  finished_at: Date | null;
  summary: SimulationSummary | null;
}

/**
 * Seeds the demo on a first start through the simulator (the real command handlers), remembers
 * in Postgres that it did (table `demo_seed`, beside the event store), and stops between commands
 * when the application shuts down: the seed then resumes on the next start.
 */
@Injectable()
export class DemoSeeder implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DemoSeed');
  private readonly abort = new AbortController();
  private running: Promise<unknown> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async plan(): Promise<SeedPlan> {
    await this.ensureTable();
    const [row] = await this.dataSource.query<SeedRow[]>(`SELECT options, finished_at, summary FROM demo_seed WHERE id = 1`);
    if (row && row.finished_at === null) return { action: 'resume', options: row.options };
    if (row) return { action: 'keep', ...(row.summary ? { summary: row.summary } : {}) };
    const [store] = await this.dataSource.query<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM events) AS any`);
    return store?.any ? { action: 'keep' } : { action: 'seed' };
  }

  /**
   * Runs the simulation to its end, or until the application shuts down. The options are stored
   * resolved (the end month included), so that a resumed seed replays exactly the same commands.
   */
  run(app: INestApplicationContext, options: SimulationOptions, onProgress: (progress: SimulationProgress) => void): Promise<SeedOutcome> {
    const whole = this.seed(app, options, onProgress);
    const running = whole.then(
      () => undefined,
      () => undefined,
    );
    this.running = running;
    void running.then(() => {
      if (this.running === running) this.running = undefined;
    });
    return whole;
  }

  private async seed(app: INestApplicationContext, options: SimulationOptions, onProgress: (progress: SimulationProgress) => void): Promise<SeedOutcome> {
    const resolved = resolveSimulationOptions(options);
    await this.ensureTable();
    await this.dataSource.query(
      `INSERT INTO demo_seed (id, options) VALUES (1, $1::jsonb)
       ON CONFLICT (id) DO UPDATE SET options = EXCLUDED.options, started_at = now(), finished_at = NULL, summary = NULL`,
      [JSON.stringify(resolved)],
    );
    try {
      const summary = await runSimulation(app, { ...resolved, signal: this.abort.signal }, onProgress);
      await this.dataSource.query(`UPDATE demo_seed SET finished_at = now(), summary = $1::jsonb WHERE id = 1`, [JSON.stringify(summary)]);
      return { status: 'finished', summary };
    } catch (error) {
      if (error instanceof SimulationStoppedError) return { status: 'stopped' };
      throw error;
    }
  }

  /** Before the data source closes: the batch of commands in hand finishes, no new one starts. */
  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.abort.abort();
    await running;
    this.logger.log('seeding stopped between two batches of commands; the next start resumes it');
  }

  private async ensureTable(): Promise<void> {
    await this.dataSource.query(`
      CREATE TABLE IF NOT EXISTS demo_seed (
        id smallint PRIMARY KEY CHECK (id = 1),
        options jsonb NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        summary jsonb
      )`);
  }
}
