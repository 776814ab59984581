import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { SessionCheckModule } from '@app/identity';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { BranchDirectoryModule } from '@app/org';
import { SalesModule } from '@app/sales';
import { Module } from '@nestjs/common';

@Module({})
class SalesServiceModule {}

/** Sales commands over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('sales-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: SalesServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'sales-service' })),
    // Sign-in and integration tokens carry a session (sid) that this service checks in the store's Postgres.
    SessionCheckModule.forEventStore(),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'sales-service')),
    BranchDirectoryModule,
    SalesModule,
    RelayModule.forRoot(),
  ],
  controllers: [HealthController, MetricsController],
}));
