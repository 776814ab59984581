export * from './rebuild-projections';
export * from './shadow-insert.client';
export * from './shadow-tables';
