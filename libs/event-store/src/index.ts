export * from './event-store';
export * from './event-store.errors';
export * from './checkpoint-store';
export * from './data-source';
export * from './event-store.module';
export * from './migrations';
export * from './decider';
