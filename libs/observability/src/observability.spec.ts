import { BadRequestException, Logger } from '@nestjs/common';
import { withCorrelationId } from './correlation';
import { routeTemplate } from './http-metrics';
import { JsonLogger } from './json-logger';
import { LagGauges, metricsRegistry, outcomeOf } from './metrics';

describe('metrics registry', () => {
  it('serves the Prometheus text format with the process metrics and the platform metrics', async () => {
    const text = await metricsRegistry.metrics();
    expect(metricsRegistry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'dealer_kpi_process_cpu_seconds_total',
      'dealer_kpi_nodejs_eventloop_lag_seconds',
      'dealer_kpi_http_requests_total',
      'dealer_kpi_commands_total',
      'dealer_kpi_event_store_append_conflicts_total',
      'dealer_kpi_relay_lag_events',
      'dealer_kpi_projector_lag_seconds',
      'dealer_kpi_dead_letters_total',
      'dealer_kpi_rollup_round_duration_seconds',
      'dealer_kpi_report_query_duration_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it('reads lag probes at scrape time, keeps the last value when a probe fails, and forgets a probe once unwatched', async () => {
    const lag = new LagGauges('dealer_kpi_test_probe_lag', 'the test', ['feed'] as const);
    let storeDown = false;
    const unwatch = lag.watch({ feed: 'a' }, () => (storeDown ? Promise.reject(new Error('store down')) : Promise.resolve({ events: 7, seconds: 2.5 })));
    expect(await metricsRegistry.getSingleMetricAsString('dealer_kpi_test_probe_lag_events')).toContain('dealer_kpi_test_probe_lag_events{feed="a"} 7');
    expect(await metricsRegistry.getSingleMetricAsString('dealer_kpi_test_probe_lag_seconds')).toContain('dealer_kpi_test_probe_lag_seconds{feed="a"} 2.5');
    storeDown = true;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await metricsRegistry.getSingleMetricAsString('dealer_kpi_test_probe_lag_events')).toContain('{feed="a"} 7');
    unwatch();
    expect(await metricsRegistry.getSingleMetricAsString('dealer_kpi_test_probe_lag_events')).not.toContain('feed="a"');
    metricsRegistry.removeSingleMetric('dealer_kpi_test_probe_lag_events');
    metricsRegistry.removeSingleMetric('dealer_kpi_test_probe_lag_seconds');
  });

  it('labels an outcome with a stable error code only (bounded), else "error"', () => {
    expect(outcomeOf(Object.assign(new Error('x'), { code: 'WRONG_EXPECTED_VERSION' }))).toBe('WRONG_EXPECTED_VERSION');
    expect(outcomeOf(new BadRequestException({ code: 'VALIDATION_FAILED', message: 'x' }))).toBe('VALIDATION_FAILED');
    expect(outcomeOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED 127.0.0.1:5432' }))).toBe('error');
    expect(outcomeOf(new Error('boom'))).toBe('error');
  });

  it('labels HTTP answers with the route template, never the raw URL', () => {
    expect(routeTemplate(Object.assign(Object.create(null) as object, { route: { path: '/api/v1/kpis/:kpiId/series' }, baseUrl: '' }) as never)).toBe(
      '/api/v1/kpis/:kpiId/series',
    );
    expect(routeTemplate(Object.assign(Object.create(null) as object, { url: '/api/v1/nothing/123' }) as never)).toBe('unmatched');
  });
});

describe('JSON logs', () => {
  it('writes one JSON object a line, with the correlation id of the request being handled', () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const logger = new JsonLogger(['log']);
      withCorrelationId('corr-42', () => logger.log('placed an order', 'Sales'));
      logger.log('outside a request', 'Boot');
      logger.debug('below the level', 'Boot');
    } finally {
      write.mockRestore();
    }
    expect(lines).toHaveLength(2);
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 'log', context: 'Sales', message: 'placed an order', correlationId: 'corr-42' });
    expect(outside).toMatchObject({ level: 'log', context: 'Boot', message: 'outside a request' });
    expect(outside).not.toHaveProperty('correlationId');
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    // Nest's static Logger is untouched by constructing one.
    expect(Logger).toBeDefined();
  });
});
