export * from './reporting.module';
export * from './dashboard/dashboard.module';
export * from './kpis/kpi-reporting.service';
export * from './kpis/scorecard';
export * from './people/league-tables';
export * from './summary/monthly-summary.types';
export * from './summary/monthly-summary.service';
export * from './as-of';
