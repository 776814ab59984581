/**
 * The reporting API over HTTP on the ClickHouse engine (embedded unless CLICKHOUSE_URL is set):
 * the catalogue, KPI series, the scorecard and the monthly summary; every endpoint × role × scope
 * (401 without a valid token, 403 outside scope); parameters validated (400 with field messages);
 * ids and filters carrying SQL metacharacters give a 400 or a correct empty result.
 */
import { authHeaderFor, Role } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { INestApplication } from '@nestjs/common';
import { Server } from 'node:http';
import request from 'supertest';
import { projectAsTheProjector, startReportingTestApp } from './testing/reporting-test-app';
import { closed, cny, envelope, opened, repairOrder, RepairOrderInput, serviceSurvey, shanghai } from '@app/projections/testing';

const ro = (branchId: string, id: string, visit: string, day: string, mechanical: string, extra: Partial<RepairOrderInput> = {}): RepairOrderInput =>
  repairOrder(id, visit, 'repair', 'customer', day, { mechanical }, { branchId, ...extra });

const branch = (branchId: string, name: string, regionId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  ...branch('SH-01', 'Shanghai Pudong 4S', 'EAST'),
  ...branch('SH-02', 'Shanghai Minhang 4S', 'EAST'),
  ...branch('BJ-01', 'Beijing Chaoyang 4S', 'NORTH'),
  envelope('TargetSet', {
    kpi: 'service_revenue',
    periodKind: 'month',
    period: '2026-01',
    grain: 'branch',
    grainId: 'SH-01',
    model: null,
    segment: null,
    kind: 'quota',
    value: '2000',
    unit: 'CNY',
    version: 1,
  }),
  closed(ro('SH-01', 'A1', 'VA1', '2026-01-05', '1000.00')),
  closed(ro('SH-01', 'A2', 'VA2', '2026-01-06', '1500.00')),
  closed(ro('SH-02', 'B1', 'VB1', '2026-01-07', '800.00')),
  closed(ro('BJ-01', 'C1', 'VC1', '2026-01-08', '3000.00')),
  closed(ro('SH-01', 'A0', 'VA0', '2025-12-05', '2000.00')),
  serviceSurvey('S-1', ro('SH-01', 'A1', 'VA1', '2026-01-05', '1000.00'), shanghai('2026-01-20'), [
    { questionId: 'overall', answer: '9', min: '0', max: '10', weight: '1', overall: true },
  ]),
];

type Scope = { regions?: string[]; branches?: string[] };
const CALLERS: Record<string, { role: Role; scope: Scope }> = {
  headOffice: { role: 'head-office', scope: {} },
  eastManager: { role: 'region-manager', scope: { regions: ['EAST'] } },
  sh01Manager: { role: 'branch-manager', scope: { branches: ['SH-01'] } },
  analyst: { role: 'analyst', scope: {} },
  bjAnalyst: { role: 'analyst', scope: { branches: ['BJ-01'] } },
};

const JAN = { from: '2026-01', to: '2026-01' };

/** A new vehicle of `model` delivered by a branch on a day. */
const delivery = (branchId: string, vehicleSaleId: string, model: string, day: string): DomainEvent =>
  envelope(
    'VehicleDelivered',
    {
      vehicleSaleId,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model,
      condition: 'new',
      consultantId: 'E-1',
      customerId: null,
      invoice: cny('100000.00'),
      cost: cny('90000.00'),
    },
    { branchId, occurredAt: shanghai(day), streamId: `vehicle-sale-${vehicleSaleId}`, schemaVersion: 2 },
  );

describe('reporting API', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const as = async (caller: keyof typeof CALLERS) => authHeaderFor(CALLERS[caller]!.role, CALLERS[caller]!.scope);

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    await projectAsTheProjector(clickhouse, events);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /api/v1/kpis lists the catalogue with labels in the locale asked', async () => {
    const zh = await http()
      .get('/api/v1/kpis')
      .query({ locale: 'zh-CN' })
      .set(await as('sh01Manager'))
      .expect(200);
    const body = zh.body as { locale: string; kpis: { id: string; label: string; measured: boolean }[] };
    expect(body.locale).toBe('zh-CN');
    expect(body.kpis.length).toBeGreaterThanOrEqual(44);
    expect(body.kpis.find((k) => k.id === 'per_vehicle_yield')).toMatchObject({ label: '单车产值', measured: true });
    expect(body.kpis.find((k) => k.id === 'growth_yoy')).toMatchObject({ measured: false });
    const es = await http()
      .get('/api/v1/kpis')
      .query({ locale: 'es' })
      .set(await as('sh01Manager'))
      .expect(200);
    expect((es.body as typeof body).kpis.find((k) => k.id === 'rework_rate')?.label).toMatch(/retrabajo|reparaci|garant/i);
  });

  it('GET /api/v1/kpis/{id}: values with numerator, targets, attainment and MoM per branch, region and group', async () => {
    const branches = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'branch' })
      .set(await as('headOffice'))
      .expect(200);
    const points = (
      branches.body as { points: { unitId: string; unitName: string; value: string; attainment: { quota: string | null }; mom: { value: string } | null }[] }
    ).points;
    expect(points.map((p) => [p.unitId, p.unitName, p.value])).toEqual([
      ['BJ-01', 'Beijing Chaoyang 4S', '3000.00'],
      ['SH-01', 'Shanghai Pudong 4S', '2500.00'],
      ['SH-02', 'Shanghai Minhang 4S', '800.00'],
    ]);
    expect(points[1]).toMatchObject({ attainment: { quota: '125.00' }, mom: { value: '2000.00', growthPercent: '25.00' } });
    const regions = await http()
      .get('/api/v1/kpis/per_vehicle_yield')
      .query({ ...JAN, groupBy: 'region', locale: 'es' })
      .set(await as('headOffice'))
      .expect(200);
    expect(
      (regions.body as { points: { unitId: string; value: string; numerator: string; denominator: string }[] }).points.map((p) => [
        p.unitId,
        p.value,
        p.numerator,
        p.denominator,
      ]),
    ).toEqual([
      ['EAST', '1100.00', '3300.00', '3'],
      ['NORTH', '3000.00', '3000.00', '1'],
    ]);
    const group = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'group', locale: 'zh-CN' })
      .set(await as('headOffice'))
      .expect(200);
    expect((group.body as { points: { unitName: string; value: string; currency: string }[] }).points).toMatchObject([
      { unitName: '集团', value: '6300.00', currency: 'CNY' },
    ]);
    const days = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ from: '2026-01-05', to: '2026-01-06', grain: 'day', groupBy: 'branch', branchId: 'SH-01' })
      .set(await as('headOffice'))
      .expect(200);
    expect((days.body as { points: { period: string; value: string }[] }).points.map((p) => [p.period, p.value])).toEqual([
      ['2026-01-05', '1000.00'],
      ['2026-01-06', '1500.00'],
    ]);
  });

  it('GET /api/v1/kpis/{id}?by=…: a breakdown by dimension with numerator and denominator per value, filters and the caller’s scope', async () => {
    const catalogue = await http()
      .get('/api/v1/kpis')
      .query({ locale: 'zh-CN' })
      .set(await as('sh01Manager'))
      .expect(200);
    const body = catalogue.body as { kpis: { id: string; dimensions: string[] }[]; dimensions: { id: string; label: string }[] };
    expect(body.kpis.find((k) => k.id === 'per_vehicle_yield')?.dimensions).toEqual(expect.arrayContaining(['service_segment', 'advisor', 'technician']));
    expect(body.dimensions.find((d) => d.id === 'service_segment')?.label).toBe('售后业务类型');
    // Branch level: SH-01's two ROs (advisor SA-1, the helper's default) by segment; the head office sees all branches.
    const segments = await http()
      .get('/api/v1/kpis/per_vehicle_yield')
      .query({ ...JAN, groupBy: 'region', by: 'service_segment', locale: 'es' })
      .set(await as('headOffice'))
      .expect(200);
    const answer = segments.body as {
      query: { by: { id: string; label: string } };
      points: { unitId: string; dimensionValue: string; value: string; numerator: string; denominator: string }[];
    };
    expect(answer.query.by).toEqual({ id: 'service_segment', label: 'Segmento de taller' });
    expect(answer.points.map((p) => [p.unitId, p.dimensionValue, p.value, p.numerator, p.denominator])).toEqual([
      ['EAST', 'customer', '1100.00', '3300.00', '3'],
      ['NORTH', 'customer', '3000.00', '3000.00', '1'],
    ]);
    // A branch manager's breakdown covers their branch only.
    const own = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'branch', by: 'advisor' })
      .set(await as('sh01Manager'))
      .expect(200);
    expect(
      (own.body as { points: { unitId: string; dimensionValue: string; value: string }[] }).points.map((p) => [p.unitId, p.dimensionValue, p.value]),
    ).toEqual([['SH-01', 'SA-1', '2500.00']]);
    await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'group', by: 'advisor' })
      .set(await as('sh01Manager'))
      .expect(403);
    // Filters: comma-separated values; a value no fact has gives nothing.
    const filtered = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'group', service_segment: 'insurance,warranty' })
      .set(await as('headOffice'))
      .expect(200);
    expect((filtered.body as { points: unknown[]; query: { filters: object } }).points).toEqual([]);
    expect((filtered.body as { query: { filters: object } }).query.filters).toEqual({ service_segment: ['insurance', 'warranty'] });
    const customer = await http()
      .get('/api/v1/kpis/service_revenue')
      .query({ ...JAN, groupBy: 'group', service_segment: 'customer' })
      .set(await as('headOffice'))
      .expect(200);
    expect((customer.body as { points: { value: string }[] }).points.map((p) => p.value)).toEqual(['6300.00']);
    // A dimension the KPI's facts do not carry, and a malformed one.
    expect(
      (
        await http()
          .get('/api/v1/kpis/per_vehicle_yield')
          .query({ ...JAN, by: 'consultant' })
          .set(await as('headOffice'))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'UNSUPPORTED_DIMENSION' });
    expect(
      (
        await http()
          .get('/api/v1/kpis/service_revenue')
          .query({ ...JAN, by: 'planet' })
          .set(await as('headOffice'))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'by' }] });
    expect(
      (
        await http()
          .get('/api/v1/kpis/service_revenue')
          .query({ ...JAN, model: 'a\u0000b' })
          .set(await as('headOffice'))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'model' }] });
  });

  it('GET /api/v1/kpis/{id}?by=brand: the brand of each model as of the delivery, "unassigned" without one, under the caller’s scope', async () => {
    // June 2024 (read by no other test): SH-01 delivers a Tiguan L (Volkswagen) and a model no catalogue holds; SH-02 an Octavia (Skoda).
    await projectAsTheProjector(clickhouse, [
      envelope('ModelBrandAssigned', { model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' }, { streamId: 'model-brand-Tiguan L' }),
      envelope('ModelBrandAssigned', { model: 'Octavia', brand: 'Skoda', effectiveFrom: '2020-01-01' }, { streamId: 'model-brand-Octavia' }),
      delivery('SH-01', 'VS-B1', 'Tiguan L', '2024-06-03'),
      delivery('SH-01', 'VS-B2', 'Mystery X', '2024-06-04'),
      delivery('SH-02', 'VS-B3', 'Octavia', '2024-06-05'),
    ]);
    const JUNE = { from: '2024-06', to: '2024-06' };
    const brands = async (caller: keyof typeof CALLERS, query: Record<string, string>) =>
      (
        (
          await http()
            .get('/api/v1/kpis/units_delivered')
            .query(query)
            .set(await as(caller))
            .expect(200)
        ).body as {
          points: { unitId: string; dimensionValue?: string; numerator: string }[];
        }
      ).points.map((p) => [p.unitId, p.dimensionValue, p.numerator]);
    expect(await brands('headOffice', { ...JUNE, groupBy: 'group', by: 'brand', locale: 'zh-CN' })).toEqual([
      ['group', 'Skoda', '1'],
      ['group', 'Volkswagen', '1'],
      ['group', 'unassigned', '1'],
    ]);
    // SH-01's manager: SH-01's brands only; the group is out of scope.
    expect(await brands('sh01Manager', { ...JUNE, groupBy: 'branch', by: 'brand' })).toEqual([
      ['SH-01', 'Volkswagen', '1'],
      ['SH-01', 'unassigned', '1'],
    ]);
    expect(await brands('sh01Manager', { ...JUNE, groupBy: 'branch', brand: 'Skoda' })).toEqual([]);
    await http()
      .get('/api/v1/kpis/units_delivered')
      .query({ ...JUNE, groupBy: 'group', by: 'brand' })
      .set(await as('sh01Manager'))
      .expect(403);
    // The region, filtered to the models without a brand; the facts of that value.
    expect(await brands('eastManager', { ...JUNE, groupBy: 'region', brand: 'unassigned' })).toEqual([['EAST', undefined, '1']]);
    const lineage = await http()
      .get('/api/v1/kpis/units_delivered/lineage')
      .query({ groupBy: 'branch', unitId: 'SH-01', periodStart: '2024-06-01', by: 'brand', dimensionValue: 'unassigned' })
      .set(await as('sh01Manager'))
      .expect(200);
    expect((lineage.body as { facts: { reference: string; numerator: string }[] }).facts.map((f) => [f.reference, f.numerator])).toEqual([['VS-B2', '1']]);
    // A repair order names its vehicle's model at opening: SH-01 services a Tiguan L and a car of unknown model, SH-02 an Octavia.
    const tiguan = ro('SH-01', 'BR1', 'VBR1', '2024-06-10', '900.00');
    const unknown = ro('SH-01', 'BR2', 'VBR2', '2024-06-11', '400.00');
    const octavia = ro('SH-02', 'BR3', 'VBR3', '2024-06-12', '700.00');
    await projectAsTheProjector(clickhouse, [
      opened(tiguan, 'Tiguan L'),
      closed(tiguan),
      opened(unknown),
      closed(unknown),
      opened(octavia, 'Octavia'),
      closed(octavia),
    ]);
    const service = async (caller: keyof typeof CALLERS, query: Record<string, string>) =>
      (
        (
          await http()
            .get('/api/v1/kpis/service_revenue')
            .query(query)
            .set(await as(caller))
            .expect(200)
        ).body as { points: { unitId: string; dimensionValue?: string; numerator: string }[] }
      ).points.map((p) => [p.unitId, p.dimensionValue, p.numerator]);
    expect(await service('headOffice', { ...JUNE, groupBy: 'group', by: 'brand' })).toEqual([
      ['group', 'Skoda', '700.00'],
      ['group', 'Volkswagen', '900.00'],
      ['group', 'unassigned', '400.00'],
    ]);
    expect(await service('sh01Manager', { ...JUNE, groupBy: 'branch', by: 'brand' })).toEqual([
      ['SH-01', 'Volkswagen', '900.00'],
      ['SH-01', 'unassigned', '400.00'],
    ]);
    expect(await service('sh01Manager', { ...JUNE, groupBy: 'branch', brand: 'Skoda' })).toEqual([]);
    // The parts KPIs' facts name no model: no brand.
    expect(
      (
        await http()
          .get('/api/v1/kpis/parts_counter_sales')
          .query({ ...JUNE, by: 'brand' })
          .set(await as('headOffice'))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'UNSUPPORTED_DIMENSION' });
  });

  it('GET /api/v1/kpis/{id}/lineage lists the facts behind a figure, paged, summing to it, under the caller’s scope', async () => {
    const query = { grain: 'month', groupBy: 'branch', unitId: 'SH-01', periodStart: '2026-01-01', currency: 'branch' };
    const page1 = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, pageSize: 1 })
      .set(await as('sh01Manager'))
      .expect(200);
    const body1 = page1.body as {
      point: { value: string };
      total: number;
      sums: { numerator: string };
      facts: { reference: string; numerator: string; businessDate: string; eventId: string }[];
      asOf: object;
    };
    expect([body1.point.value, body1.total, body1.sums.numerator]).toEqual(['2500.00', 2, '2500.00']);
    expect(body1.facts.map((f) => [f.reference, f.businessDate, f.numerator])).toEqual([['A1', '2026-01-05', '1000.00']]);
    expect(body1.asOf).toBeDefined();
    const page2 = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, pageSize: 1, page: 2 })
      .set(await as('sh01Manager'))
      .expect(200);
    expect((page2.body as typeof body1).facts.map((f) => [f.reference, f.numerator])).toEqual([['A2', '1500.00']]);
    // The region's CSI: its one survey; the group's, head office only.
    const csi = await http()
      .get('/api/v1/kpis/csi_service/lineage')
      .query({ groupBy: 'region', unitId: 'EAST', periodStart: '2026-01-01' })
      .set(await as('eastManager'))
      .expect(200);
    expect((csi.body as { facts: { reference: string; numerator: string; denominator: string }[] }).facts).toMatchObject([
      { reference: 'S-1', numerator: '90', denominator: '1' },
    ]);
    await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ ...query, unitId: 'BJ-01' })
      .set(await as('sh01Manager'))
      .expect(403);
    await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ groupBy: 'group', unitId: 'group', periodStart: '2026-01-01' })
      .set(await as('eastManager'))
      .expect(403);
    await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ groupBy: 'region', unitId: 'NORTH', periodStart: '2026-01-01' })
      .set(await as('eastManager'))
      .expect(403);
    const bad = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ pageSize: 0 })
      .set(await as('headOffice'))
      .expect(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['pageSize', 'periodStart', 'unitId']);
    expect(
      (
        await http()
          .get('/api/v1/kpis/follow_up_within_3_working_days/lineage')
          .query(query)
          .set(await as('headOffice'))
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'UNSUPPORTED_LINEAGE' });
    await http().get('/api/v1/kpis/service_revenue/lineage').query(query).expect(401);
  });

  it('GET /api/v1/scorecard ranks the units of a level on the headline KPIs', async () => {
    const response = await http()
      .get('/api/v1/scorecard')
      .query({ period: '2026-01', level: 'branch' })
      .set(await as('headOffice'))
      .expect(200);
    const body = response.body as {
      kpis: { id: string }[];
      rows: { unitId: string; figures: Record<string, { value: string | null; rank: number | null }> }[];
    };
    expect(body.kpis.map((k) => k.id)).toEqual(['revenue', 'units_delivered', 'service_revenue', 'per_vehicle_yield', 'rework_rate', 'csi_service']);
    expect(body.rows.map((r) => [r.unitId, r.figures.service_revenue?.value, r.figures.service_revenue?.rank])).toEqual([
      ['BJ-01', '3000.00', 1],
      ['SH-01', '2500.00', 2],
      ['SH-02', '800.00', 3],
    ]);
    // Lower is better: three branches without comebacks share rank 1.
    expect(body.rows.map((r) => r.figures.rework_rate?.rank)).toEqual([1, 1, 1]);
    const east = await http()
      .get('/api/v1/scorecard')
      .query({ period: '2026-01', level: 'branch' })
      .set(await as('eastManager'))
      .expect(200);
    expect((east.body as typeof body).rows.map((r) => [r.unitId, r.figures.service_revenue?.rank])).toEqual([
      ['SH-01', 1],
      ['SH-02', 2],
    ]);
  });

  it('GET /api/v1/branches/{id}/monthly-summary/{month}: the pack in JSON with plan, MoM and rank in region', async () => {
    const response = await http()
      .get('/api/v1/branches/SH-01/monthly-summary/2026-01')
      .query({ locale: 'zh-CN' })
      .set(await as('sh01Manager'))
      .expect(200);
    const summary = response.body as {
      unit: { name: string; regionName: string };
      text: { title: string };
      sections: {
        id: string;
        title: string;
        rows: {
          kpiId: string;
          label: string;
          value: string | null;
          quota: string | null;
          quotaAttainment: string | null;
          rank: { rank: number; of: number } | null;
          mom: { value: string } | null;
        }[];
      }[];
    };
    expect(summary.unit).toMatchObject({ level: 'branch', name: 'Shanghai Pudong 4S', regionName: 'East China' });
    expect(summary.text.title).toBe('月度经营分析');
    expect(summary.sections.map((s) => s.id)).toEqual(['sales', 'after_sales', 'parts', 'customer']);
    const afterSales = summary.sections.find((s) => s.id === 'after_sales');
    expect(afterSales?.title).toBe('售后服务');
    expect(afterSales?.rows.find((r) => r.kpiId === 'service_revenue')).toMatchObject({
      label: '售后产值',
      value: '2500.00',
      quota: '2000',
      quotaAttainment: '125.00',
      rank: { rank: 1, of: 2 },
      mom: { value: '2000.00' },
    });
    expect(afterSales?.rows.find((r) => r.kpiId === 'vehicle_intakes')).toMatchObject({ value: '2' });
    expect(summary.sections.find((s) => s.id === 'customer')?.rows.find((r) => r.kpiId === 'csi_service')).toMatchObject({ value: '90.00' });
  });

  describe('every endpoint × role × scope', () => {
    type Case = { readonly name: string; readonly path: string; readonly query?: Record<string, string>; readonly allowed: readonly (keyof typeof CALLERS)[] };
    const everyone = Object.keys(CALLERS);
    const all = ['headOffice', 'analyst'] as const;
    const cases: Case[] = [
      { name: 'me', path: '/api/v1/me', allowed: everyone },
      { name: 'units', path: '/api/v1/units', allowed: everyone },
      { name: 'catalogue', path: '/api/v1/kpis', allowed: everyone },
      { name: 'KPI by branch (scope-filtered)', path: '/api/v1/kpis/service_revenue', query: { ...JAN, groupBy: 'branch' }, allowed: everyone },
      {
        name: 'KPI of SH-01',
        path: '/api/v1/kpis/service_revenue',
        query: { ...JAN, groupBy: 'branch', branchId: 'SH-01' },
        allowed: [...all, 'eastManager', 'sh01Manager'],
      },
      { name: 'KPI of BJ-01', path: '/api/v1/kpis/service_revenue', query: { ...JAN, groupBy: 'branch', branchId: 'BJ-01' }, allowed: [...all, 'bjAnalyst'] },
      {
        name: 'KPI of region EAST',
        path: '/api/v1/kpis/rework_rate',
        query: { ...JAN, groupBy: 'region', regionId: 'EAST' },
        allowed: [...all, 'eastManager'],
      },
      { name: 'KPI of every region', path: '/api/v1/kpis/rework_rate', query: { ...JAN, groupBy: 'region' }, allowed: [...all, 'eastManager'] },
      { name: 'KPI of the group', path: '/api/v1/kpis/revenue', query: { ...JAN, groupBy: 'group' }, allowed: all },
      { name: 'scorecard of branches', path: '/api/v1/scorecard', query: { period: '2026-01', level: 'branch' }, allowed: everyone },
      { name: 'scorecard of regions', path: '/api/v1/scorecard', query: { period: '2026-01', level: 'region' }, allowed: [...all, 'eastManager'] },
      { name: 'scorecard of the group', path: '/api/v1/scorecard', query: { period: '2026-01', level: 'group' }, allowed: all },
      { name: 'summary of SH-01', path: '/api/v1/branches/SH-01/monthly-summary/2026-01', allowed: [...all, 'eastManager', 'sh01Manager'] },
      { name: 'summary of BJ-01', path: '/api/v1/branches/BJ-01/monthly-summary/2026-01', allowed: [...all, 'bjAnalyst'] },
      {
        name: 'new-vehicle revenue of BJ-01',
        path: '/api/v1/kpis/revenue_new_vehicles',
        query: { ...JAN, groupBy: 'branch', branchId: 'BJ-01' },
        allowed: [...all, 'bjAnalyst'],
      },
    ];

    it.each(cases)('$name: 401 without a token, 200 inside scope, 403 outside', async ({ path, query, allowed }) => {
      await http()
        .get(path)
        .query(query ?? {})
        .expect(401);
      for (const caller of everyone) {
        const response = await http()
          .get(path)
          .query(query ?? {})
          .set(await as(caller));
        const expected = allowed.includes(caller) ? 200 : 403;
        if (response.status !== expected) throw new Error(`${caller}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
        if (expected === 403) expect(response.body).toMatchObject({ statusCode: 403, code: 'OUT_OF_SCOPE' });
      }
    });

    it('rows outside the scope never appear', async () => {
      const sh01 = await http()
        .get('/api/v1/kpis/service_revenue')
        .query({ ...JAN, groupBy: 'branch' })
        .set(await as('sh01Manager'))
        .expect(200);
      expect((sh01.body as { points: { unitId: string }[] }).points.map((p) => p.unitId)).toEqual(['SH-01']);
      const east = await http()
        .get('/api/v1/units')
        .set(await as('eastManager'))
        .expect(200);
      expect((east.body as { regions: { id: string; branches: { id: string }[] }[] }).regions).toEqual([
        {
          id: 'EAST',
          name: 'East China',
          branches: [
            { id: 'SH-01', name: 'Shanghai Pudong 4S', currency: 'CNY' },
            { id: 'SH-02', name: 'Shanghai Minhang 4S', currency: 'CNY' },
          ],
        },
      ]);
    });
  });

  describe('bad input', () => {
    it.each([
      [{ grain: 'fortnight' }, 'grain'],
      [{ from: '2026-13' }, 'from'],
      [{ to: "2026-01'; DROP TABLE fact_service_revenue; --" }, 'to'],
      [{ groupBy: 'planet' }, 'groupBy'],
      [{ currency: 'USD' }, 'currency'],
      [{ view: 'final' }, 'view'],
      [{ locale: 'fr' }, 'locale'],
      [{ regionId: "EAST' OR '1'='1" }, 'regionId'],
      [{ branchId: 'SH-01) OR (1=1' }, 'branchId'],
      [{ unknown: '1' }, 'unknown'],
    ])('%j → 400 naming the field', async (query, field) => {
      const response = await http()
        .get('/api/v1/kpis/service_revenue')
        .query(query)
        .set(await as('headOffice'))
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    });

    it('SQL metacharacters in ids are refused or find nothing; the tables are intact', async () => {
      const rows = () => clickhouse.query('SELECT count() AS n FROM fact_service_revenue FINAL');
      const before = await rows();
      expect(Number((before[0] as { n: string }).n)).toBeGreaterThanOrEqual(5);
      await http()
        .get("/api/v1/kpis/service_revenue';--")
        .set(await as('headOffice'))
        .expect(400);
      await http()
        .get('/api/v1/branches/SH-01%27%3B--/monthly-summary/2026-01')
        .set(await as('headOffice'))
        .expect(400);
      const nothing = await http()
        .get('/api/v1/kpis/service_revenue')
        .query({ ...JAN, branchId: 'NO-SUCH-BRANCH' })
        .set(await as('headOffice'))
        .expect(200);
      expect((nothing.body as { points: unknown[] }).points).toEqual([]);
      await expect(rows()).resolves.toEqual(before);
    });

    it('unknown and derived KPIs, impossible ranges and grains', async () => {
      const headOffice = await as('headOffice');
      await http().get('/api/v1/kpis/no_such_kpi').set(headOffice).expect(404);
      expect((await http().get('/api/v1/kpis/growth_yoy').set(headOffice).expect(400)).body).toMatchObject({ code: 'DERIVED_KPI' });
      expect((await http().get('/api/v1/kpis/service_revenue').query({ from: '2026-02', to: '2026-01' }).set(headOffice).expect(400)).body).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(
        (await http().get('/api/v1/kpis/service_revenue').query({ from: '2024-01', to: '2026-01', grain: 'day' }).set(headOffice).expect(400)).body,
      ).toMatchObject({ code: 'RANGE_TOO_LARGE' });
      expect(
        (
          await http()
            .get('/api/v1/kpis/stock_value')
            .query({ ...JAN, grain: 'week' })
            .set(headOffice)
            .expect(400)
        ).body,
      ).toMatchObject({ code: 'UNSUPPORTED_GRAIN' });
      expect((await http().get('/api/v1/branches/NOPE/monthly-summary/2026-01').set(headOffice).expect(404)).body).toMatchObject({ code: 'UNKNOWN_BRANCH' });
      await http().get('/api/v1/branches/SH-01/monthly-summary/2026-1').set(headOffice).expect(400);
      await http().get('/api/v1/branches/SH-01/monthly-summary/2026-01').query({ format: 'docx' }).set(headOffice).expect(400);
    });
  });
});
