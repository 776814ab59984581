export * from './reporting.module';
export * from './revenue-by-branch-month.query';
export * from './kpis/kpi-reporting.service';
export * from './kpis/scorecard';
export * from './summary/monthly-summary.types';
export * from './summary/monthly-summary.service';
export * from './as-of';
