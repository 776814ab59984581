import { ClickHouseModule } from '@app/clickhouse';
import { EventStoreModule } from '@app/event-store';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { HealthController, PlatformConfig } from '@app/platform-kit';
import { ProjectorModule } from '@app/projections';
import { ReportingModule } from '@app/reporting';
import { SalesModule } from '@app/sales';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { WorkshopModule } from '@app/workshop';
import { DynamicModule, Module } from '@nestjs/common';

export interface PlatformModuleOptions {
  readonly config: PlatformConfig;
  /** Resolved by the infrastructure harness when not configured explicitly. */
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
}

/** Every service in one process: the embedded default behind `npm start`. */
@Module({})
export class PlatformModule {
  static forRoot({ config, databaseUrl, kafkaBrokers }: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        EventStoreModule.forRoot(() => ({ url: databaseUrl, applicationName: 'platform' })),
        KafkaModule.forRoot(() =>
          kafkaSettingsFromEnv({ ...process.env, KAFKA_BROKERS: kafkaBrokers, KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX }, 'platform'),
        ),
        ClickHouseModule.forRoot(),
        BranchDirectoryModule,
        OrgModule,
        SalesModule,
        WorkshopModule,
        PartsModule,
        RelayModule.forRoot(),
        ProjectorModule.forRoot(),
        ReportingModule,
      ],
      controllers: [HealthController],
    };
  }
}
