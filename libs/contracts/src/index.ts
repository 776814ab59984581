export * from './envelope';
export * from './money';
export * from './topics';
export * from './validation';
export * from './event-definition';
export * from './event-catalogue';
export * from './events/sales.events';
export * from './domain-error';
