export * from './catalogue';
export * from './catalogue/kpi-docs';
