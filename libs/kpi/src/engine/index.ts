export * from './component-sql';
export * from './kpi-sources';
export * from './kpi-engine';
export * from './kpi-report';
export * from './periods';
export * from './kpi-rollup';
export * from './read-model-position';
