/**
 * The service KPIs by model and brand (issue #16 item 2, docs/adr/0030-brand-dimension.md, amendment):
 * a repair order names its vehicle's model at opening (RepairOrderOpened v2), and every fact of the RO
 * (its close, its comeback, its survey) takes that model and the brand head office's catalogue gives
 * it on the RO's opening date. Through the projector's sink and the KPI engine on the embedded
 * ClickHouse engine, with a worked example figured by hand: a VW group's workshops in two regions
 * servicing SEAT, CUPRA, Volkswagen and Skoda, the Formentor moved from SEAT to CUPRA on 1 February
 * (an RO opened in January and closed in February stays SEAT's, so does the comeback of a January RO),
 * two ROs from one intake, an RO opened without a model (a v1 event: no model, brand unassigned).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, UNASSIGNED_BRAND } from '@app/contracts';
import { evaluateKpi, KpiQuery, kpiLineage } from '@app/kpi';
import Decimal from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { expectLineageAddsUpToEveryFigure } from '../lineage.spec-helper';
import { closed, comeback, envelope, opened, RepairOrderInput, repairOrder, serviceSurvey, shanghai } from './workshop-events.spec-helper';

const branch = (branchId: string, regionId: string, brands: string[]): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands, currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];
const brandOf = (model: string, brand: string | null, effectiveFrom: string): DomainEvent =>
  envelope('ModelBrandAssigned', { model, brand, effectiveFrom }, { streamId: `model-brand-${model}` });

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'SOUTH', name: 'South China' }),
  ...branch('SH-01', 'EAST', ['SEAT', 'CUPRA']),
  ...branch('SH-02', 'EAST', ['Volkswagen']),
  ...branch('GZ-01', 'SOUTH', ['Volkswagen', 'Skoda']),
  // Head office's model catalogue: the Formentor is SEAT's, CUPRA's from 1 February.
  brandOf('Formentor', 'SEAT', '2020-01-01'),
  brandOf('Formentor', 'CUPRA', '2026-02-01'),
  brandOf('Leon', 'SEAT', '2020-01-01'),
  brandOf('Tiguan L', 'Volkswagen', '2020-01-01'),
  brandOf('Octavia', 'Skoda', '2020-01-01'),
];

const at = (ro: RepairOrderInput, branchId: string): RepairOrderInput => ({ ...ro, branchId });
// SH-01 (EAST): SEAT and CUPRA.
const ro1 = repairOrder('RO-1', 'V-1', 'repair', 'customer', '2026-01-10', { mechanical: '600.00', parts: '400.00', soldHours: '2.00' }); // SEAT
// Opened on 30 January (SEAT's Formentor then), closed on 3 February (CUPRA's by then): SEAT's.
const ro2 = {
  ...repairOrder('RO-2', 'V-2', 'repair', 'customer', '2026-02-03', { mechanical: '900.00', parts: '300.00', soldHours: '3.00' }),
  openedAt: shanghai('2026-01-30', '08:00'),
};
const ro3 = repairOrder('RO-3', 'V-3', 'maintenance', 'customer', '2026-02-10', { mechanical: '1500.00', soldHours: '5.00' }); // CUPRA
// Two ROs from one intake: a Leon's mechanical and body work (SEAT).
const ro4 = repairOrder('RO-4', 'V-4', 'repair', 'customer', '2026-01-12', { mechanical: '800.00', soldHours: '2.00' });
const ro5 = repairOrder('RO-5', 'V-4', 'body_paint', 'customer', '2026-01-12', { body: '1200.00', soldHours: '4.00' });
// The comeback of RO-1 (26 days after its close, within the 30-day window), opened in February: its own revenue CUPRA's, the comeback charged to RO-1 (SEAT).
const ro10 = { ...repairOrder('RO-10', 'V-10', 'repair', 'customer', '2026-02-05', { mechanical: '200.00', soldHours: '1.00' }), comebackOf: 'RO-1' };
// SH-02 (EAST): a Tiguan L, and an RO opened without a model (v1).
const ro6 = at(repairOrder('RO-6', 'V-6', 'maintenance', 'customer', '2026-01-15', { mechanical: '500.00', parts: '500.00', soldHours: '2.00' }), 'SH-02');
const ro7 = at(repairOrder('RO-7', 'V-7', 'repair', 'customer', '2026-01-20', { mechanical: '300.00', soldHours: '1.00' }), 'SH-02');
// GZ-01 (SOUTH): an Octavia and an insured Tiguan L.
const ro8 = at(repairOrder('RO-8', 'V-8', 'repair', 'customer', '2026-02-05', { mechanical: '700.00', parts: '100.00', soldHours: '2.00' }), 'GZ-01');
const ro9 = at(
  repairOrder('RO-9', 'V-9', 'insurance', 'insurance', '2026-02-06', { body: '2000.00', paint: '1000.00', parts: '1000.00', soldHours: '8.00' }),
  'GZ-01',
);

const overall = (answer: string) => [{ questionId: 'overall', answer, min: '0', max: '10', weight: '1', overall: true }];

const service: DomainEvent[] = [
  ...[
    [ro1, 'Formentor'],
    [ro2, 'Formentor'],
    [ro3, 'Formentor'],
    [ro4, 'Leon'],
    [ro5, 'Leon'],
    [ro10, 'Formentor'],
    [ro6, 'Tiguan L'],
    [ro7, undefined],
    [ro8, 'Octavia'],
    [ro9, 'Tiguan L'],
  ].flatMap(([ro, model]) => [opened(ro as RepairOrderInput, model as string | undefined), closed(ro as RepairOrderInput)]),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-10', openedAt: ro10.openedAt }, ro1),
  serviceSurvey('S-2', ro2, shanghai('2026-02-20'), overall('8')), // 80, SEAT
  serviceSurvey('S-3', ro3, shanghai('2026-02-20'), overall('10')), // 100, CUPRA
  serviceSurvey('S-7', ro7, shanghai('2026-02-20'), overall('6')), // 60, unassigned
];

type Row = [string | undefined, string | null, string, string | null];
const byValue = (rows: Row[]): Row[] => [...rows].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));

describe('the service KPIs by model and brand on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'service-brand-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  /** January and February 2026 as one figure, for the group (CNY). */
  const query = (overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from: '2026-01-01',
    to: '2026-02-28',
    bucket: 'month',
    whole: true,
    level: 'group',
    currency: 'group',
    now: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  });
  const points = async (kpi: string, overrides: Partial<KpiQuery> = {}): Promise<Row[]> =>
    byValue((await evaluateKpi(client, kpi, query(overrides))).map((p) => [p.dimensionValue ?? p.unitId, p.value, p.numerator, p.denominator]));
  /** Σ numerators and Σ denominators of a breakdown equal the unbroken figure's. */
  const expectAddsUp = async (kpi: string, by: 'brand' | 'model' = 'brand', overrides: Partial<KpiQuery> = {}) => {
    const parts = await evaluateKpi(client, kpi, query({ ...overrides, by }));
    const [whole] = await evaluateKpi(client, kpi, query(overrides));
    const sum = (values: (string | null)[]) => values.reduce((s, v) => s.add(v ?? 0), new Decimal(0)).toString();
    expect([kpi, by, sum(parts.map((p) => p.numerator)), sum(parts.map((p) => p.denominator))]).toEqual([
      kpi,
      by,
      new Decimal(whole!.numerator).toString(),
      new Decimal(whole!.denominator ?? 0).toString(),
    ]);
  };

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'service_brand_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) });
    expect(await sink.write([...org, ...service])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('service revenue and hours by brand: as of each RO opening, the RO without a model under "unassigned", adding up to the whole', async () => {
    // SEAT: RO-1 1,000 + RO-2 1,200 (opened in January) + RO-4 800 + RO-5 1,200 = 4,200; CUPRA: RO-3 1,500 + RO-10 200 = 1,700;
    // Volkswagen: RO-6 1,000 + RO-9 4,000 = 5,000; Skoda: RO-8 800; unassigned: RO-7 300.
    expect(await points('service_revenue', { by: 'brand' })).toEqual([
      ['CUPRA', '1700.00', '1700.00', null],
      ['SEAT', '4200.00', '4200.00', null],
      ['Skoda', '800.00', '800.00', null],
      [UNASSIGNED_BRAND, '300.00', '300.00', null],
      ['Volkswagen', '5000.00', '5000.00', null],
    ]);
    expect(await points('service_revenue')).toEqual([['group', '12000.00', '12000.00', null]]);
    // Hours sold: SEAT 2 + 3 + 2 + 4; CUPRA 5 + 1; Volkswagen 2 + 8; Skoda 2; unassigned 1.
    expect(await points('hours_sold', { by: 'brand' })).toEqual([
      ['CUPRA', '6.00', '6', null],
      ['SEAT', '11.00', '11', null],
      ['Skoda', '2.00', '2', null],
      [UNASSIGNED_BRAND, '1.00', '1', null],
      ['Volkswagen', '10.00', '10', null],
    ]);
    for (const kpi of ['service_revenue', 'service_labour_revenue', 'service_parts_revenue', 'insurance_revenue', 'hours_sold', 'hours_per_repair_order']) {
      await expectAddsUp(kpi);
      await expectAddsUp(kpi, 'model');
    }
  });

  it('by model: the Formentor across both its brands; the RO without a model has no model, like a lead without a model of interest', async () => {
    // Formentor: 1,000 + 1,200 + 1,500 + 200; Leon: 800 + 1,200; Tiguan L: 1,000 + 4,000; Octavia 800; no model: RO-7.
    expect(await points('service_revenue', { by: 'model' })).toEqual([
      ['', '300.00', '300.00', null],
      ['Formentor', '3900.00', '3900.00', null],
      ['Leon', '2000.00', '2000.00', null],
      ['Octavia', '800.00', '800.00', null],
      ['Tiguan L', '5000.00', '5000.00', null],
    ]);
    expect(await points('service_revenue', { by: 'brand', filters: { model: ['Formentor'] } })).toEqual([
      ['CUPRA', '1700.00', '1700.00', null],
      ['SEAT', '2200.00', '2200.00', null],
    ]);
  });

  it('per-vehicle yield by brand: revenue ÷ distinct intakes of the same ROs (two ROs of one intake count one intake)', async () => {
    // SEAT 4,200 ÷ 3 (V-1, V-2, V-4); CUPRA 1,700 ÷ 2 (V-3, V-10); Volkswagen 5,000 ÷ 2; Skoda 800 ÷ 1; unassigned 300 ÷ 1.
    expect(await points('per_vehicle_yield', { by: 'brand' })).toEqual([
      ['CUPRA', '850.00', '1700.00', '2'],
      ['SEAT', '1400.00', '4200.00', '3'],
      ['Skoda', '800.00', '800.00', '1'],
      [UNASSIGNED_BRAND, '300.00', '300.00', '1'],
      ['Volkswagen', '2500.00', '5000.00', '2'],
    ]);
    // The group: 12,000 ÷ 9, never a mean of the brands' yields; an intake's ROs share one vehicle, so the brands' intakes add up too.
    expect(await points('per_vehicle_yield')).toEqual([['group', '1333.33', '12000.00', '9']]);
    await expectAddsUp('per_vehicle_yield');
    await expectAddsUp('vehicle_intakes');
  });

  it('the Formentor moved to CUPRA: an RO opened before keeps SEAT, so do the comeback and the survey of SEAT ROs', async () => {
    // February alone: RO-2 (opened 30 January, closed 3 February) is SEAT's; RO-3 and RO-10 (opened in February) CUPRA's.
    expect(await points('service_revenue', { from: '2026-02-01', by: 'brand', filters: { model: ['Formentor'] } })).toEqual([
      ['CUPRA', '1700.00', '1700.00', null],
      ['SEAT', '1200.00', '1200.00', null],
    ]);
    // Rework: RO-10 came back on RO-1 (SEAT, January) in February: SEAT 1 of 4 closed ROs; CUPRA 0 of 2, ….
    expect(await points('rework_rate', { by: 'brand' })).toEqual([
      ['CUPRA', '0.00', '0', '2'],
      ['SEAT', '25.00', '1', '4'],
      ['Skoda', '0.00', '0', '1'],
      [UNASSIGNED_BRAND, '0.00', '0', '1'],
      ['Volkswagen', '0.00', '0', '2'],
    ]);
    expect(await points('rework_rate')).toEqual([['group', '10.00', '1', '10']]);
    await expectAddsUp('rework_rate');
    // Service CSI through the RO surveyed: RO-2's 80 SEAT's, RO-3's 100 CUPRA's, RO-7's 60 unassigned.
    expect(await points('csi_service', { by: 'brand' })).toEqual([
      ['CUPRA', '100.00', '100', '1'],
      ['SEAT', '80.00', '80', '1'],
      [UNASSIGNED_BRAND, '60.00', '60', '1'],
    ]);
    expect(await points('csi_service')).toEqual([['group', '80.00', '240', '3']]);
    // Response rate: each brand's responses ÷ its closed ROs (SEAT 1 ÷ 4, CUPRA 1 ÷ 2, unassigned 1 ÷ 1).
    expect((await points('csi_response_rate', { by: 'brand' })).map((r) => [r[0], r[1]])).toEqual([
      ['CUPRA', '50.00'],
      ['SEAT', '25.00'],
      ['Skoda', '0.00'],
      [UNASSIGNED_BRAND, '100.00'],
      ['Volkswagen', '0.00'],
    ]);
    for (const kpi of ['csi_service', 'csi_response_rate', 'csi_top_box', 'appointment_share', 'effective_labour_rate', 'technician_efficiency'])
      await expectAddsUp(kpi);
  });

  it('a filter by brand narrows the figure at branch, region and group level', async () => {
    const seat = { filters: { brand: ['SEAT'] } };
    expect(await points('service_revenue', { ...seat, level: 'branch', currency: 'branch' })).toEqual([['SH-01', '4200.00', '4200.00', null]]);
    expect(await points('service_revenue', { ...seat, level: 'region' })).toEqual([['EAST', '4200.00', '4200.00', null]]);
    expect(await points('service_revenue', seat)).toEqual([['group', '4200.00', '4200.00', null]]);
    const volkswagen = { filters: { brand: ['Volkswagen'] } };
    expect(await points('service_revenue', { ...volkswagen, level: 'branch', currency: 'branch' })).toEqual([
      ['GZ-01', '4000.00', '4000.00', null],
      ['SH-02', '1000.00', '1000.00', null],
    ]);
    expect(await points('service_revenue', { ...volkswagen, level: 'region' })).toEqual([
      ['EAST', '1000.00', '1000.00', null],
      ['SOUTH', '4000.00', '4000.00', null],
    ]);
    expect(await points('per_vehicle_yield', { ...volkswagen, level: 'region' })).toEqual([
      ['EAST', '1000.00', '1000.00', '1'],
      ['SOUTH', '4000.00', '4000.00', '1'],
    ]);
    // The RO without a model is a value like any other: filterable.
    expect(await points('service_revenue', { level: 'branch', currency: 'branch', filters: { brand: [UNASSIGNED_BRAND] } })).toEqual([
      ['SH-02', '300.00', '300.00', null],
    ]);
  });

  it("a branch scope sees its own branches' brands only", async () => {
    expect(await points('service_revenue', { branchIds: ['SH-02'], by: 'brand' })).toEqual([
      [UNASSIGNED_BRAND, '300.00', '300.00', null],
      ['Volkswagen', '1000.00', '1000.00', null],
    ]);
    expect(await points('service_revenue', { branchIds: ['SH-02'], filters: { brand: ['SEAT', 'CUPRA', 'Skoda'] } })).toEqual([]);
    const lineage = await kpiLineage(client, 'service_revenue', query({ branchIds: ['SH-02'], by: 'brand' }), {
      unitId: 'group',
      periodStart: '2026-01-01',
      dimensionValue: 'Volkswagen',
    });
    expect(lineage.facts.map((f) => [f.branchId, f.reference])).toEqual([['SH-02', 'RO-6']]);
  });

  it("the facts behind a brand's figure sum to it", async () => {
    const lineage = await kpiLineage(client, 'service_revenue', query({ by: 'brand' }), { unitId: 'group', periodStart: '2026-01-01', dimensionValue: 'SEAT' });
    expect(lineage.facts.map((f) => [f.branchId, f.reference, f.businessDate, f.numerator]).sort((a, b) => a[1]!.localeCompare(b[1]!))).toEqual([
      ['SH-01', 'RO-1', '2026-01-10', '1000.00'],
      ['SH-01', 'RO-2', '2026-02-03', '1200.00'],
      ['SH-01', 'RO-4', '2026-01-12', '800.00'],
      ['SH-01', 'RO-5', '2026-01-12', '1200.00'],
    ]);
    expect(lineage.point?.value).toBe('4200.00');
    // Every figure of every KPI that has a brand (the sales ones have no facts here): its facts add up to it.
    let checked = 0;
    checked += await expectLineageAddsUpToEveryFigure(client, query({ by: 'brand' }));
    checked += await expectLineageAddsUpToEveryFigure(client, query({ by: 'model', level: 'branch', currency: 'branch' }));
    checked += await expectLineageAddsUpToEveryFigure(client, query({ level: 'region', whole: false, filters: { brand: ['SEAT', UNASSIGNED_BRAND] } }));
    expect(checked).toBeGreaterThan(50);
  }, 300_000);

  it('a catalogue correction restates the ROs of its dates; the unbroken figures do not move', async () => {
    const before = await points('service_revenue');
    // The Octavia is assigned to Skoda only from March: RO-8 (February) has no brand then.
    expect(await sink.write([brandOf('Octavia', null, '2020-01-01'), brandOf('Octavia', 'Skoda', '2026-03-01')])).toEqual({ rejected: [] });
    expect(await points('service_revenue', { by: 'brand', filters: { brand: ['Skoda', UNASSIGNED_BRAND] } })).toEqual([
      [UNASSIGNED_BRAND, '1100.00', '1100.00', null],
    ]);
    expect(await points('service_revenue')).toEqual(before);
  });
});
