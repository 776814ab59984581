export * from './sales-facts.projection';
