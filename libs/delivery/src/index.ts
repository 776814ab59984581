export * from './pack-schedule';
