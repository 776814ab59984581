export * from './parts-facts.projection';
