import 'reflect-metadata';
import { ClickHouseModule } from '@app/clickhouse';
import { KafkaModule, kafkaSettingsFromEnv } from '@app/messaging';
import { bootstrapService, HealthController } from '@app/platform-kit';
import { ProjectorModule, UniformBranchCalendar } from '@app/projections';
import { Module } from '@nestjs/common';

@Module({})
class ProjectorAppModule {}

/** Consumes every context topic into ClickHouse; applies the ClickHouse migrations at start. */
bootstrapService('projector', ['KAFKA_BROKERS'], (config) => ({
  module: ProjectorAppModule,
  imports: [
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'projector')),
    ClickHouseModule.forRoot(),
    ProjectorModule.forRoot({
      calendar: new UniformBranchCalendar({ timeZone: config.DEFAULT_BRANCH_TIME_ZONE, cutoffMinutes: 0 }),
    }),
  ],
  controllers: [HealthController],
}));
