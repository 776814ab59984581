// Spec helpers of the projections (stored events as the projector receives them, the lineage check): specs only,
// never built. Other libraries' specs import them as `@app/projections/testing`, never by a relative path.
export * from '../src/workshop/workshop-events.spec-helper';
export * from '../src/lineage.spec-helper';
