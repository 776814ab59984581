/**
 * The region and group monthly packs over HTTP on the ClickHouse engine (embedded unless
 * CLICKHOUSE_URL is set): their figures are the KPI API's at the same grain (region and group
 * targets, consolidated in group currency, or one subtotal per currency in branch currency),
 * their units one level down ranked, the trend's last month the table's figure; the caller's
 * scope (403 outside it); the PDF with its charts.
 */
import { authHeaderFor, Role } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { kpiLabel } from '@app/kpi';
import { closed, envelope, RepairOrderInput, shanghai } from '@app/projections/testing';
import { INestApplication } from '@nestjs/common';
import { Server } from 'node:http';
import request from 'supertest';
import { projectAsTheProjector, startReportingTestApp } from '../testing/reporting-test-app';
import type { MonthlySummary } from './monthly-summary.types';
import { pdfText } from './render/testing/pdf-text';

const ro = (branchId: string, id: string, day: string, mechanical: string): RepairOrderInput => ({
  branchId,
  repairOrderId: id,
  intakeVisitId: `V${id}`,
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai(day, '08:00'),
  closedAt: shanghai(day, '17:00'),
  totals: { mechanical },
});

/** The test helpers write CNY money: the Madrid branch's repair order in euros. */
const inEuro = (event: DomainEvent): DomainEvent => JSON.parse(JSON.stringify(event).replaceAll('"CNY"', '"EUR"')) as DomainEvent;

const branch = (branchId: string, name: string, regionId: string, currency: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name, brands: ['Volkswagen'], currency, timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];

const target = (grain: 'region' | 'group', grainId: string, value: string) =>
  envelope('TargetSet', {
    kpi: 'service_revenue',
    periodKind: 'month',
    period: '2026-01',
    grain,
    grainId,
    model: null,
    segment: null,
    kind: 'quota',
    value,
    unit: 'CNY',
    version: 1,
  });

// EAST keeps two currencies (SH-01 in CNY, MAD-01 in EUR); NORTH one.
const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  ...branch('SH-01', 'Shanghai Pudong 4S', 'EAST', 'CNY'),
  ...branch('MAD-01', 'Madrid Centro', 'EAST', 'EUR'),
  ...branch('BJ-01', 'Beijing Chaoyang 4S', 'NORTH', 'CNY'),
  envelope('ExchangeRateSet', { month: '2025-12', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.80000000', version: 1 }),
  envelope('ExchangeRateSet', { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '8.00000000', version: 1 }),
  target('region', 'EAST', '20000'),
  target('group', 'group', '30000'),
  closed(ro('SH-01', 'A1', '2026-01-05', '1000.00')),
  closed(ro('SH-01', 'A2', '2026-01-06', '1500.00')),
  inEuro(closed(ro('MAD-01', 'M1', '2026-01-07', '2000.00'))),
  closed(ro('BJ-01', 'C1', '2026-01-08', '3000.00')),
  closed(ro('SH-01', 'A0', '2025-12-05', '2000.00')),
];

const CALLERS: Record<string, { role: Role; scope: { regions?: string[]; branches?: string[] } }> = {
  headOffice: { role: 'head-office', scope: {} },
  eastManager: { role: 'region-manager', scope: { regions: ['EAST'] } },
  sh01Manager: { role: 'branch-manager', scope: { branches: ['SH-01'] } },
};

type Point = {
  unitId: string;
  currency: string | null;
  value: string | null;
  targets: { quota: { value: string } | null };
  attainment: { quota: string | null };
};

describe('region and group monthly packs', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const as = (caller: keyof typeof CALLERS) => authHeaderFor(CALLERS[caller]!.role, CALLERS[caller]!.scope);
  const kpi = async (kpiId: string, query: Record<string, string>) =>
    (
      (
        await http()
          .get(`/api/v1/kpis/${kpiId}`)
          .query({ from: '2026-01', to: '2026-01', ...query })
          .set(await as('headOffice'))
          .expect(200)
      ).body as { points: Point[] }
    ).points;
  const pack = async (path: string, query: Record<string, string> = {}) =>
    (
      await http()
        .get(path)
        .query(query)
        .set(await as('headOffice'))
        .expect(200)
    ).body as MonthlySummary;
  const rows = (summary: MonthlySummary, kpiId: string) => summary.sections.flatMap((s) => s.rows).filter((r) => r.kpiId === kpiId);

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    await projectAsTheProjector(clickhouse, events);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a region pack in group currency: the KPI API figures of the region against its own plan, its branches ranked, the trend', async () => {
    const summary = await pack('/api/v1/regions/EAST/monthly-summary/2026-01', { locale: 'zh-CN' });
    const [api] = await kpi('service_revenue', { groupBy: 'region', regionId: 'EAST' });
    // 1,000 + 1,500 CNY + 2,000 EUR × 8 = 18,500 CNY against the region's quota of 20,000.
    expect(api).toMatchObject({ value: '18500.00', targets: { quota: { value: '20000' } } });
    expect(summary.unit).toEqual({ level: 'region', id: 'EAST', name: 'East China', currency: 'CNY', regionId: 'EAST', regionName: 'East China' });
    expect(summary.text.rank).toBe('大区排名');
    expect(rows(summary, 'service_revenue')).toEqual([
      expect.objectContaining({
        value: api!.value,
        currency: 'CNY',
        currencySubtotal: false,
        quota: '20000',
        quotaAttainment: api!.attainment.quota,
        // EAST (18,500) before NORTH (3,000).
        rank: { rank: 1, of: 2 },
      }),
    ]);
    const byBranch = await kpi('service_revenue', { groupBy: 'branch', regionId: 'EAST' });
    expect(summary.ranking).toMatchObject({ level: 'branch', title: '门店排名', rankedBy: 'revenue' });
    const column = summary.ranking!.kpis.findIndex((k) => k.id === 'service_revenue');
    expect(summary.ranking!.rows.map((r) => [r.unitId, r.figures[column]!.value])).toEqual(expect.arrayContaining(byBranch.map((p) => [p.unitId, p.value])));
    // MAD-01's 16,000 CNY of revenue ranks before SH-01's 2,500.
    expect(summary.ranking!.rows.map((r) => r.unitId)).toEqual(['MAD-01', 'SH-01']);
    const trend = summary.trend.series.find((s) => s.kpiId === 'service_revenue')!;
    expect(summary.trend.months).toHaveLength(12);
    expect(summary.trend.months[11]).toBe('2026-01');
    expect(trend.values[11]).toBe(api!.value);
    const [december] = await kpi('service_revenue', { groupBy: 'region', regionId: 'EAST', from: '2025-12', to: '2025-12' });
    expect(trend.values[10]).toBe(december!.value);
  });

  it('in branch currency: one labelled subtotal per currency, never one as the total, each the KPI API point', async () => {
    const summary = await pack('/api/v1/regions/EAST/monthly-summary/2026-01', { currency: 'branch' });
    const points = await kpi('service_revenue', { groupBy: 'region', regionId: 'EAST', currency: 'branch' });
    expect(points.map((p) => [p.currency, p.value]).sort()).toEqual([
      ['CNY', '2500.00'],
      ['EUR', '2000.00'],
    ]);
    expect(summary.unit.currency).toBeNull();
    expect(rows(summary, 'service_revenue').map((r) => [r.currency, r.value, r.currencySubtotal, r.rank])).toEqual([
      ['CNY', '2500.00', true, null],
      ['EUR', '2000.00', true, null],
    ]);
    const trend = summary.trend.series.filter((s) => s.kpiId === 'service_revenue');
    expect(trend.map((s) => [s.currency, s.currencySubtotal, s.values[11]])).toEqual([
      ['CNY', true, '2500.00'],
      ['EUR', true, '2000.00'],
    ]);
    // Counts have no currency: one figure.
    expect(rows(summary, 'vehicle_intakes')).toEqual([expect.objectContaining({ value: '3', currency: null, currencySubtotal: false })]);
  });

  it('the group pack: the group figure against the group plan, its regions ranked, no rank of its own', async () => {
    const summary = await pack('/api/v1/group/monthly-summary/2026-01', { locale: 'es' });
    const [api] = await kpi('service_revenue', { groupBy: 'group' });
    expect(api).toMatchObject({ value: '21500.00', targets: { quota: { value: '30000' } } });
    expect(summary.unit).toMatchObject({ level: 'group', id: 'group', name: 'Grupo', currency: 'CNY' });
    expect(rows(summary, 'service_revenue')).toEqual([
      expect.objectContaining({ value: '21500.00', quota: '30000', quotaAttainment: api!.attainment.quota, rank: null }),
    ]);
    expect(summary.ranking).toMatchObject({ level: 'region', title: 'Clasificación de regiones' });
    expect(summary.ranking!.rows.map((r) => [r.unitId, r.unitName])).toEqual([
      ['EAST', 'East China'],
      ['NORTH', 'North China'],
    ]);
  });

  it('scope: a branch manager gets 403 for region and group packs, a region manager for other regions and the group', async () => {
    const cases: [string, keyof typeof CALLERS, number][] = [
      ['/api/v1/regions/EAST/monthly-summary/2026-01', 'eastManager', 200],
      ['/api/v1/regions/NORTH/monthly-summary/2026-01', 'eastManager', 403],
      ['/api/v1/group/monthly-summary/2026-01', 'eastManager', 403],
      ['/api/v1/regions/EAST/monthly-summary/2026-01', 'sh01Manager', 403],
      ['/api/v1/group/monthly-summary/2026-01', 'sh01Manager', 403],
      ['/api/v1/branches/SH-01/monthly-summary/2026-01', 'sh01Manager', 200],
      ['/api/v1/group/monthly-summary/2026-01', 'headOffice', 200],
    ];
    for (const [path, caller, status] of cases) {
      await http().get(path).expect(401);
      const response = await http()
        .get(path)
        .set(await as(caller));
      if (response.status !== status) throw new Error(`${caller} ${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
      if (status === 403) expect(response.body).toMatchObject({ code: 'OUT_OF_SCOPE' });
    }
    expect(
      (
        await http()
          .get('/api/v1/regions/MOON/monthly-summary/2026-01')
          .set(await as('headOffice'))
          .expect(404)
      ).body,
    ).toMatchObject({ code: 'UNKNOWN_REGION' });
    await http()
      .get('/api/v1/regions/EAST%27--/monthly-summary/2026-01')
      .set(await as('headOffice'))
      .expect(400);
    await http()
      .get('/api/v1/group/monthly-summary/2026-13')
      .set(await as('headOffice'))
      .expect(400);
    await http()
      .get('/api/v1/group/monthly-summary/2026-01')
      .query({ currency: 'usd' })
      .set(await as('headOffice'))
      .expect(400);
  });

  it('the region PDF: the trend and attainment charts and the ranking, with the figures of the tables', async () => {
    const response = await http()
      .get('/api/v1/regions/EAST/monthly-summary/2026-01')
      .query({ format: 'pdf', locale: 'en', tz: 'Europe/Madrid' })
      .set(await as('headOffice'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="EAST-2026-01-en.pdf"');
    const { pages } = await pdfText(response.body as Buffer);
    const text = pages.join('\n');
    const lines = text.split('\n');
    const label = kpiLabel('service_revenue', 'en');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Region East China (EAST)',
        'Currency CNY',
        expect.stringMatching(new RegExp(`^${label} CNY 18,500.00 20,000.00 92.5% `)),
        'Branches ranked',
        '12-month trend',
        `${label} (CNY) 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 0.00 2,000.00 18,500.00`,
        'Attainment of quota and stretch',
        `${label} 92.5%`,
      ]),
    );
    expect(text.replace(/\s+/g, ' ')).toContain('Central European Standard Time');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  });
});
