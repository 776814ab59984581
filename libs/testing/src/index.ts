export * from './expect-eventually';
export * from './test-database';
export * from './test-clickhouse';
