import { CLICKHOUSE_CLIENT, ClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { BOUNDED_CONTEXTS, BranchDirectory, topicFor } from '@app/contracts';
import { CheckpointStore, EventStore } from '@app/event-store';
import { ensureTopics, KAFKA, KAFKA_SETTINGS, KafkaBatchConsumer, KafkaSettings, StoreFeedConsumer, StoreFeedOptions } from '@app/messaging';
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { StoreBranchCalendar } from './store-branch-calendar';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { ALL_PROJECTIONS } from './all-projections';
import { ALL_ROLLUPS, KpiRollupRefresher, recomputeStaleRollups } from './rollups';
import { backfillProjectorEvents } from './positions/backfill-projector-events';

export interface ProjectorOptions {
  readonly groupId?: string;
  /**
   * Where the events come from: the context topics in Kafka (default), or the event store itself
   * through the in-process log (embedded mode, `npm start` without KAFKA_BROKERS). Either way the
   * same sink, projections and roll-ups write ClickHouse.
   */
  readonly source?: 'kafka' | 'event-store';
  /** Batch size and polling of the in-process log (source `event-store`). */
  readonly storeFeed?: Omit<StoreFeedOptions, 'name'>;
}

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');

/** The one projection path of both sources: every projection and roll-up into ClickHouse. */
function projectionSink(clickhouse: ClickHouseClient, branches: BranchDirectory): ClickHouseProjectionSink {
  return new ClickHouseProjectionSink(clickhouse, ALL_PROJECTIONS, { calendar: new StoreBranchCalendar(branches) }, ALL_ROLLUPS, { recordPositions: true });
}

/** Applies the ClickHouse migrations; true when the database was new (no migration applied before). */
async function migrateClickHouse(clickhouse: ClickHouseClient, logger: Logger): Promise<boolean> {
  const applied = await runClickHouseMigrations(clickhouse, MIGRATIONS_DIR);
  logger.log(`ClickHouse schema up to date (${applied.applied.length} migration(s) applied now, ${applied.alreadyApplied} before)`);
  // A roll-up computed with other SQL (a KPI changed in this deployment), or never: recomputed before consuming.
  const recomputed = await recomputeStaleRollups(clickhouse, ALL_ROLLUPS);
  if (recomputed.length > 0) logger.log(`recomputed roll-up(s) from the facts: ${recomputed.join(', ')}`);
  return applied.alreadyApplied === 0 && applied.applied.length > 0;
}

/** Consumes every context topic into the ClickHouse fact tables. Needs a BranchDirectory (business dates). */
@Injectable()
export class ProjectorRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly consumer: KafkaBatchConsumer;
  readonly rollupRefresher: KpiRollupRefresher;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(PROJECTOR_OPTIONS) options: ProjectorOptions,
    branches: BranchDirectory,
  ) {
    this.consumer = new KafkaBatchConsumer(kafka, projectionSink(clickhouse, branches), {
      groupId: `${settings.topicPrefix}${options.groupId ?? 'kpi-projector'}`,
      topics: BOUNDED_CONTEXTS.map((c) => topicFor(c, settings.topicPrefix)),
      fromBeginning: true,
      sessionTimeoutMs: settings.sessionTimeoutMs,
    });
    this.rollupRefresher = new KpiRollupRefresher(clickhouse, { logger: this.logger });
  }

  async onApplicationBootstrap(): Promise<void> {
    await migrateClickHouse(this.clickhouse, this.logger);
    await ensureTopics(this.kafka, this.settings);
    await this.consumer.start();
    this.rollupRefresher.start();
  }

  /** Before the data source and the ClickHouse client close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.rollupRefresher.stop();
  }
}

/**
 * Follows the event store in commit order through the in-process log into the same sink: no
 * Kafka. Its checkpoint (`store-feed:<groupId>`) moves only after ClickHouse acknowledged a batch.
 */
@Injectable()
export class StoreFeedProjectorRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly feed: StoreFeedConsumer;
  readonly rollupRefresher: KpiRollupRefresher;

  constructor(
    private readonly dataSource: DataSource,
    store: EventStore,
    private readonly checkpoints: CheckpointStore,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(PROJECTOR_OPTIONS) options: ProjectorOptions,
    branches: BranchDirectory,
  ) {
    this.feed = new StoreFeedConsumer(dataSource, store, checkpoints, projectionSink(clickhouse, branches), {
      ...options.storeFeed,
      name: options.groupId ?? 'kpi-projector',
    });
    this.rollupRefresher = new KpiRollupRefresher(clickhouse, { logger: this.logger });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (await migrateClickHouse(this.clickhouse, this.logger)) {
      // A new ClickHouse database holds nothing, whatever the checkpoint says (its folder was deleted).
      await this.feed.rewind();
      this.logger.log('ClickHouse database is new: projecting the event store from its beginning');
    } else {
      // Projected before the as-of marks existed: record the positions already in the facts.
      const backfilled = await backfillProjectorEvents(this.dataSource, this.clickhouse, await this.checkpoints.load(this.feed.checkpointName));
      if (backfilled > 0) this.logger.log(`recorded the positions of ${backfilled} event(s) projected before the as-of marks (projector_events)`);
    }
    await this.feed.start();
    this.rollupRefresher.start();
    this.logger.log(`following the event store in this process (checkpoint ${this.feed.checkpointName})`);
  }

  /** Before the data source and the ClickHouse client close: the batch in hand is finished and checkpointed. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.feed.stop();
    await this.rollupRefresher.stop();
    const { written, deadLettered } = this.feed.stats;
    this.logger.log(`stopped after its batch was saved (${written} event(s) projected, ${deadLettered} dead-lettered in this run)`);
  }
}

@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions = {}): DynamicModule {
    const runner = options.source === 'event-store' ? StoreFeedProjectorRunner : ProjectorRunner;
    return {
      module: ProjectorModule,
      providers: [{ provide: PROJECTOR_OPTIONS, useValue: options }, runner],
      exports: [runner],
    };
  }
}
