import 'reflect-metadata';
import { EventStoreModule } from '@app/event-store';
import { FirstAccountAtBoot, IdentityModule } from '@app/identity';
import { KafkaModule, kafkaSettingsFromEnv, RelayModule } from '@app/messaging';
import { BranchDirectoryModule, OrgModule } from '@app/org';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { Module } from '@nestjs/common';

@Module({})
class OrgServiceModule {}

/** Head office commands, users and sign-in over HTTP, with the store → Kafka relay (one active per store, by lock). */
bootstrapService('org-service', ['DATABASE_URL', 'KAFKA_BROKERS'], (config) => ({
  module: OrgServiceModule,
  imports: [
    EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'org-service' })),
    KafkaModule.forRoot(() => kafkaSettingsFromEnv(process.env, 'org-service')),
    BranchDirectoryModule,
    OrgModule,
    RelayModule.forRoot(),
    // Users, sign-in, integration accounts and the session check; head office's service hosts them.
    IdentityModule,
  ],
  controllers: [HealthController, MetricsController],
  // The first head-office account, when there is no user yet (its sign-in is logged once).
  providers: [FirstAccountAtBoot],
}));
