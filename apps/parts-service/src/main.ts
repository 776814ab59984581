import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { SessionCheckModule } from '@app/identity';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule } from '@app/org';
import { PartsModule } from '@app/parts';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { Module } from '@nestjs/common';

@Module({})
class PartsServiceModule {}

/** Parts counter, stores and accessory commands over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('parts-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: PartsServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'parts-service' })),
    // Sign-in and integration tokens carry a session (sid) that this service checks in the store's Postgres.
    SessionCheckModule.forEventStore(),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'parts-service')),
    BranchDirectoryModule,
    PartsModule,
    RelayModule.forRoot(),
  ],
  controllers: [HealthController, MetricsController],
}));
