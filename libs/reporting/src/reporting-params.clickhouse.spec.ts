/**
 * Every query and path parameter of every reporting route with extreme values (years 0000, 1969,
 * 2150 and 9999, impossible days, huge, empty, repeated, SQL and ClickHouse metacharacters, NUL,
 * emoji), and every measured KPI, the scorecard and the monthly summary at the first and last
 * months accepted: nothing gets a 5xx; a 400 has the error body and names the field.
 * (`to=9999-12` was a 500 on the former vehicle-revenue report: ClickHouse's Date ends in 2149.)
 */
import { authHeaderFor } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { BUCKETS, isMeasuredKpi, KPI_CATALOGUE } from '@app/kpi';
import { INestApplication } from '@nestjs/common';
import { Server } from 'node:http';
import request from 'supertest';
import { projectAsTheProjector, startReportingTestApp } from './testing/reporting-test-app';
import { closed, envelope, shanghai } from '@app/projections/testing';

/** Values every parameter is tried with (raw, percent-encoded into the URL). */
const EXTREMES: readonly string[] = [
  '9999-12',
  '0000-01',
  '1969-12',
  '1970-01',
  '2149-06',
  '2150-01',
  '99999-01',
  '-2026-01',
  '2026-1',
  '202601',
  '2026-02-30',
  '2026-02-29',
  '2026-13',
  '2026-00',
  '2026-01-32',
  '9999-12-31',
  '0001-01-01',
  '2026-01-01T00:00:00Z',
  '',
  ' ',
  '-1',
  '0',
  '1e308',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '{from:String}',
  "'; DROP TABLE fact_vehicle_sales; --",
  '\\',
  '%',
  '..',
  '../../etc/passwd',
  '💥',
  'a\u0000b',
  'x'.repeat(5000),
  'group',
  'branch',
  'day',
  'as-closed',
  'zh-CN',
];

interface Route {
  readonly name: string;
  /** The path with `{param}` placeholders and their ordinary values. */
  readonly path: string;
  readonly pathParams: Record<string, string>;
  readonly query: Record<string, string>;
  /** Query parameters tried with every extreme value (besides the path parameters). */
  readonly queryParams: readonly string[];
}

const ROUTES: readonly Route[] = [
  { name: 'catalogue', path: '/api/v1/kpis', pathParams: {}, query: {}, queryParams: ['locale'] },
  {
    name: 'KPI series',
    path: '/api/v1/kpis/{kpiId}',
    pathParams: { kpiId: 'service_revenue' },
    query: { from: '2026-01', to: '2026-01' },
    queryParams: ['from', 'to', 'grain', 'groupBy', 'regionId', 'branchId', 'currency', 'view', 'locale'],
  },
  {
    name: 'scorecard',
    path: '/api/v1/scorecard',
    pathParams: {},
    query: { period: '2026-01' },
    queryParams: ['period', 'level', 'regionId', 'currency', 'locale'],
  },
  {
    name: 'monthly summary',
    path: '/api/v1/branches/{branchId}/monthly-summary/{period}',
    pathParams: { branchId: 'SH-01', period: '2026-01' },
    query: {},
    queryParams: ['format', 'locale', 'tz', 'currency', 'view'],
  },
  {
    name: 'region pack',
    path: '/api/v1/regions/{regionId}/monthly-summary/{period}',
    pathParams: { regionId: 'EAST', period: '2026-01' },
    query: {},
    queryParams: ['format', 'locale', 'tz', 'currency', 'view'],
  },
  {
    name: 'group pack',
    path: '/api/v1/group/monthly-summary/{period}',
    pathParams: { period: '2026-01' },
    query: {},
    queryParams: ['format', 'locale', 'tz', 'currency', 'view'],
  },
  { name: 'me', path: '/api/v1/me', pathParams: {}, query: {}, queryParams: [] },
  { name: 'units', path: '/api/v1/units', pathParams: {}, query: {}, queryParams: [] },
];

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

const urlOf = (route: Route, pathParams: Record<string, string>, query: Record<string, string | string[]>): string => {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ''));
  const search = Object.entries(query)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`))
    .join('&');
  return search ? `${path}?${search}` : path;
};

describe('reporting parameters: extreme values never give a 5xx', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  let headOffice: { authorization: string };
  const problems: string[] = [];

  const get = async (url: string): Promise<Answer> => {
    const response = await request(app.getHttpServer() as Server)
      .get(url)
      .set(headOffice);
    return { status: response.status, body: response.body as unknown };
  };

  /** Records what is wrong with an answer: a 5xx, a 4xx without the error body, a 400 that names no field (or not `field`). */
  const check = (label: string, answer: Answer, field?: string) => {
    const body = answer.body as { statusCode?: unknown; code?: unknown; message?: unknown; errors?: { field: string }[] };
    if (answer.status >= 500) problems.push(`${label}: ${answer.status} ${JSON.stringify(answer.body)}`);
    else if (answer.status >= 400 && (body.statusCode !== answer.status || typeof body.code !== 'string' || typeof body.message !== 'string')) {
      problems.push(`${label}: ${answer.status} without the error body: ${JSON.stringify(answer.body)}`);
    } else if (answer.status === 400) {
      const fields = (body.errors ?? []).map((e) => e.field);
      if (fields.length === 0) problems.push(`${label}: 400 naming no field: ${JSON.stringify(answer.body)}`);
      else if (field !== undefined && body.code === 'VALIDATION_FAILED' && !fields.includes(field))
        problems.push(`${label}: 400 naming ${fields.join(', ')}, not ${field}`);
    }
  };

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    const events = [
      envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
      envelope(
        'BranchOpened',
        {
          branchId: 'SH-01',
          name: 'Shanghai Pudong 4S',
          brands: ['Volkswagen'],
          currency: 'CNY',
          timeZone: 'Asia/Shanghai',
          cutoffMinutes: 0,
          openedOn: '2000-01-01',
        },
        { branchId: 'SH-01' },
      ),
      envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2000-01-01' }, { branchId: 'SH-01' }),
      closed({
        branchId: 'SH-01',
        repairOrderId: 'A1',
        intakeVisitId: 'V1',
        jobType: 'repair',
        payer: 'customer',
        openedAt: shanghai('2026-01-05', '08:00'),
        closedAt: shanghai('2026-01-05', '17:00'),
        totals: { mechanical: '1000.00' },
      }),
    ];
    await projectAsTheProjector(clickhouse, events);
    headOffice = await authHeaderFor('head-office');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('every parameter of every route, with every extreme value and repeated', async () => {
    let tried = 0;
    for (const route of ROUTES) {
      check(`${route.name} as given`, await get(urlOf(route, route.pathParams, route.query)));
      for (const param of Object.keys(route.pathParams)) {
        for (const value of EXTREMES) {
          if (value === '' || value === '..') continue; // an empty or dot segment is another route (404)
          check(
            `${route.name} ${param}=${JSON.stringify(value.slice(0, 40))}`,
            await get(urlOf(route, { ...route.pathParams, [param]: value }, route.query)),
            param,
          );
          tried += 1;
        }
      }
      for (const param of route.queryParams) {
        for (const value of EXTREMES) {
          check(
            `${route.name} ?${param}=${JSON.stringify(value.slice(0, 40))}`,
            await get(urlOf(route, route.pathParams, { ...route.query, [param]: value })),
            param,
          );
          tried += 1;
        }
        check(`${route.name} ?${param} repeated`, await get(urlOf(route, route.pathParams, { ...route.query, [param]: ['2026-01', '2026-02'] })), param);
      }
      check(`${route.name} with an unknown parameter`, await get(urlOf(route, route.pathParams, { ...route.query, 'from[]': '2026-01' })));
    }
    expect(tried).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  }, 300_000);

  it('the first and last months accepted, for every measured KPI, level and grain', async () => {
    const ranges = [
      { from: '2000-01', to: '2000-12' },
      { from: '2099-01', to: '2099-12' },
      { from: '2000-01', to: '2099-12' },
      { from: '2099-12', to: '2000-01' },
      { from: '2000-01-01', to: '2000-01-01' },
      { from: '2099-12-31', to: '2099-12-31' },
    ];
    for (const kpi of KPI_CATALOGUE.filter((k) => isMeasuredKpi(k.id))) {
      for (const range of ranges.slice(0, 2))
        check(`${kpi.id} ${range.from}..${range.to}`, await get(`/api/v1/kpis/${kpi.id}?from=${range.from}&to=${range.to}`));
    }
    // Every bucket, and the whole range (grain=range: one figure, YoY against the same range a year earlier).
    for (const grain of [...BUCKETS, 'range']) {
      for (const [i, groupBy] of ['group', 'region', 'branch'].entries()) {
        const currency = i % 2 === 0 ? 'group' : 'branch';
        const edges = grain === 'day' ? ranges.slice(4) : ranges.slice(0, 2);
        for (const range of edges) {
          check(
            `service_revenue ${grain} ${groupBy} ${currency} ${range.from}..${range.to}`,
            await get(`/api/v1/kpis/service_revenue?from=${range.from}&to=${range.to}&grain=${grain}&groupBy=${groupBy}&currency=${currency}&view=as-closed`),
          );
        }
      }
      for (const range of ranges.slice(2, 4))
        check(
          `service_revenue ${grain} ${range.from}..${range.to}`,
          await get(`/api/v1/kpis/service_revenue?from=${range.from}&to=${range.to}&grain=${grain}`),
        );
    }
    for (const period of ['2000-01', '2099-12']) {
      for (const level of ['group', 'region', 'branch']) check(`scorecard ${level} ${period}`, await get(`/api/v1/scorecard?period=${period}&level=${level}`));
      for (const format of ['json', 'csv', 'html', 'xlsx', 'pdf'])
        check(`summary ${period} ${format}`, await get(`/api/v1/branches/SH-01/monthly-summary/${period}?format=${format}`));
      check(`new-vehicle revenue ${period}`, await get(`/api/v1/kpis/revenue_new_vehicles?from=${period}&to=${period}`));
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('to=9999-12 is a 400 naming to (it was a 500 on the vehicle-revenue report)', async () => {
    const answer = await get('/api/v1/kpis/revenue_new_vehicles?from=2026-01&to=9999-12');
    expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'to' }] } });
  });

  // Last: it drops a table. The engine's error quotes the statement as it ran, parameters inlined.
  it('a ClickHouse failure is logged without the query parameter values or the bearer token', async () => {
    const branchId = `SECRET-BRANCH-${Date.now()}`;
    const token = await authHeaderFor('head-office', { subject: `subject-${Date.now()}` });
    const printed: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return true;
      });
    await clickhouse.command('DROP TABLE fact_vehicle_sales');
    const spies = [capture(process.stdout), capture(process.stderr)];
    let status: number;
    try {
      status = (
        await request(app.getHttpServer() as Server)
          .get(`/api/v1/kpis/revenue_new_vehicles?from=2026-01&to=2026-03&groupBy=branch&branchId=${branchId}`)
          .set(token)
      ).status;
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(status).toBe(500);
    const text = printed.join('');
    expect(text).toContain('UNKNOWN_TABLE'); // the failure was logged
    expect(text).toContain("in: SELECT * FROM ( SELECT 'revenue_new_vehicles' AS kpi"); // with the engine's statement as written
    const secret = token.authorization.slice('Bearer '.length);
    expect([branchId, 'SECRET-BRANCH', secret, secret.split('.')[2]!, '2026-01-01', '2026-04-01'].filter((value) => text.includes(value))).toEqual([]);
  });
});
