export * from './delivery.module';
export * from './delivery.settings';
export * from './pack-delivery.scheduler';
export * from './pack-mail';
export * from './pack-schedule';
export * from './pack-subscriptions.dto';
export * from './pack-subscriptions.service';
