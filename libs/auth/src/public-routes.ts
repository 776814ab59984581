/**
 * The explicit list of routes open without a token ("METHOD path", path templates as Nest and
 * express write them). Everything else is behind the global authentication gate; a route is open
 * only when its handler or controller is marked `@Public()` AND it is listed here. The route
 * matrix test (test/security/routes.int-spec.ts) lists every route of every app and fails on one
 * that answers without a token and is not on this list, and on a listed route that no app has.
 */
export const PUBLIC_ROUTES: readonly string[] = [
  // Liveness of every app.
  'GET /health',
  // Readiness of the read side: the projector's and the KPI roll-up's marks and lag (no figures).
  'GET /health/ready',
  // Prometheus metrics of every app: counts and timings only, scraped without a user token
  // (docs/security.md: keep the port on the internal network).
  'GET /metrics',
  // The dashboard's static page and files (no data: the page signs in and then calls the API).
  'GET /',
  'GET /assets/:file',
  // The OpenAPI document and Swagger UI's page and files, as @nestjs/swagger registers them.
  'GET /docs',
  'GET /docs-json',
  'GET /docs-yaml',
  'GET /docs/index.html',
  'GET /docs/swagger-ui-init.js',
  'GET /docs/docs/swagger-ui-init.js',
  'GET /docs/LICENSE',
];

/** Sign-in and token routes: public by nature, added by the identity module where it runs. */
export const PUBLIC_SIGN_IN_ROUTES: readonly string[] = ['GET /api/v1/auth/config', 'POST /api/v1/auth/sign-in', 'POST /api/v1/auth/token'];
