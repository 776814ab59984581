export * from './repo-root';
export * from './redact';
export * from './postgres';
export * from './kafka-broker';
export * from './infrastructure';
export * from './pg-backup';
