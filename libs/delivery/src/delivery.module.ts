import { IdentityModule } from '@app/identity';
import { ReportingModule } from '@app/reporting';
import { Module } from '@nestjs/common';
import { DELIVERY_SETTINGS, deliverySettingsFromEnv } from './delivery.settings';
import { PACK_DELIVERY_CLOCK } from './pack-delivery.scheduler';
import { PackDeliveryScheduler } from './pack-delivery.scheduler';
import { PackSubscriptionsController } from './pack-subscriptions.controller';
import { PackSubscriptionsService } from './pack-subscriptions.service';

/**
 * Scheduled pack delivery: head office's subscriptions API, the delivery log and the scheduler
 * that mails the packs over SMTP (docs/adr/0023-scheduled-pack-delivery.md). Needs the global
 * EventStoreModule (the tables live in its Postgres) and the ClickHouseModule (the packs). The
 * settings are read from the environment at boot; invalid ones stop the boot with the reason.
 */
@Module({
  imports: [IdentityModule, ReportingModule],
  controllers: [PackSubscriptionsController],
  providers: [
    { provide: DELIVERY_SETTINGS, useFactory: () => deliverySettingsFromEnv(process.env) },
    { provide: PACK_DELIVERY_CLOCK, useValue: () => new Date() },
    PackSubscriptionsService,
    PackDeliveryScheduler,
  ],
  exports: [PackSubscriptionsService, PackDeliveryScheduler],
})
export class DeliveryModule {}
