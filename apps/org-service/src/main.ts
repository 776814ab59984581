import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { bootstrapService, HealthController } from '@app/platform-kit';
import { Module } from '@nestjs/common';

@Module({})
class OrgServiceModule {}

/** Head office commands over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('org-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: OrgServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'org-service' })),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'org-service')),
    BranchDirectoryModule,
    OrgModule,
    RelayModule.forRoot(),
  ],
  controllers: [HealthController],
}));
