import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { SessionCheckModule } from '@app/identity';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule } from '@app/org';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { WorkshopModule } from '@app/workshop';
import { Module } from '@nestjs/common';

@Module({})
class WorkshopServiceModule {}

/** Workshop commands over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('workshop-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: WorkshopServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'workshop-service' })),
    // Sign-in and integration tokens carry a session (sid) that this service checks in the store's Postgres.
    SessionCheckModule.forEventStore(),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'workshop-service')),
    BranchDirectoryModule,
    WorkshopModule,
    RelayModule.forRoot(),
  ],
  controllers: [HealthController, MetricsController],
}));
