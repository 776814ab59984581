export * from './business-date';
export * from './store-branch-calendar';
export * from './projection';
export * from './vehicle-sales.projection';
export * from './clickhouse-projection.sink';
export * from './all-projections';
export * from './projector.module';
export * from './org';
