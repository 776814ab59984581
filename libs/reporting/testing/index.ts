// Spec helpers of the reporting library (a sample monthly summary for the renderers' tests): specs only, never
// built. Other specs import them as `@app/reporting/testing`, never by a relative path.
export * from '../src/summary/render/testing/monthly-summary.fixture';
export * from '../src/summary/render/testing/pdf-text';
// The labels of the packs and of the table exports in each locale (the dashboard's locale sweep reads them).
export { RENDER_LABELS } from '../src/summary/render/render-labels';
export { EXPORT_LABELS } from '../src/export/export-labels';
