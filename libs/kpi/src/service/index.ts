export * from './decimal';
export * from './service-kpi.filter';
export * from './service-kpis.queries';
export * from './service-kpis-more.queries';
export * from './follow-up.queries';
