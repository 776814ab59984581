/**
 * Market share (issue #16 item 4, docs/adr/0026-market-share.md) through the projector's sink and
 * the KPI engine on the embedded ClickHouse engine, with the catalogue's worked example figured by
 * hand: two market areas (SH-01, SH-02 in region EAST), two segments, a return, a used vehicle that
 * does not count, a cell without a market figure whose deliveries count nowhere; the region and the
 * group from Σ own ÷ Σ market; a revision after the month's close (restated vs as closed); a
 * redelivered import counted once; the month roll-up equal to the facts; lineage adding up to the figure.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { evaluateKpi, KpiQuery, kpiLineage } from '@app/kpi';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ALL_ROLLUPS, recomputeStaleRollups, refreshPendingKpiMonths } from '../rollups';
import { cny, envelope, shanghai } from '../workshop/workshop-events.spec-helper';

const branch = (branchId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId }),
];
const org: DomainEvent[] = [envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }), ...branch('SH-01'), ...branch('SH-02')];

const market = (area: string, segment: string, registrations: number, models: string[], version = 1, month = '2026-01'): DomainEvent =>
  envelope(
    'MarketRegistrationsImported',
    { area, segment, month, registrations, models, version },
    { branchId: area, streamId: `market-registrations-${area}-${month}`, occurredAt: '2026-02-03T02:00:00.000Z' },
  );

let sequence = 0;
const delivery = (branchId: string, model: string, condition: 'new' | 'used', on: string): DomainEvent => {
  sequence += 1;
  return envelope(
    'VehicleDelivered',
    {
      vehicleSaleId: `VS-${sequence}`,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model,
      condition,
      consultantId: 'E-1',
      customerId: 'C-1',
      invoice: cny('100000.00'),
      cost: cny('92000.00'),
    },
    { branchId, occurredAt: shanghai(on), streamId: `vehicle-sale-VS-${sequence}` },
  );
};
const times = (n: number, make: () => DomainEvent): DomainEvent[] => Array.from({ length: n }, make);

const returned = delivery('SH-01', 'Tiguan L', 'new', '2026-01-06');
const returnOf = (d: DomainEvent, on: string): DomainEvent =>
  envelope(
    'VehicleReturned',
    {
      vehicleSaleId: (d.payload as { vehicleSaleId: string }).vehicleSaleId,
      deliveryEventId: d.eventId,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Tiguan L',
      condition: 'new',
      consultantId: 'E-1',
      reason: 'defect',
      invoiceReversed: cny('100000.00'),
      costReversed: cny('92000.00'),
    },
    { branchId: d.branchId, occurredAt: shanghai(on), streamId: d.streamId },
  );

const suvSh01 = market('SH-01', 'suv_b', 200, ['Tayron', 'Tiguan L']);
const january: DomainEvent[] = [
  suvSh01,
  market('SH-01', 'sedan_a', 100, ['Lavida']),
  market('SH-02', 'suv_b', 300, ['Tayron', 'Tiguan L']),
  // SH-01 suv_b: 3 new Tiguan L (one returned in January) and 1 new Tayron = 3; a used Tiguan L does not count.
  returned,
  ...times(2, () => delivery('SH-01', 'Tiguan L', 'new', '2026-01-12')),
  delivery('SH-01', 'Tayron', 'new', '2026-01-20'),
  returnOf(returned, '2026-01-25'),
  delivery('SH-01', 'Tiguan L', 'used', '2026-01-14'),
  // SH-01 sedan_a: 2 Lavida.
  ...times(2, () => delivery('SH-01', 'Lavida', 'new', '2026-01-15')),
  // SH-02 suv_b: 6 Tiguan L; SH-02 has no sedan_a figure: its 5 Lavida count nowhere.
  ...times(6, () => delivery('SH-02', 'Tiguan L', 'new', '2026-01-16')),
  ...times(5, () => delivery('SH-02', 'Lavida', 'new', '2026-01-17')),
  // A model no cell lists (a Passat of SH-01) counts nowhere either.
  delivery('SH-01', 'Passat', 'new', '2026-01-18'),
  envelope('PeriodClosed', { period: '2026-01', reason: null }),
  // After the close, head office revises SH-02 suv_b to 400: restated 11 ÷ 700, as closed 11 ÷ 600.
  market('SH-02', 'suv_b', 400, ['Tayron', 'Tiguan L'], 2),
];

describe('market share on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'market-share-ch-'));
  let client: EmbeddedClickHouseClient;
  const query = (overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from: '2026-01-01',
    to: '2026-01-31',
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    asClosed: true,
    now: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  });
  const points = async (overrides: Partial<KpiQuery> = {}) =>
    (await evaluateKpi(client, 'market_share', query(overrides))).map((p) => [p.dimensionValue ?? p.unitId, p.period, p.value, p.numerator, p.denominator]);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'market_share_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    const sink = new ClickHouseProjectionSink(
      client,
      ALL_PROJECTIONS,
      { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) },
      ALL_ROLLUPS,
    );
    await recomputeStaleRollups(client, ALL_ROLLUPS);
    expect(await sink.write([...org, ...january])).toEqual({ rejected: [] });
    // Redelivered: the cell once.
    expect(await sink.write([suvSh01])).toEqual({ rejected: [] });
    await refreshPendingKpiMonths(client);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('as closed: own new registrations net of returns ÷ the market, over the cells with a market figure', async () => {
    // SH-01: (3 + 2) ÷ (200 + 100); SH-02: 6 ÷ 300 (its Lavida have no cell).
    expect(await points()).toEqual([
      ['SH-01', '2026-01', '1.67', '5', '300'],
      ['SH-02', '2026-01', '2.00', '6', '300'],
    ]);
    // Region and group: (5 + 6) ÷ (300 + 300) = 1.83 %, not the mean of 1.67 % and 2.00 %.
    expect(await points({ level: 'region' })).toEqual([['EAST', '2026-01', '1.83', '11', '600']]);
    expect(await points({ level: 'group' })).toEqual([['group', '2026-01', '1.83', '11', '600']]);
  });

  it('by market segment: each segment from the sums of its cells', async () => {
    // suv_b: (3 + 6) ÷ (200 + 300) = 1.80 %; sedan_a: 2 ÷ 100 = 2.00 %.
    expect(await points({ level: 'group', by: 'market_segment' })).toEqual([
      ['sedan_a', '2026-01', '2.00', '2', '100'],
      ['suv_b', '2026-01', '1.80', '9', '500'],
    ]);
    expect(await points({ level: 'group', filters: { market_segment: ['suv_b'] } })).toEqual([['group', '2026-01', '1.80', '9', '500']]);
  });

  it('restated: the revision recorded after the close is the figure in force', async () => {
    expect(await points({ level: 'group', asClosed: false })).toEqual([['group', '2026-01', '1.57', '11', '700']]);
  });

  it('the KPI month roll-up, kept batch by batch by the projector, holds the same figures', async () => {
    for (const asClosed of [true, false]) {
      for (const level of ['branch', 'group'] as const) {
        expect(await points({ level, asClosed, rollup: true })).toEqual(await points({ level, asClosed }));
      }
    }
    expect(await points({ level: 'group', asClosed: false, rollup: true })).toEqual([['group', '2026-01', '1.57', '11', '700']]);
  });

  it('a month without any market figure has no share, never an estimate', async () => {
    expect(await points({ from: '2026-02-01', to: '2026-02-28', level: 'group' })).toEqual([]);
  });

  it('month grain and above only', async () => {
    await expect(evaluateKpi(client, 'market_share', query({ bucket: 'day' }))).rejects.toThrow(/grain/);
  });

  it('shows the deliveries, the returns and the imported cells behind a figure, adding up to it', async () => {
    const lineage = await kpiLineage(client, 'market_share', query({ level: 'group' }), { unitId: 'group', periodStart: '2026-01-01' }, 1, 500);
    expect(lineage.sums).toEqual({ numerator: '11', denominator: '600' });
    // 12 deliveries and 1 return (SH-01 suv_b 4 + 1, sedan_a 2; SH-02 suv_b 6) and 3 cells.
    expect(lineage.total).toBe(13 + 3);
    const sum = (part: 'numerator' | 'denominator') => lineage.facts.reduce((s, f) => s + Number(f[part] ?? 0), 0);
    expect([sum('numerator'), sum('denominator')]).toEqual([11, 600]);
    expect(lineage.facts.filter((f) => Number(f.denominator ?? 0) > 0).map((f) => [f.branchId, f.reference, f.denominator])).toEqual(
      expect.arrayContaining([
        ['SH-01', 'suv_b', '200'],
        ['SH-01', 'sedan_a', '100'],
        ['SH-02', 'suv_b', '300'],
      ]),
    );
  });
});
