export * from './reporting.module';
export * from './revenue-by-branch-month.query';
