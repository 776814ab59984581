import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpRequestDuration, httpRequests } from './metrics';

interface RoutedRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/** The route template express matched (`/api/v1/kpis/:kpiId/series`); `unmatched` for a 404 or a static file. */
export function routeTemplate(request: RoutedRequest): string {
  const path = request.route?.path;
  if (typeof path !== 'string') return 'unmatched';
  return `${request.baseUrl ?? ''}${path}` || '/';
}

/**
 * Express middleware counting every answer by method, route template and status, with its
 * duration (`dealer_kpi_http_requests_total`, `dealer_kpi_http_request_duration_seconds`).
 */
export function httpMetrics(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  const started = performance.now();
  response.once('finish', () => {
    const labels = { method: request.method ?? 'OTHER', route: routeTemplate(request), status: String(response.statusCode) };
    httpRequests.inc(labels);
    httpRequestDuration.observe(labels, (performance.now() - started) / 1000);
  });
  next();
}
