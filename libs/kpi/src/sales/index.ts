export * from './kpi-query';
export * from './sales-kpis';
