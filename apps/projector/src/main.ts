import 'reflect-metadata';
import { AuthGateModule } from '@app/auth';
import { ClickHouseModule } from '@app/clickhouse';
import { EventStoreModule } from '@app/event-store';
import { KafkaModule, kafkaSettingsFromEnv } from '@app/messaging';
import { BranchDirectoryModule } from '@app/org';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { ProjectorModule } from '@app/projections';
import { Module } from '@nestjs/common';

@Module({})
class ProjectorAppModule {}

/**
 * Consumes every context topic into ClickHouse; applies the ClickHouse migrations at start.
 * Reads branch calendars (time zone, cut-off) from the event store for business dates.
 */
bootstrapService('projector', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: ProjectorAppModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'projector', poolSize: 2 })),
    BranchDirectoryModule,
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'projector')),
    ClickHouseModule.forRoot(),
    ProjectorModule.forRoot(),
    // The authentication gate: the projector serves only /health (public) today; any route added later is protected.
    AuthGateModule,
  ],
  controllers: [HealthController, MetricsController],
}));
