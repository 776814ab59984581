import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule } from '@app/org';
import { bootstrapService, HealthController } from '@app/platform-kit';
import { WorkshopModule } from '@app/workshop';
import { Module } from '@nestjs/common';

@Module({})
class WorkshopServiceModule {}

/** Workshop commands over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('workshop-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: WorkshopServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'workshop-service' })),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'workshop-service')),
    BranchDirectoryModule,
    WorkshopModule,
    RelayModule.forRoot(),
  ],
  controllers: [HealthController],
}));
