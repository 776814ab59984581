// Spec helpers of the reporting library (a sample monthly summary for the renderers' tests): specs only, never
// built. Other specs import them as `@app/reporting/testing`, never by a relative path.
export * from '../src/summary/render/testing/monthly-summary.fixture';
export * from '../src/summary/render/testing/pdf-text';
