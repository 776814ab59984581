export * from './kafka.config';
export * from './topics';
export * from './event-publisher';
export * from './event-relay';
export * from './event-sink';
export * from './batch-consumer';
export * from './messaging.module';
export * from './in-process-log';
