// Test helpers next to the contracts every context uses (no dependency on @app/testing, which
// imports the contexts): import from '@app/contracts/testing' in specs only.
export * from './decider-specification';
