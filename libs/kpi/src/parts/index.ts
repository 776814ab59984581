export * from './parts-kpis';
