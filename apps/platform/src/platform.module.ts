import { ClickHouseModule } from '@app/clickhouse';
import { DeliveryModule } from '@app/delivery';
import { EventStoreModule } from '@app/event-store';
import { IdentityModule } from '@app/identity';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { HealthController, MetricsController, PlatformConfig } from '@app/platform-kit';
import { ProjectorModule } from '@app/projections';
import { ReportingModule } from '@app/reporting';
import { SalesModule } from '@app/sales';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { WorkshopModule } from '@app/workshop';
import { DynamicModule, Module } from '@nestjs/common';
import { DemoSeeder } from './demo-seed';

export interface PlatformModuleOptions {
  readonly config: PlatformConfig;
  /** Resolved by the infrastructure harness when not configured explicitly. */
  readonly databaseUrl: string;
  /**
   * Kafka's bootstrap servers: the relay publishes to Kafka and the projector consumes it. Without
   * them (embedded mode, `npm start` without KAFKA_BROKERS) there is no relay and the projector
   * follows the event store in this process (the in-process log).
   */
  readonly kafkaBrokers?: string;
}

/** Every service in one process: the embedded default behind `npm start`. */
@Module({})
export class PlatformModule {
  static forRoot({ config, databaseUrl, kafkaBrokers }: PlatformModuleOptions): DynamicModule {
    const distribution = kafkaBrokers
      ? [
          KafkaModule.forRoot(() =>
            kafkaSettingsFromEnv({ ...process.env, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX }, 'platform'),
          ),
          RelayModule.forRoot(),
          ProjectorModule.forRoot(),
        ]
      : [ProjectorModule.forRoot({ source: 'event-store' })];
    return {
      module: PlatformModule,
      imports: [
        EventStoreModule.forRoot(() => ({ url: databaseUrl, applicationName: 'platform' })),
        ClickHouseModule.forRoot(),
        BranchDirectoryModule,
        OrgModule,
        SalesModule,
        WorkshopModule,
        PartsModule,
        ...distribution,
        ReportingModule,
        // Users, sign-in, integration accounts, and the gate's session check.
        IdentityModule,
        // Head office's pack subscriptions and the scheduler that mails them (off without SMTP settings).
        DeliveryModule,
      ],
      controllers: [HealthController, MetricsController],
      providers: [DemoSeeder],
      exports: [DemoSeeder],
    };
  }
}
