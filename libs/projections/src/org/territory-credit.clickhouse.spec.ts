/**
 * Territory credit (issue #16 item 2, docs/adr/0029-territory-credit.md): "a deal closed in another
 * territory is credited to the territory owner". Through the projector's sink and the KPI engine on
 * the embedded ClickHouse engine, with a worked example figured by hand: head office's territory map
 * (an area handed to another branch mid-month, an area owned by no branch, an area never mapped), the
 * deliveries of three branches in two regions to customers of those areas, a return; market share
 * credits each delivery to the owner of its customer's area on its business date, and the vehicle
 * KPIs break down by the territory owner, adding up to the whole; the month roll-up follows deliveries
 * credited to a branch that sold nothing in the batch, and a territory correction.
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

const branch = (branchId: string, regionId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];
const territory = (area: string, branchId: string | null, effectiveFrom: string): DomainEvent =>
  envelope('TerritoryAssigned', { area, branchId, effectiveFrom }, { branchId: branchId ?? '*', streamId: `territory-${area}` });
const market = (area: string, registrations: number): DomainEvent =>
  envelope(
    'MarketRegistrationsImported',
    { area, segment: 'suv_b', month: '2026-01', registrations, models: ['Tiguan L'], version: 1 },
    { branchId: area, streamId: `market-registrations-${area}-2026-01` },
  );

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'SOUTH', name: 'South China' }),
  ...branch('SH-01', 'EAST'),
  ...branch('SH-02', 'EAST'),
  ...branch('HZ-01', 'SOUTH'),
  // PUDONG is SH-01's until 19 January, SH-02's from the 20th; MINHANG is SH-02's; JINSHAN was
  // SH-01's and belongs to no branch from 2026; NOWHERE is on no map.
  territory('PUDONG', 'SH-01', '2024-01-01'),
  territory('PUDONG', 'SH-02', '2026-01-20'),
  territory('MINHANG', 'SH-02', '2024-01-01'),
  territory('JINSHAN', 'SH-01', '2024-01-01'),
  territory('JINSHAN', null, '2026-01-01'),
  market('SH-01', 100),
  market('SH-02', 200),
  market('HZ-01', 50),
];

let sequence = 0;
const delivery = (branchId: string, on: string, customerArea?: string): DomainEvent => {
  sequence += 1;
  return envelope(
    'VehicleDelivered',
    {
      vehicleSaleId: `VS-${sequence}`,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Tiguan L',
      condition: 'new',
      consultantId: 'E-1',
      customerId: `C-${sequence}`,
      invoice: cny('100000.00'),
      cost: cny('92000.00'),
      ...(customerArea ? { customerArea } : {}),
    },
    { branchId, occurredAt: shanghai(on), streamId: `vehicle-sale-VS-${sequence}`, schemaVersion: 2 },
  );
};
const returnOf = (d: DomainEvent, on: string): DomainEvent => {
  const p = d.payload as { vehicleSaleId: string; customerArea?: string };
  return envelope(
    'VehicleReturned',
    {
      vehicleSaleId: p.vehicleSaleId,
      deliveryEventId: d.eventId,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Tiguan L',
      condition: 'new',
      consultantId: 'E-1',
      reason: 'defect',
      invoiceReversed: cny('100000.00'),
      costReversed: cny('92000.00'),
      ...(p.customerArea ? { customerArea: p.customerArea } : {}),
    },
    { branchId: d.branchId, occurredAt: shanghai(on), streamId: d.streamId, schemaVersion: 2 },
  );
};

const soldToMinhangBySh01 = delivery('SH-01', '2026-01-12', 'MINHANG');
const sales: DomainEvent[] = [
  delivery('SH-01', '2026-01-10', 'PUDONG'), // SH-01's area then: SH-01
  delivery('SH-01', '2026-01-25', 'PUDONG'), // after the hand-over on the 20th: SH-02
  soldToMinhangBySh01, // SH-02's area: SH-02
  delivery('SH-02', '2026-01-13', 'MINHANG'), // SH-02
  delivery('SH-02', '2026-01-14', 'JINSHAN'), // no owner in 2026: the seller, SH-02
  delivery('SH-02', '2026-01-15', 'NOWHERE'), // on no map: the seller, SH-02
  delivery('SH-01', '2026-01-16'), // no area: the seller, SH-01
  returnOf(soldToMinhangBySh01, '2026-01-28'), // −1 for SH-02, the owner of MINHANG on the 28th
];
// A branch of another region sells to a customer of MINHANG: credited to SH-02 (region EAST); in a
// batch of its own, so the roll-up must find SH-02 from the territory map.
const soldToMinhangByHz01 = delivery('HZ-01', '2026-01-17', 'MINHANG');

describe('territory credit on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'territory-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  const query = (overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from: '2026-01-01',
    to: '2026-01-31',
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    now: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  });
  const points = async (kpi: string, overrides: Partial<KpiQuery> = {}) =>
    (await evaluateKpi(client, kpi, query(overrides))).map((p) => [p.dimensionValue ?? p.unitId, p.value, p.numerator, p.denominator]);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'territory_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(
      client,
      ALL_PROJECTIONS,
      { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) },
      ALL_ROLLUPS,
    );
    await recomputeStaleRollups(client, ALL_ROLLUPS);
    expect(await sink.write([...org, ...sales])).toEqual({ rejected: [] });
    await refreshPendingKpiMonths(client);
    expect(await sink.write([soldToMinhangByHz01])).toEqual({ rejected: [] });
    await refreshPendingKpiMonths(client);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('market share credits each delivery to the owner of its customer area on its business date, else to the seller', async () => {
    // SH-01: deliveries 1 and 7 = 2 ÷ 100. SH-02: 2, 3, 4, 5, 6 and HZ-01's = 6, less the return = 5 ÷ 200.
    // HZ-01 sold one, credited to SH-02: 0 ÷ 50.
    expect(await points('market_share')).toEqual([
      ['HZ-01', '0.00', '0', '50'],
      ['SH-01', '2.00', '2', '100'],
      ['SH-02', '2.50', '5', '200'],
    ]);
    // The region of the credited branch: EAST 7 ÷ 300, SOUTH 0 ÷ 50; the group 7 ÷ 350.
    expect(await points('market_share', { level: 'region' })).toEqual([
      ['EAST', '2.33', '7', '300'],
      ['SOUTH', '0.00', '0', '50'],
    ]);
    expect(await points('market_share', { level: 'group' })).toEqual([['group', '2.00', '7', '350']]);
  });

  it('a scope of one branch sees the deals credited to it, whoever sold them', async () => {
    expect(await points('market_share', { branchIds: ['SH-02'] })).toEqual([['SH-02', '2.50', '5', '200']]);
    const lineage = await kpiLineage(client, 'market_share', query({ branchIds: ['SH-02'] }), { unitId: 'SH-02', periodStart: '2026-01-01' }, 1, 100);
    expect(lineage.sums).toEqual({ numerator: '5', denominator: '200' });
    // 6 deliveries, 1 return and the cell.
    expect(lineage.total).toBe(8);
  });

  it('the vehicle KPIs break down by territory owner, adding up to the whole; the seller keeps its own figures', async () => {
    // The sellers: SH-01 delivered 4, SH-02 3, HZ-01 1.
    expect(await points('units_delivered')).toEqual([
      ['HZ-01', '1', '1', null],
      ['SH-01', '4', '4', null],
      ['SH-02', '3', '3', null],
    ]);
    // By owner: SH-01 2 (1 and 7), SH-02 6 (2 to 6 and HZ-01's): 8 in all, as the whole.
    expect(await points('units_delivered', { level: 'group', by: 'territory' })).toEqual([
      ['SH-01', '2', '2', null],
      ['SH-02', '6', '6', null],
    ]);
    expect(await points('units_delivered', { level: 'group' })).toEqual([['group', '8', '8', null]]);
    // SH-01's own deliveries: 2 in its territory, 2 in SH-02's.
    expect(await points('units_delivered', { branchIds: ['SH-01'], by: 'territory' })).toEqual([
      ['SH-01', '2', '2', null],
      ['SH-02', '2', '2', null],
    ]);
    // Revenue credited to SH-02: 6 deliveries less the return of one, whoever sold them.
    expect(await points('revenue_new_vehicles', { level: 'group', filters: { territory: ['SH-02'] } })).toEqual([['group', '500000.00', '500000.00', null]]);
    // The return is credited as its delivery: to the owner of MINHANG (SH-01's deliveries show 0 returns).
    expect(await points('units_returned', { level: 'group', by: 'territory' })).toEqual([
      ['SH-01', '0', '0', null],
      ['SH-02', '1', '1', null],
    ]);
  });

  it("the KPI month roll-up holds the figures of the facts, also for a branch credited by another branch's batch", async () => {
    for (const level of ['branch', 'region', 'group'] as const) {
      expect(await points('market_share', { level, rollup: true })).toEqual(await points('market_share', { level }));
    }
  });

  it('a territory correction restates the deals of its dates, in the facts and in the roll-up', async () => {
    // PUDONG was in fact SH-02's from the 5th: delivery 1 (the 10th) moves to SH-02.
    expect(await sink.write([territory('PUDONG', 'SH-02', '2026-01-05')])).toEqual({ rejected: [] });
    await refreshPendingKpiMonths(client);
    const expected = [
      ['HZ-01', '0.00', '0', '50'],
      ['SH-01', '1.00', '1', '100'],
      ['SH-02', '3.00', '6', '200'],
    ];
    expect(await points('market_share')).toEqual(expected);
    expect(await points('market_share', { rollup: true })).toEqual(expected);
  });
});
