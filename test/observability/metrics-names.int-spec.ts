import { bearerFor } from '@app/auth';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { freePort, TestChild, waitHealthy } from '../reliability/support/child-process';

/**
 * Issue #17 item 4: the real platform (`npm start`'s entry point, embedded mode, a process of its
 * own) serves Prometheus metrics at GET /metrics without a token; every metric the operator
 * dashboard (deploy/grafana/dashboards/operator.json) and the alert rules
 * (deploy/prometheus/alerts.yaml) use is in that output; with LOG_FORMAT=json its log lines are JSON
 * with the request's correlation id, the same id its events record, and no secret.
 */
const ROOT = join(__dirname, '..', '..');

/** PromQL words that are not metric names: functions, aggregations, keywords, and series Prometheus makes itself. */
const NOT_METRICS = new Set([
  ...['sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group', 'limitk', 'limit_ratio'],
  ...['rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'predict_linear', 'histogram_quantile', 'label_values', 'label_replace', 'label_join'],
  ...[
    'abs',
    'absent',
    'absent_over_time',
    'ceil',
    'floor',
    'round',
    'clamp',
    'clamp_min',
    'clamp_max',
    'changes',
    'resets',
    'sort',
    'sort_desc',
    'time',
    'timestamp',
    'vector',
    'scalar',
  ],
  ...['avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time', 'quantile_over_time'],
  ...['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset'],
  // Made by Prometheus for every target, not served by the app.
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
]);

/** Metric names in a PromQL expression: identifiers before `{`, `[`, `)`, an operator or the end, minus strings, label matchers, functions and keywords. */
function metricNamesIn(expr: string): string[] {
  // Grafana's `label_values(metric, label)`: the metric only.
  const labelValues = /^\s*label_values\((.*),\s*\w+\s*\)\s*$/.exec(expr);
  if (labelValues) return metricNamesIn(labelValues[1]!);
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // Label matchers and grouping lists hold label names, not metrics.
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1');
  const names = new Set<string>();
  for (const match of withoutLabels.matchAll(/(?<![\w$.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const isCall = /^\s*\(/.test(withoutLabels.slice(match.index + name.length));
    if (!isCall && !NOT_METRICS.has(name)) names.add(name);
  }
  return [...names];
}

/** The names a /metrics output declares (`# TYPE`), with the series a histogram or summary adds. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[]; panels?: Dashboard['panels'] }[];
  templating: { list: { query?: { query?: string } | string; definition?: string }[] };
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboards/operator.json'), 'utf8')) as Dashboard;
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const templating = dashboard.templating.list.map((v) => (typeof v.query === 'string' ? v.query : (v.query?.query ?? v.definition ?? '')));
  return [...panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)), ...templating];
}

function alertExpressions(): string[] {
  const rules = parse(readFileSync(join(ROOT, 'deploy/prometheus/alerts.yaml'), 'utf8')) as { groups: { rules: { expr: string }[] }[] };
  return rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
}

describe('PromQL metric names', () => {
  it('are read from expressions without functions, keywords, label names or strings', () => {
    expect(
      metricNamesIn('histogram_quantile(0.95, sum by (le, route) (rate(dealer_kpi_http_request_duration_seconds_bucket{job=~"$job",status=~"5.."}[5m])))'),
    ).toEqual(['dealer_kpi_http_request_duration_seconds_bucket']);
    expect(metricNamesIn('sum by (job) (rate(a_total[5m])) / sum by (job) (rate(b_total[5m])) > 0.05')).toEqual(['a_total', 'b_total']);
    expect(metricNamesIn('label_values(dealer_kpi_process_start_time_seconds, job)')).toEqual(['dealer_kpi_process_start_time_seconds']);
    expect(metricNamesIn('up{job=~"x"} == 0')).toEqual([]);
  });
});

describe('the platform process: /metrics holds every metric of the dashboard and the alerts; JSON logs', () => {
  let db: TestDatabase;
  let dataDir: string;
  let child: TestChild | undefined;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase('metrics');
    dataDir = mkdtempSync(join(tmpdir(), 'kpi-metrics-'));
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await child?.stop(30_000);
    await pg?.end();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves them without a token after a command and a report, and logs JSON lines with the correlation id', async () => {
    const port = await freePort();
    const logFile = join(dataDir, 'platform.log');
    const { KAFKA_BROKERS: _kafka, CLICKHOUSE_DATA_DIR: _chDir, CLICKHOUSE_DATABASE: _chDb, ...rest } = process.env;
    const env = {
      ...rest,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_SEED: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
      NO_COLOR: '1',
    };
    child = TestChild.start('apps/platform/src/main.ts', { env, logFile });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(`${base}/health`, child, 180_000);

    // A command (its correlation id from the header), a user created (a log line inside a request), a report.
    const token = bearerFor('head-office', { subject: 'metrics-test' });
    const json = { 'content-type': 'application/json', ...token };
    const branch = { branchId: 'MX-01', name: 'Metrics', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' };
    const opened = await fetch(`${base}/api/v1/org/branches`, {
      method: 'POST',
      headers: { ...json, 'X-Correlation-Id': 'corr-metrics-1' },
      body: JSON.stringify(branch),
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.get('x-correlation-id')).toBe('corr-metrics-1');
    const password = 'a-password-that-must-not-be-logged-42';
    const user = await fetch(`${base}/api/v1/users`, {
      method: 'POST',
      headers: { ...json, 'X-Correlation-Id': 'corr-metrics-2' },
      body: JSON.stringify({ username: 'metrics.user', displayName: 'Metrics', role: 'branch-manager', branches: ['MX-01'], password }),
    });
    expect(user.status).toBe(201);
    // Without the header the request gets an id of its own, which its events record.
    const second = await fetch(`${base}/api/v1/org/branches`, { method: 'POST', headers: json, body: JSON.stringify({ ...branch, branchId: 'MX-02' }) });
    expect(second.status).toBe(201);
    const ownId = second.headers.get('x-correlation-id');
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);
    const { rows } = await pg.query<{ correlation_id: string }>(`SELECT correlation_id FROM events WHERE stream_id LIKE '%MX-02%'`);
    expect(rows.map((r) => r.correlation_id)).toEqual([ownId]);
    expect((await fetch(`${base}/api/v1/scorecard?period=2026-01&level=branch&currency=branch`, { headers: token })).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await response.text();
    const exposed = exposedNames(text);

    const used = new Map<string, string>();
    for (const [source, exprs] of [
      ['operator.json', dashboardExpressions()],
      ['alerts.yaml', alertExpressions()],
    ] as const) {
      for (const expr of exprs) for (const name of metricNamesIn(expr)) used.set(name, source);
    }
    expect(used.size).toBeGreaterThan(15);
    const missing = [...used].filter(([name]) => !exposed.has(name)).map(([name, source]) => `${name} (${source})`);
    expect(missing).toEqual([]);

    // What the requests above left: label values by route template and command name, never raw URLs or ids.
    expect(text).toMatch(/^dealer_kpi_commands_total\{context="org",command="\w+",outcome="ok"\} 2$/m);
    expect(text).toMatch(/^dealer_kpi_http_requests_total\{method="POST",route="\/api\/v1\/org\/branches",status="201"\} 2$/m);
    expect(text).toMatch(/^dealer_kpi_report_query_duration_seconds_count\{report="scorecard",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^dealer_kpi_ready\{endpoint="\/health\/ready"\} 1$/m);
    expect(text).toMatch(/^dealer_kpi_projector_lag_events\{topic="event-store",partition="all"\} \d+$/m);
    expect(text).toMatch(/^dealer_kpi_process_resident_memory_bytes \d+/m);
    expect(text).not.toMatch(/MX-0\d|metrics-test|corr-metrics/);

    await child.stop(30_000);
    child = undefined;
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const logs = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; context?: string; message: unknown; correlationId?: string });
    // Nest's lines are JSON (the first-start banner and progress bars are not log lines).
    expect(logs.length).toBeGreaterThan(5);
    expect(logs.some((l) => l.context === 'Platform' && String(l.message).startsWith('listening on'))).toBe(true);
    expect(logs.find((l) => String(l.message).startsWith('user metrics.user'))).toMatchObject({ correlationId: 'corr-metrics-2' });
    const all = lines.join('\n');
    expect(all).not.toContain(password);
    expect(all).not.toContain(token.authorization.replace(/^Bearer /, ''));
  }, 300_000);
});
