export * from './as-of.types';
export * from './as-of.docs';
export * from './read-model-freshness.service';
export * from './reports-as-of.interceptor';
export * from './readiness.controller';
export * from './readiness.settings';
