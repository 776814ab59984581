export * from './org-tables';
export * from './target-period';
export * from './org-dimensions.projection';
export * from './market-registrations.projection';
