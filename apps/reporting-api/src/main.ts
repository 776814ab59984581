import 'reflect-metadata';
import { ClickHouseModule } from '@app/clickhouse';
import { DeliveryModule } from '@app/delivery';
import { EventStoreModule } from '@app/event-store';
import { IdentityModule } from '@app/identity';
import { bootstrapService, HealthController, MetricsController } from '@app/platform-kit';
import { ReportingModule } from '@app/reporting';
import { Module } from '@nestjs/common';

@Module({})
class ReportingApiModule {}

/**
 * Reports over ClickHouse, and the dashboard. With DATABASE_URL (docker-compose sets it) it also
 * hosts sign-in, users and integration accounts on the store's Postgres (a pool of two), so the
 * dashboard signs in at its own origin and its sign-in tokens' sessions are checked here; without
 * it only tokens without a session (OIDC, `npm run token`) are accepted. With DATABASE_URL it also
 * hosts the pack subscriptions and their scheduler (libs/delivery; off without SMTP settings).
 */
bootstrapService('reporting-api', [], (config) => ({
  module: ReportingApiModule,
  imports: [
    ClickHouseModule.forRoot(),
    ReportingModule,
    ...(config.DATABASE_URL
      ? [EventStoreModule.forRoot(() => ({ url: config.DATABASE_URL!, applicationName: 'reporting-api', poolSize: 2 })), IdentityModule, DeliveryModule]
      : []),
  ],
  controllers: [HealthController, MetricsController],
}));
