/**
 * The brand dimension (issue #16 item 2, docs/adr/0030-brand-dimension.md): the brand of a fact is
 * the brand head office's model catalogue (ModelBrandAssigned) gives its model on its business date;
 * a model with no brand then shows as `unassigned`. Through the projector's sink and the KPI engine
 * on the embedded ClickHouse engine, with a worked example figured by hand: two Chinese branches (CNY)
 * and a Spanish one (EUR, two monthly rates), a model moved to another brand on 1 February, a model
 * assigned only from February, a model never assigned, a return, a cancelled order. The values of a
 * brand breakdown add up to the whole (units, revenue in group currency, a rate from Σ ÷ Σ), a filter
 * by brand narrows the figure at every level, a branch scope sees its own branches only, and the
 * facts behind a brand's figure sum to it.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { amountOf, DomainEvent, GROUP_WIDE_BRANCH_ID, Money, UNASSIGNED_BRAND, withTax } from '@app/contracts';
import { evaluateKpi, KpiQuery, kpiLineage } from '@app/kpi';
import Decimal from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { expectLineageAddsUpToEveryFigure } from '../lineage.spec-helper';
import { cny, envelope, shanghai } from '../workshop/workshop-events.spec-helper';

const eur = (net: string): Money => withTax('EUR', amountOf(net), '0.21');

const branch = (branchId: string, regionId: string, currency: string, brands: string[]): DomainEvent[] => [
  envelope('BranchOpened', { branchId, name: branchId, brands, currency, timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' }, { branchId }),
  envelope('BranchRegionAssigned', { branchId, regionId, effectiveFrom: '2024-01-01' }, { branchId }),
];
const brandOf = (model: string, brand: string | null, effectiveFrom: string): DomainEvent =>
  envelope('ModelBrandAssigned', { model, brand, effectiveFrom }, { streamId: `model-brand-${model}` });

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'IBERIA', name: 'Iberia' }),
  ...branch('SH-01', 'EAST', 'CNY', ['Volkswagen', 'Skoda']),
  ...branch('SH-02', 'EAST', 'CNY', ['Volkswagen']),
  ...branch('MD-01', 'IBERIA', 'EUR', ['SEAT', 'CUPRA', 'Volkswagen']),
  envelope('ExchangeRateSet', { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.80', version: 1 }, { branchId: GROUP_WIDE_BRANCH_ID }),
  envelope('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.90', version: 1 }, { branchId: GROUP_WIDE_BRANCH_ID }),
  // Head office's model catalogue. Formentor was SEAT's and is CUPRA's from 1 February; Golf is in
  // the catalogue only from 1 February; Mystery X is in no catalogue.
  brandOf('Tiguan L', 'Volkswagen', '2020-01-01'),
  brandOf('Lavida', 'Volkswagen', '2020-01-01'),
  brandOf('Octavia', 'Skoda', '2020-01-01'),
  brandOf('Formentor', 'SEAT', '2020-01-01'),
  brandOf('Formentor', 'CUPRA', '2026-02-01'),
  brandOf('Golf', 'Volkswagen', '2026-02-01'),
];

const delivery = (
  branchId: string,
  vehicleSaleId: string,
  model: string,
  on: string,
  invoice: Money,
  cost: Money,
  orderId: string | null = null,
): DomainEvent =>
  envelope(
    'VehicleDelivered',
    { vehicleSaleId, orderId, vin: 'LSVAU2180N2183294', model, condition: 'new', consultantId: 'E-1', customerId: `C-${vehicleSaleId}`, invoice, cost },
    { branchId, occurredAt: shanghai(on), streamId: `vehicle-sale-${vehicleSaleId}`, schemaVersion: 2 },
  );
const order = (vehicleSaleId: string, model: string, on: string, list: string, transaction: string): DomainEvent =>
  envelope(
    'OrderSigned',
    {
      vehicleSaleId,
      orderId: `O-${vehicleSaleId}`,
      leadId: null,
      model,
      condition: 'new',
      listPrice: cny(list),
      transactionPrice: cny(transaction),
      deposit: cny('0.00'),
      finance: 'cash',
      consultantId: 'E-1',
      customerId: `C-${vehicleSaleId}`,
    },
    { branchId: 'SH-01', occurredAt: shanghai(on), streamId: `vehicle-sale-${vehicleSaleId}` },
  );
const lead = (leadId: string, modelOfInterest: string | null, on: string): DomainEvent =>
  envelope(
    'LeadCreated',
    { leadId, source: 'online', segment: 'individual', consultantId: 'E-9', modelOfInterest, customerId: null },
    { branchId: 'MD-01', occurredAt: shanghai(on), schemaVersion: 2 },
  );

const octavia = delivery('SH-01', 'VS-2', 'Octavia', '2026-01-12', cny('150000.00'), cny('140000.00'), 'O-VS-2');
const sales: DomainEvent[] = [
  order('VS-1', 'Tiguan L', '2026-01-05', '210000.00', '200000.00'),
  order('VS-2', 'Octavia', '2026-01-06', '150000.00', '150000.00'),
  order('VS-X', 'Octavia', '2026-01-07', '160000.00', '152000.00'),
  envelope(
    'OrderCancelled',
    { vehicleSaleId: 'VS-X', orderId: 'O-VS-X', reason: 'changed mind' },
    { branchId: 'SH-01', occurredAt: shanghai('2026-01-09'), streamId: 'vehicle-sale-VS-X' },
  ),
  delivery('SH-01', 'VS-1', 'Tiguan L', '2026-01-10', cny('200000.00'), cny('180000.00'), 'O-VS-1'), // Volkswagen
  octavia, // Skoda
  delivery('SH-01', 'VS-3', 'Mystery X', '2026-01-20', cny('100000.00'), cny('95000.00')), // unassigned
  envelope(
    'VehicleReturned',
    {
      vehicleSaleId: 'VS-2',
      deliveryEventId: octavia.eventId,
      orderId: 'O-VS-2',
      vin: 'LSVAU2180N2183294',
      model: 'Octavia',
      condition: 'new',
      consultantId: 'E-1',
      reason: 'defect',
      invoiceReversed: cny('150000.00'),
      costReversed: cny('140000.00'),
    },
    { branchId: 'SH-01', occurredAt: shanghai('2026-02-08'), streamId: 'vehicle-sale-VS-2', schemaVersion: 2 },
  ), // Skoda, in February
  delivery('SH-02', 'VS-4', 'Lavida', '2026-01-15', cny('120000.00'), cny('110000.00')), // Volkswagen
  delivery('SH-02', 'VS-5', 'Tiguan L', '2026-02-03', cny('210000.00'), cny('190000.00')), // Volkswagen
  delivery('MD-01', 'VS-6', 'Formentor', '2026-01-18', eur('30000.00'), eur('27000.00')), // SEAT (January)
  delivery('MD-01', 'VS-7', 'Formentor', '2026-02-05', eur('32000.00'), eur('28000.00')), // CUPRA (February)
  delivery('MD-01', 'VS-8', 'Golf', '2026-01-25', eur('25000.00'), eur('23000.00')), // unassigned (Golf's brand starts in February)
  delivery('MD-01', 'VS-9', 'Golf', '2026-02-10', eur('26000.00'), eur('24000.00')), // Volkswagen
  lead('L-1', 'Golf', '2026-01-03'), // unassigned (January)
  lead('L-2', null, '2026-01-04'), // no model of interest: unassigned
  lead('L-3', 'Formentor', '2026-02-02'), // CUPRA
  envelope(
    'TestDriveCompleted',
    { leadId: 'L-3', model: 'Formentor', consultantId: 'E-9' },
    { branchId: 'MD-01', occurredAt: shanghai('2026-02-02', '15:00') },
  ), // CUPRA
];

type Row = [string | undefined, string | null, string, string | null];
const byValue = (rows: Row[]): Row[] => [...rows].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));

describe('the brand dimension on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'brand-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  /** January and February 2026 as one figure, consolidated into the group currency (CNY). */
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
  const expectAddsUp = async (kpi: string, overrides: Partial<KpiQuery> = {}) => {
    const parts = await evaluateKpi(client, kpi, query({ ...overrides, by: 'brand' }));
    const [whole] = await evaluateKpi(client, kpi, query(overrides));
    const sum = (values: (string | null)[]) => values.reduce((s, v) => s.add(v ?? 0), new Decimal(0)).toString();
    expect([sum(parts.map((p) => p.numerator)), sum(parts.map((p) => p.denominator))]).toEqual([
      new Decimal(whole!.numerator).toString(),
      new Decimal(whole!.denominator ?? 0).toString(),
    ]);
  };

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'brand_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) });
    expect(await sink.write([...org, ...sales])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('units delivered by brand: as of each delivery, the models without a brand then under "unassigned", adding up to the whole', async () => {
    // Volkswagen VS-1, 4, 5, 9; Skoda VS-2; SEAT VS-6 (January); CUPRA VS-7 (February); unassigned VS-3 (Mystery X), VS-8 (Golf in January).
    expect(await points('units_delivered', { by: 'brand' })).toEqual([
      ['CUPRA', '1', '1', null],
      ['SEAT', '1', '1', null],
      ['Skoda', '1', '1', null],
      [UNASSIGNED_BRAND, '2', '2', null],
      ['Volkswagen', '4', '4', null],
    ]);
    expect(await points('units_delivered')).toEqual([['group', '9', '9', null]]);
    await expectAddsUp('units_delivered');
  });

  it('revenue in the group currency by brand converts each month at its own rate and adds up to the whole', async () => {
    // Volkswagen: 200,000 + 120,000 + 210,000 + 26,000 × 7.90 = 735,400; Skoda: 150,000 − 150,000 (the February return) = 0;
    // SEAT: 30,000 × 7.80 = 234,000; CUPRA: 32,000 × 7.90 = 252,800; unassigned: 100,000 + 25,000 × 7.80 = 295,000.
    expect(await points('revenue_new_vehicles', { by: 'brand' })).toEqual([
      ['CUPRA', '252800.00', '252800.00', null],
      ['SEAT', '234000.00', '234000.00', null],
      ['Skoda', '0.00', '0.00', null],
      [UNASSIGNED_BRAND, '295000.00', '295000.00', null],
      ['Volkswagen', '735400.00', '735400.00', null],
    ]);
    // The whole: 630,000 CNY + 55,000 EUR × 7.80 + 58,000 EUR × 7.90 = 1,517,200.
    expect(await points('revenue_new_vehicles')).toEqual([['group', '1517200.00', '1517200.00', null]]);
    await expectAddsUp('revenue_new_vehicles');
  });

  it('a rate by brand is Σ numerator ÷ Σ denominator of the same facts, and its parts add up to the whole', async () => {
    // Gross margin = Σ (revenue − cost) ÷ Σ revenue, in CNY. Volkswagen 65,800 ÷ 735,400; Skoda 0 ÷ 0 (no figure);
    // SEAT 23,400 ÷ 234,000; CUPRA 31,600 ÷ 252,800; unassigned 20,600 ÷ 295,000.
    expect(await points('vehicle_gross_margin', { by: 'brand' })).toEqual([
      ['CUPRA', '12.50', '31600.00', '252800.00'],
      ['SEAT', '10.00', '23400.00', '234000.00'],
      ['Skoda', null, '0.00', '0.00'],
      [UNASSIGNED_BRAND, '6.98', '20600.00', '295000.00'],
      ['Volkswagen', '8.95', '65800.00', '735400.00'],
    ]);
    // The group: 141,400 ÷ 1,517,200, never a mean of the brands' margins.
    expect(await points('vehicle_gross_margin')).toEqual([['group', '9.32', '141400.00', '1517200.00']]);
    await expectAddsUp('vehicle_gross_margin');
    // Discount rate of SH-01's orders: Volkswagen 10,000 ÷ 210,000; Skoda (0 + 8,000) ÷ (150,000 + 160,000).
    expect(await points('discount_rate', { level: 'branch', currency: 'branch', by: 'brand' })).toEqual([
      ['Skoda', '2.58', '8000.00', '310000.00'],
      ['Volkswagen', '4.76', '10000.00', '210000.00'],
    ]);
    await expectAddsUp('discount_rate');
  });

  it('orders, cancellations, leads and test drives by brand: a cancellation takes the brand of the order it cancels', async () => {
    expect(await points('orders_signed', { by: 'brand' })).toEqual([
      ['Skoda', '2', '2', null],
      ['Volkswagen', '1', '1', null],
    ]);
    // O-VS-X's cancellation: an Octavia, so Skoda's; the signings count 0 cancellations.
    expect(await points('order_cancellations', { by: 'brand' })).toEqual([
      ['Skoda', '1', '1', null],
      ['Volkswagen', '0', '0', null],
    ]);
    expect(await points('order_cancellations', { by: 'model' })).toEqual([
      ['Octavia', '1', '1', null],
      ['Tiguan L', '0', '0', null],
    ]);
    // L-1 (Golf in January) and L-2 (no model of interest) are unassigned; L-3 (Formentor in February) is CUPRA's.
    expect(await points('leads', { by: 'brand' })).toEqual([
      ['CUPRA', '1', '1', null],
      [UNASSIGNED_BRAND, '2', '2', null],
    ]);
    expect(await points('test_drives', { by: 'brand' })).toEqual([['CUPRA', '1', '1', null]]);
    await expectAddsUp('leads');
    await expectAddsUp('lead_to_order_conversion');
  });

  it('a filter by brand narrows the figure at branch, region and group level', async () => {
    const volkswagen = { filters: { brand: ['Volkswagen'] } };
    expect(await points('units_delivered', { ...volkswagen, level: 'branch' })).toEqual([
      ['MD-01', '1', '1', null],
      ['SH-01', '1', '1', null],
      ['SH-02', '2', '2', null],
    ]);
    expect(await points('units_delivered', { ...volkswagen, level: 'region' })).toEqual([
      ['EAST', '3', '3', null],
      ['IBERIA', '1', '1', null],
    ]);
    expect(await points('revenue_new_vehicles', volkswagen)).toEqual([['group', '735400.00', '735400.00', null]]);
    // The models without a brand are a value like any other: filterable, in the branch currency.
    expect(await points('revenue_new_vehicles', { level: 'branch', currency: 'branch', filters: { brand: [UNASSIGNED_BRAND] } })).toEqual([
      ['MD-01', '25000.00', '25000.00', null],
      ['SH-01', '100000.00', '100000.00', null],
    ]);
    // Two brands and a breakdown by model of them.
    expect(await points('units_delivered', { by: 'model', filters: { brand: ['SEAT', 'CUPRA'] } })).toEqual([['Formentor', '2', '2', null]]);
  });

  it("a branch scope sees its own branches' brands only", async () => {
    // A user of SH-02 (its access scope is the engine's branchIds): two Volkswagens, nothing of the others.
    expect(await points('units_delivered', { branchIds: ['SH-02'], by: 'brand' })).toEqual([['Volkswagen', '2', '2', null]]);
    expect(await points('revenue_new_vehicles', { branchIds: ['SH-02'], by: 'brand' })).toEqual([['Volkswagen', '330000.00', '330000.00', null]]);
    expect(await points('units_delivered', { branchIds: ['SH-02'], filters: { brand: [UNASSIGNED_BRAND, 'Skoda'] } })).toEqual([]);
    const lineage = await kpiLineage(client, 'units_delivered', query({ branchIds: ['SH-02'], by: 'brand' }), {
      unitId: 'group',
      periodStart: '2026-01-01',
      dimensionValue: 'Volkswagen',
    });
    expect(lineage.facts.map((f) => [f.branchId, f.reference])).toEqual([
      ['SH-02', 'VS-4'],
      ['SH-02', 'VS-5'],
    ]);
  });

  it("the facts behind a brand's figure sum to it, converted month by month", async () => {
    const lineage = await kpiLineage(client, 'revenue_new_vehicles', query({ by: 'brand' }), {
      unitId: 'group',
      periodStart: '2026-01-01',
      dimensionValue: 'Volkswagen',
    });
    expect(lineage.facts.map((f) => [f.branchId, f.reference, f.businessDate, f.numerator])).toEqual([
      ['SH-01', 'VS-1', '2026-01-10', '200000.00'],
      ['SH-02', 'VS-4', '2026-01-15', '120000.00'],
      ['SH-02', 'VS-5', '2026-02-03', '210000.00'],
      ['MD-01', 'VS-9', '2026-02-10', '26000.00'],
    ]);
    expect(lineage.point?.value).toBe('735400.00');
    expect(lineage.conversions?.reduce((s, c) => s.add(c.numeratorConverted), new Decimal(0)).toString()).toBe('735400');
    // Every figure of every KPI that has a brand: its facts add up to it (the group in its currency, the
    // branches in theirs, the regions month by month under a brand filter).
    let checked = 0;
    checked += await expectLineageAddsUpToEveryFigure(client, query({ by: 'brand' }));
    checked += await expectLineageAddsUpToEveryFigure(client, query({ by: 'brand', level: 'branch', currency: 'branch' }));
    checked += await expectLineageAddsUpToEveryFigure(client, query({ level: 'region', whole: false, filters: { brand: ['Volkswagen', UNASSIGNED_BRAND] } }));
    expect(checked).toBeGreaterThan(50);
  }, 300_000);

  it("a catalogue correction restates the facts of its dates; the unbroken figures don't move", async () => {
    const before = await points('units_delivered');
    // Mystery X turns out to be a Volkswagen.
    expect(await sink.write([brandOf('Mystery X', 'Volkswagen', '2020-01-01')])).toEqual({ rejected: [] });
    expect(await points('units_delivered', { by: 'brand', filters: { brand: ['Volkswagen', UNASSIGNED_BRAND] } })).toEqual([
      [UNASSIGNED_BRAND, '1', '1', null],
      ['Volkswagen', '5', '5', null],
    ]);
    expect(await points('units_delivered')).toEqual(before);
  });
  it('a return and a cancellation keep the brand their sale was made under, although the model has moved since', async () => {
    const revenueBefore = await points('revenue_new_vehicles', { by: 'brand' });
    const cupraUnits = (await points('units_delivered', { by: 'brand' })).find((r) => r[0] === 'CUPRA');
    // VS-6, a Formentor delivered on 18 January (SEAT's then), comes back on 12 February (CUPRA's by then); an
    // order for a Formentor signed on 20 January is cancelled on 3 February.
    const vs6 = sales.find((e) => e.type === 'VehicleDelivered' && (e.payload as { vehicleSaleId: string }).vehicleSaleId === 'VS-6')!;
    expect(
      await sink.write([
        envelope(
          'VehicleReturned',
          {
            vehicleSaleId: 'VS-6',
            deliveryEventId: vs6.eventId,
            orderId: null,
            vin: 'LSVAU2180N2183294',
            model: 'Formentor',
            condition: 'new',
            consultantId: 'E-1',
            reason: 'defect',
            invoiceReversed: eur('30000.00'),
            costReversed: eur('27000.00'),
          },
          { branchId: 'MD-01', occurredAt: shanghai('2026-02-12'), streamId: 'vehicle-sale-VS-6', schemaVersion: 2 },
        ),
        order('VS-F', 'Formentor', '2026-01-20', '160000.00', '155000.00'),
        envelope(
          'OrderCancelled',
          { vehicleSaleId: 'VS-F', orderId: 'O-VS-F', reason: 'changed mind' },
          { branchId: 'SH-01', occurredAt: shanghai('2026-02-03'), streamId: 'vehicle-sale-VS-F' },
        ),
      ]),
    ).toEqual({ rejected: [] });
    // SEAT: 30,000 × 7.80 in January less 30,000 × 7.90 in February = −3,000; CUPRA keeps its own sale only.
    const revenue = await points('revenue_new_vehicles', { by: 'brand' });
    expect(revenue.find((r) => r[0] === 'SEAT')).toEqual(['SEAT', '-3000.00', '-3000.00', null]);
    expect(revenue.find((r) => r[0] === 'CUPRA')).toEqual(revenueBefore.find((r) => r[0] === 'CUPRA'));
    expect((await points('units_delivered', { by: 'brand' })).find((r) => r[0] === 'CUPRA')).toEqual(cupraUnits);
    await expectAddsUp('revenue_new_vehicles');
    // The cancelled Formentor order was SEAT's when signed: its cancellation is SEAT's, none is CUPRA's.
    const cancellations = await points('order_cancellations', { by: 'brand' });
    expect(cancellations.find((r) => r[0] === 'SEAT')).toEqual(['SEAT', '1', '1', null]);
    expect(cancellations.find((r) => r[0] === 'CUPRA')).toBeUndefined();
    await expectAddsUp('order_cancellations');
  });
});
