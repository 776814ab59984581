export * from './expect-eventually';
export * from './test-database';
export * from './test-clickhouse';
export * from './builders';
export * from './kafka-test';
export * from './command-test-app';
