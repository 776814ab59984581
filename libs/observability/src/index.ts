export * from './metrics';
export * from './correlation';
export * from './json-logger';
export * from './http-metrics';
