/**
 * One figure for a whole range (issue #19 item 2: a custom range, year to date) on the embedded
 * ClickHouse engine, through the engine and `GET /api/v1/kpis/{id}?grain=range`: a rate over
 * February to May is Σ numerator ÷ Σ denominator of its months (not the mean of the monthly rates);
 * money in the group currency is each month converted at its own rate, then summed; a distinct count
 * over year to date is the KPI over 1 January to the range's end (ADR 25), not the months added up;
 * targets only where the range is exactly a target's period (never derived); the breakdown and the
 * lineage of the range add up to its figure; 400 without periodEnd.
 */
import { authHeaderFor } from '@app/auth';
import { ClickHouseClient } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { evaluateKpi, KpiQuery, kpiReport } from '@app/kpi';
import { closed, envelope, expectLineageAddsUpToEveryFigure, repairOrder, RepairOrderInput } from '@app/projections/testing';
import { INestApplication } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Server } from 'node:http';
import request from 'supertest';
import { projectAsTheProjector, startReportingTestApp } from '../testing/reporting-test-app';

const ro = (branchId: string, id: string, visit: string, day: string, mechanical: string, extra: Partial<RepairOrderInput> = {}): RepairOrderInput =>
  repairOrder(id, visit, 'repair', 'customer', day, { mechanical }, { branchId, ...extra });

/** A repair order opened for `customerId` and closed on `day` (money in the branch's currency). */
const visit = (branchId: string, id: string, customerId: string, day: string, mechanical: string, currency = 'CNY'): DomainEvent[] => {
  const input = ro(branchId, id, `V-${id}`, day, mechanical);
  const opened = envelope(
    'RepairOrderOpened',
    {
      repairOrderId: id,
      intakeVisitId: input.intakeVisitId,
      vin: 'LSVAU2180N2183294',
      mileageKm: 1000,
      advisorId: 'SA-1',
      jobType: 'repair',
      payer: 'customer',
      appointmentId: null,
      customerId,
      complaint: null,
    },
    { branchId, occurredAt: input.openedAt, streamId: `repair-order-${id}` },
  );
  const close = closed(input);
  const inCurrency = {
    ...close,
    payload: JSON.parse(JSON.stringify(close.payload).replaceAll('"CNY"', `"${currency}"`)) as DomainEvent['payload'],
  } as DomainEvent;
  return [opened, inCurrency];
};

const branch = (branchId: string, currency: string, regionId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands: ['Volkswagen'], currency, timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];

const rate = (month: string, value: string) => envelope('ExchangeRateSet', { month, fromCurrency: 'EUR', toCurrency: 'CNY', rate: value, version: 1 });
const quota = (period: string, value: string) =>
  envelope('TargetSet', {
    kpi: 'service_revenue',
    periodKind: period.length === 4 ? 'year' : period.includes('Q') ? 'quarter' : 'month',
    period,
    grain: 'group',
    grainId: 'group',
    model: null,
    segment: null,
    kind: 'quota',
    value,
    unit: 'CNY',
    version: 1,
  });

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'SPAIN', name: 'Spain' }),
  ...branch('SH-01', 'CNY', 'EAST'),
  ...branch('MAD-01', 'EUR', 'SPAIN'),
  rate('2026-01', '7.70000000'),
  rate('2026-02', '7.80000000'),
  rate('2026-03', '7.90000000'),
  rate('2026-04', '8.00000000'),
  rate('2026-05', '8.10000000'),
  quota('2026-02', '5000'),
  quota('2026-Q2', '9000'),
  quota('2026', '30000'),
  // C1 and C2 are active in 2025; C1 comes back in February and April, C3 is new in March.
  ...visit('SH-01', 'R0', 'C1', '2025-06-10', '100.00'),
  ...visit('MAD-01', 'M0', 'C2', '2025-07-01', '50.00', 'EUR'),
  // February: 1 RO of 1,000.00 at SH-01 and 100.00 EUR at Madrid; March: 3 ROs of 300.00; April: 200.00 EUR; May: 500.00.
  ...visit('SH-01', 'R1', 'C1', '2026-02-12', '1000.00'),
  ...visit('MAD-01', 'M1', 'C9', '2026-02-20', '100.00', 'EUR'),
  ...visit('SH-01', 'R2', 'C3', '2026-03-05', '300.00'),
  closed(ro('SH-01', 'R3', 'V-R3', '2026-03-06', '300.00')),
  closed(ro('SH-01', 'R4', 'V-R4', '2026-03-07', '300.00')),
  ...visit('MAD-01', 'M2', 'C9', '2026-04-02', '200.00', 'EUR'),
  ...visit('SH-01', 'R5', 'C1', '2026-04-15', '500.00'),
];

const NOW = new Date('2026-12-01T00:00:00.000Z');

describe('one figure for a whole range (grain range)', () => {
  let app: INestApplication;
  let clickhouse: ClickHouseClient;
  const http = () => request(app.getHttpServer() as Server);
  const headOffice = () => authHeaderFor('head-office', {});
  const query = (from: string, to: string, overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from,
    to,
    bucket: 'month',
    whole: true,
    level: 'group',
    currency: 'group',
    now: NOW,
    ...overrides,
  });
  type Point = { period: string; periodStart: string; periodEnd: string; value: string | null; numerator: string; denominator: string | null } & Record<
    string,
    unknown
  >;
  const series = async (kpiId: string, params: Record<string, string>): Promise<Point[]> =>
    (
      (
        await http()
          .get(`/api/v1/kpis/${kpiId}`)
          .query({ groupBy: 'group', ...params })
          .set(await headOffice())
          .expect(200)
      ).body as { points: Point[] }
    ).points;

  beforeAll(async () => {
    ({ app, clickhouse } = await startReportingTestApp());
    await projectAsTheProjector(clickhouse, events);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('a rate over February to May is Σ numerator ÷ Σ denominator of its months, not the mean of the monthly rates', async () => {
    const months = await evaluateKpi(clickhouse, 'per_vehicle_yield', query('2026-02-01', '2026-05-31', { whole: false, currency: 'branch', level: 'region' }));
    const east = months.filter((p) => p.unitId === 'EAST');
    expect(east.map((p) => [p.period, p.value, p.numerator, p.denominator])).toEqual([
      ['2026-02', '1000.00', '1000.00', '1'],
      ['2026-03', '300.00', '900.00', '3'],
      ['2026-04', '500.00', '500.00', '1'],
    ]);
    const [range] = (await series('per_vehicle_yield', { grain: 'range', from: '2026-02', to: '2026-05', groupBy: 'region', regionId: 'EAST' })).filter(
      (p) => p['unitId'] === 'EAST',
    );
    // (1000 + 900 + 500) ÷ (1 + 3 + 1) = 480.00; the mean of the monthly rates would be 600.00.
    expect(range).toMatchObject({
      period: '2026-02..2026-05',
      periodStart: '2026-02-01',
      periodEnd: '2026-05-31',
      value: '480.00',
      numerator: '2400.00',
      denominator: '5',
    });
    expect(range?.['mom']).toBeNull();
  });

  it("money in the group currency: each month at its own rate, then summed; targets only at a target's own period", async () => {
    const months = await evaluateKpi(clickhouse, 'service_revenue', query('2026-02-01', '2026-05-31', { whole: false }));
    // February: 1,000.00 + 100 EUR × 7.80; March 900.00; April 500.00 + 200 EUR × 8.00.
    expect(months.map((p) => [p.period, p.value])).toEqual([
      ['2026-02', '1780.00'],
      ['2026-03', '900.00'],
      ['2026-04', '2100.00'],
    ]);
    const [range] = await series('service_revenue', { grain: 'range', from: '2026-02', to: '2026-05' });
    expect(range).toMatchObject({ value: '4780.00', currency: 'CNY', targets: { quota: null, stretch: null }, yearToDate: null });
    expect(range?.value).toBe(months.reduce((s, p) => s.add(p.value ?? 0), new Decimal(0)).toFixed(2));
    // A range that is exactly a month or a quarter reads that period's target; year to date the annual plan.
    const [february] = await series('service_revenue', { grain: 'range', from: '2026-02', to: '2026-02' });
    expect(february).toMatchObject({ value: '1780.00', targets: { quota: { value: '5000', version: 1 } }, attainment: { quota: '35.60' } });
    const [q2] = await series('service_revenue', { grain: 'range', from: '2026-04', to: '2026-06' });
    expect(q2).toMatchObject({ value: '2100.00', targets: { quota: { value: '9000' } } });
    const [ytd] = await series('service_revenue', { grain: 'range', from: '2026-01', to: '2026-04' });
    expect(ytd).toMatchObject({
      value: '4780.00',
      targets: { quota: null },
      yearToDate: { value: '4780.00', annualQuota: { value: '30000' }, progressQuota: '15.93' },
    });
    // The same as the monthly report's year to date at April.
    const monthly = await kpiReport(clickhouse, 'service_revenue', { ...query('2026-04-01', '2026-04-30', { whole: false }), view: 'restated' });
    expect(monthly.points[0]?.yearToDate?.value).toBe('4780.00');
    // In branch currency above branch level: one figure per currency, never added up.
    const perCurrency = await series('service_revenue', { grain: 'range', from: '2026-02', to: '2026-05', currency: 'branch' });
    expect(perCurrency.map((p) => [p['currency'], p.value])).toEqual([
      ['CNY', '2400.00'],
      ['EUR', '300.00'],
    ]);
  });

  it('a distinct count over year to date is the KPI over 1 January to the end, not the months added up', async () => {
    const months = await evaluateKpi(clickhouse, 'customer_retention', query('2026-01-01', '2026-04-30', { whole: false }));
    const [ytd] = await series('customer_retention', { grain: 'range', from: '2026-01', to: '2026-04' });
    // Active in 2025: C1 and C2; in January to April: C1, C3, C9; retained: C1 → 1 ÷ 2.
    expect(ytd).toMatchObject({ period: '2026-01..2026-04', value: '50.00', numerator: '1', denominator: '2' });
    const summed = months.reduce((s, p) => s.add(p.numerator), new Decimal(0));
    expect(summed.toString()).not.toBe(ytd?.numerator);
    // The monthly report's year to date of the same KPI (ADR 25) is that figure.
    const monthly = await kpiReport(clickhouse, 'customer_retention', { ...query('2026-04-01', '2026-04-30', { whole: false }), view: 'restated' });
    expect(monthly.points[0]?.yearToDate?.value).toBe('50.00');
    const [base] = await series('active_customer_base', { grain: 'range', from: '2026-01', to: '2026-04' });
    // The base at 30 April: C1, C2, C3, C9.
    expect(base).toMatchObject({ value: '4' });
  });

  it('a KPI kept by month takes a range of whole months only; the others take days', async () => {
    const auth = await headOffice();
    for (const kpiId of ['customer_retention', 'market_share', 'follow_up_within_3_working_days']) {
      const refused = await http()
        .get(`/api/v1/kpis/${kpiId}`)
        .query({ groupBy: 'group', grain: 'range', from: '2026-02-10', to: '2026-05-20' })
        .set(auth)
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'UNSUPPORTED_GRAIN' });
    }
    const [days] = await series('service_revenue', { grain: 'range', from: '2026-02-10', to: '2026-05-20' });
    expect(days).toMatchObject({ periodStart: '2026-02-10' });
  });

  it('the breakdown and the lineage of a range add up to its figure', async () => {
    const [range] = await series('service_revenue', { grain: 'range', from: '2026-02', to: '2026-05' });
    const byRegion = await series('service_revenue', { grain: 'range', from: '2026-02', to: '2026-05', groupBy: 'region' });
    expect(byRegion.reduce((s, p) => s.add(p.numerator), new Decimal(0)).toFixed(2)).toBe(range?.numerator);
    const lineage = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ grain: 'range', groupBy: 'group', unitId: 'group', periodStart: '2026-02', periodEnd: '2026-05' })
      .set(await headOffice())
      .expect(200);
    const body = lineage.body as { point: { value: string }; sums: { numerator: string }; total: number; conversions: { month: string; rate: string }[] };
    expect([body.point.value, body.sums.numerator, body.total]).toEqual(['4780.00', '4780.00', 7]);
    expect(body.conversions.filter((c) => c.rate !== '1').map((c) => [c.month, c.rate])).toEqual([
      ['2026-02', '7.8'],
      ['2026-04', '8'],
    ]);
    const missing = await http()
      .get('/api/v1/kpis/service_revenue/lineage')
      .query({ grain: 'range', groupBy: 'group', unitId: 'group', periodStart: '2026-02' })
      .set(await headOffice())
      .expect(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'periodEnd' }] });
    // Every measured KPI's whole-range figures, consolidated and in branch currency (across a year's end), have lineage adding up to them.
    expect(await expectLineageAddsUpToEveryFigure(clickhouse, query('2026-01-01', '2026-05-31', { level: 'group' }), 50)).toBeGreaterThan(0);
    expect(await expectLineageAddsUpToEveryFigure(clickhouse, query('2025-11-01', '2026-04-30', { level: 'region', currency: 'branch' }), 50)).toBeGreaterThan(
      0,
    );
  }, 400_000);
});
