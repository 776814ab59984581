import { CLICKHOUSE_CLIENT, ClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { BOUNDED_CONTEXTS, BranchDirectory, topicFor } from '@app/contracts';
import { ensureTopics, KAFKA, KAFKA_SETTINGS, KafkaBatchConsumer, KafkaSettings } from '@app/messaging';
import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { StoreBranchCalendar } from './store-branch-calendar';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { ALL_PROJECTIONS } from './all-projections';
import { ALL_ROLLUPS } from './rollups';

export interface ProjectorOptions {
  readonly groupId?: string;
}

export const PROJECTOR_OPTIONS = Symbol('PROJECTOR_OPTIONS');

/** Consumes every context topic into the ClickHouse fact tables. Needs a BranchDirectory (business dates). */
@Injectable()
export class ProjectorRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly consumer: KafkaBatchConsumer;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(PROJECTOR_OPTIONS) options: ProjectorOptions,
    branches: BranchDirectory,
  ) {
    const calendar = new StoreBranchCalendar(branches);
    const sink = new ClickHouseProjectionSink(clickhouse, ALL_PROJECTIONS, { calendar }, ALL_ROLLUPS);
    this.consumer = new KafkaBatchConsumer(kafka, sink, {
      groupId: `${settings.topicPrefix}${options.groupId ?? 'kpi-projector'}`,
      topics: BOUNDED_CONTEXTS.map((c) => topicFor(c, settings.topicPrefix)),
      fromBeginning: true,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const applied = await runClickHouseMigrations(this.clickhouse, MIGRATIONS_DIR);
    this.logger.log(`ClickHouse schema up to date (${applied.applied.length} migration(s) applied now, ${applied.alreadyApplied} before)`);
    await ensureTopics(this.kafka, this.settings);
    await this.consumer.start();
  }

  /** Before the data source and the ClickHouse client close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}

@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorOptions = {}): DynamicModule {
    return {
      module: ProjectorModule,
      providers: [{ provide: PROJECTOR_OPTIONS, useValue: options }, ProjectorRunner],
      exports: [ProjectorRunner],
    };
  }
}
