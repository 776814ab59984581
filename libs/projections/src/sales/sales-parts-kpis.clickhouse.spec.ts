/**
 * The sales and parts KPIs through the KPI engine (evaluateKpi, what the pages show) on the
 * embedded ClickHouse engine: rows written by the real projection sink, each figure worked out by
 * hand. Vehicle sales with a late return, a region's margin, consolidation of a EUR branch at each
 * month's rate and a month without one, the sales funnel, collections, parts counter sales with a
 * customer return, genuine purchases with a return to the supplier, accessories, inter-branch
 * transfers kept out of revenue, month-end stock as a snapshot, redelivery. (These scenarios tested
 * the per-area sales and parts query functions until those were folded into the engine.)
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, EventPayloads, EventType, GROUP_WIDE_BRANCH_ID, Money, parseEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateKpi, evaluateKpis, KpiPoint, KpiQuery, MissingExchangeRateError } from '@app/kpi';
import { BranchCalendar, BranchCalendarEntry } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ORG_PROJECTIONS } from '../org';
import { PARTS_PROJECTIONS } from '../parts';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { SALES_PROJECTIONS } from './index';

const ENTRIES: Record<string, BranchCalendarEntry> = {
  'SH-01': { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 },
  'SH-02': { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 },
  'MAD-01': { timeZone: 'Europe/Madrid', cutoffMinutes: 0 },
  [GROUP_WIDE_BRANCH_ID]: { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 },
};
const calendar: BranchCalendar = {
  entryFor: (branchId) => {
    const entry = ENTRIES[branchId];
    if (!entry) throw new Error(`no calendar for ${branchId}`);
    return entry;
  },
};

let position = 1000;
function ev<K extends EventType>(type: K, payload: EventPayloads[K], branchId: string, occurredAt: string): DomainEvent {
  position += 1;
  const parsed = parseEvent({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    streamId: `s-${position}`,
    streamPosition: 1,
    globalPosition: String(position),
    occurredAt,
    recordedAt: occurredAt,
    branchId,
    actor: { kind: 'user', id: 'u-1' },
    correlationId: 'c-1',
    causationId: null,
    payload,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

/** 10:00 in Shanghai on that day. */
const sh = (date: string) => `${date}T02:00:00.000Z`;
const m = (net: string, tax = '0.00', currency = 'CNY'): Money => {
  const cents = (a: string) => Math.round(Number(a) * 100);
  const gross = ((cents(net) + cents(tax)) / 100).toFixed(2);
  return { currency, net, tax, gross };
};
const VIN = 'LSVAU2180N2183294';

function delivered(branchId: string, id: string, at: string, net: string, cost: string, currency = 'CNY'): DomainEvent {
  return ev(
    'VehicleDelivered',
    {
      vehicleSaleId: id,
      orderId: null,
      vin: VIN,
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      customerId: null,
      invoice: m(net, '0.00', currency),
      cost: m(cost, '0.00', currency),
    },
    branchId,
    at,
  );
}

function order(orderId: string, leadId: string | null, date: string): DomainEvent {
  return ev(
    'OrderSigned',
    {
      vehicleSaleId: `VS-${orderId}`,
      orderId,
      leadId,
      model: 'Lavida',
      condition: 'new',
      listPrice: m('120000.00'),
      transactionPrice: m('110000.00'),
      deposit: m('5000.00'),
      finance: 'cash',
      consultantId: 'E-1',
      customerId: `C-${orderId}`,
    },
    'SH-01',
    sh(date),
  );
}

const lead = (leadId: string, date: string, source: EventPayloads['LeadCreated']['source'], segment: EventPayloads['LeadCreated']['segment']) =>
  ev('LeadCreated', { leadId, source, segment, consultantId: 'E-1', modelOfInterest: null, customerId: null }, 'SH-01', sh(date));
const testDrive = (leadId: string, date: string) => ev('TestDriveCompleted', { leadId, model: 'Lavida', consultantId: 'E-1' }, 'SH-01', sh(date));
const payment = (kind: EventPayloads['PaymentReceived']['kind'], amount: Money, date: string) =>
  ev('PaymentReceived', { vehicleSaleId: 'VS-O1', orderId: 'O1', kind, amount }, 'SH-01', sh(date));
const snapshot = (branchId: string, month: string, date: string, buckets: [string, string, string, string]) => {
  const total = (buckets.reduce((s, b) => s + Math.round(Number(b) * 100), 0) / 100).toFixed(2);
  return ev(
    'StockSnapshotTaken',
    {
      month,
      partCount: 100,
      totalQuantity: '1000',
      totalValue: m(total),
      agedStock: { days0To90: m(buckets[0]), days91To180: m(buckets[1]), days181To365: m(buckets[2]), over365Days: m(buckets[3]) },
    },
    branchId,
    sh(date),
  );
};

const org: DomainEvent[] = [
  ev('RegionDefined', { regionId: 'EAST', name: 'East China' }, GROUP_WIDE_BRANCH_ID, sh('2025-12-01')),
  ev('RegionDefined', { regionId: 'EU', name: 'Europe' }, GROUP_WIDE_BRANCH_ID, sh('2025-12-01')),
  ev('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2025-01-01' }, 'SH-01', sh('2025-12-01')),
  ev('BranchRegionAssigned', { branchId: 'SH-02', regionId: 'EAST', effectiveFrom: '2025-01-01' }, 'SH-02', sh('2025-12-01')),
  ev('BranchRegionAssigned', { branchId: 'MAD-01', regionId: 'EU', effectiveFrom: '2025-01-01' }, 'MAD-01', sh('2025-12-01')),
  ev('ExchangeRateSet', { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.80', version: 1 }, GROUP_WIDE_BRANCH_ID, sh('2025-12-01')),
  ev('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.90', version: 1 }, GROUP_WIDE_BRANCH_ID, sh('2025-12-01')),
];

const sales: DomainEvent[] = [
  // SH-01: two deliveries in January.
  delivered('SH-01', 'VS-1', sh('2026-01-10'), '100000.00', '90000.00'),
  delivered('SH-01', 'VS-2', sh('2026-01-20'), '200000.00', '170000.00'),
  // SH-02: one delivery in January.
  delivered('SH-02', 'VS-3', sh('2026-01-15'), '50000.00', '49000.00'),
  // MAD-01 (EUR): 31 Jan 23:30 and 1 Feb 00:30 Madrid time; one in March (no March rate).
  delivered('MAD-01', 'VS-4', '2026-01-31T22:30:00.000Z', '10000.00', '8000.00', 'EUR'),
  delivered('MAD-01', 'VS-5', '2026-01-31T23:30:00.000Z', '20000.00', '15000.00', 'EUR'),
  delivered('MAD-01', 'VS-6', '2026-03-05T10:00:00.000Z', '1000.00', '900.00', 'EUR'),
  // The funnel at SH-01.
  lead('L1', '2026-01-05', 'walk_in', 'individual'),
  testDrive('L1', '2026-01-06'),
  order('O1', 'L1', '2026-01-10'),
  lead('L2', '2026-01-30', 'online', 'taxi'),
  order('O2', 'L2', '2026-02-02'),
  lead('L3', '2026-01-12', 'phone', 'individual'),
  testDrive('L3', '2026-01-13'),
  testDrive('L3', '2026-02-01'),
  lead('L4', '2026-02-10', 'online', 'individual'),
  order('O3', 'L4', '2026-02-11'),
  order('O4', 'L4', '2026-02-12'),
  order('O5', null, '2026-01-20'),
  ev('OrderCancelled', { vehicleSaleId: 'VS-O3', orderId: 'O3', reason: 'changed mind' }, 'SH-01', sh('2026-03-01')),
  // Collections.
  payment('deposit', m('5000.00'), '2026-01-10'),
  payment('balance', m('95575.22', '12424.78'), '2026-01-20'),
  payment('loan', m('60000.00'), '2026-01-25'),
  payment('refund', m('5000.00'), '2026-03-01'),
];

const partsLine = (partNumber: string, quantity: string, genuine: boolean, amount: string, cost: string) => ({
  partNumber,
  quantity,
  genuine,
  amount: m(amount),
  cost: m(cost),
});

const parts: DomainEvent[] = [
  ev(
    'PartsSold',
    {
      saleId: 'S1',
      customerType: 'retail',
      customerId: null,
      lines: [partsLine('06A115561B', '2', true, '1000.00', '600.00'), partsLine('X-1', '1', false, '500.00', '400.00')],
    },
    'SH-01',
    sh('2026-01-08'),
  ),
  ev(
    'PartsSold',
    { saleId: 'S2', customerType: 'quick_repair_shop', customerId: 'QR-1', lines: [partsLine('06A115561B', '4', true, '2000.00', '1500.00')] },
    'SH-01',
    sh('2026-01-09'),
  ),
  ev(
    'PartsReceived',
    { receiptId: 'RC1', supplierId: 'OEM', purchaseOrderRef: null, partNumber: '06A115561B', quantity: '20', genuine: true, cost: m('10000.00') },
    'SH-01',
    sh('2026-01-04'),
  ),
  ev(
    'PartsReceived',
    { receiptId: 'RC2', supplierId: 'ACME', purchaseOrderRef: null, partNumber: 'X-1', quantity: '10', genuine: false, cost: m('3000.00') },
    'SH-01',
    sh('2026-01-05'),
  ),
  ev(
    'AccessorySold',
    { accessorySaleId: 'A1', accessoryCode: 'MAT-1', description: 'floor mats', quantity: '1', amount: m('800.00'), cost: m('500.00'), vehicleSaleId: 'VS-1' },
    'SH-01',
    sh('2026-01-11'),
  ),
  snapshot('SH-01', '2026-01', '2026-01-31', ['30000.00', '10000.00', '6000.00', '4000.00']),
  snapshot('SH-01', '2026-02', '2026-02-28', ['31000.00', '11000.00', '6000.00', '4000.00']),
  snapshot('SH-01', '2026-03', '2026-03-31', ['28000.00', '10000.00', '6000.00', '4000.00']),
  snapshot('SH-02', '2026-03', '2026-03-31', ['20000.00', '0.00', '0.00', '0.00']),
  ev(
    'InterBranchTransferDispatched',
    { transferId: 'T1', fromBranchId: 'SH-01', toBranchId: 'SH-02', lines: [{ partNumber: 'X-1', quantity: '2', value: m('700.00') }], value: m('700.00') },
    'SH-01',
    sh('2026-01-20'),
  ),
  ev(
    'InterBranchTransferReceived',
    { transferId: 'T1', fromBranchId: 'SH-01', toBranchId: 'SH-02', lines: [{ partNumber: 'X-1', quantity: '2', value: m('700.00') }], value: m('700.00') },
    'SH-02',
    sh('2026-01-22'),
  ),
];

// Arrive later: the vehicle return, the parts returns, a corrected February stock snapshot.
const late: DomainEvent[] = [
  ev(
    'VehicleReturned',
    {
      vehicleSaleId: 'VS-1',
      deliveryEventId: sales[0]?.eventId ?? '',
      orderId: null,
      vin: VIN,
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      reason: 'defect',
      invoiceReversed: m('100000.00'),
      costReversed: m('90000.00'),
    },
    'SH-01',
    sh('2026-02-05'),
  ),
  ev(
    'PartsReturned',
    { returnId: 'PR1', direction: 'from_customer', originalDocumentId: 'S1', reason: null, lines: [partsLine('06A115561B', '1', true, '500.00', '300.00')] },
    'SH-01',
    sh('2026-02-03'),
  ),
  ev(
    'PartsReturned',
    { returnId: 'PR2', direction: 'to_supplier', originalDocumentId: 'RC1', reason: null, lines: [partsLine('06A115561B', '2', true, '1000.00', '1000.00')] },
    'SH-01',
    sh('2026-02-06'),
  ),
  snapshot('SH-01', '2026-02', '2026-03-01', ['31500.00', '11000.00', '6000.00', '4000.00']),
];

/** Months `from`..`to` (YYYY-MM) at branch level in branch currency. */
const months = (from: string, to: string, overrides: Partial<KpiQuery> = {}): KpiQuery => {
  const [y, mo] = to.split('-').map(Number) as [number, number];
  return {
    from: `${from}-01`,
    to: new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10),
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    now: new Date('2026-12-31T00:00:00Z'),
    ...overrides,
  };
};
const JAN_FEB = months('2026-01', '2026-02');
const Q1 = months('2026-01', '2026-03');
/** [unit, period, value] of each point. */
const row = (p: KpiPoint) => [p.unitId, p.period, p.value];

const VEHICLE_KPIS = ['units_delivered', 'units_returned', 'revenue_new_vehicles', 'vehicle_returns_amount', 'vehicle_gross_profit', 'vehicle_gross_margin'];
const EVERY_KPI = [
  ...VEHICLE_KPIS,
  'revenue',
  'collections',
  'leads',
  'test_drives',
  'orders_signed',
  'order_cancellations',
  'lead_to_order_conversion',
  'parts_counter_sales',
  'parts_margin',
  'genuine_parts_purchases',
  'accessory_sales',
];

describe('sales and parts KPIs through the KPI engine on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-sales-parts-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  let januaryBeforeReturn: KpiPoint[][];
  const points = async (kpiId: string, query: KpiQuery) => (await evaluateKpi(client, kpiId, query)).map(row);
  /** Each KPI's points as [unit, period, value], in the order asked. */
  const table = async (kpiIds: readonly string[], query: KpiQuery) =>
    Object.fromEntries([...(await evaluateKpis(client, kpiIds, query))].map(([id, ps]) => [id, ps.map(row)]));

  const everyFigure = async () => ({
    branches: await evaluateKpis(client, EVERY_KPI, Q1),
    region: await evaluateKpis(client, VEHICLE_KPIS, { ...JAN_FEB, level: 'region' }),
    consolidated: await evaluateKpis(client, VEHICLE_KPIS, { ...JAN_FEB, level: 'group', currency: 'group' }),
    conversion: await evaluateKpi(client, 'lead_to_order_conversion', { ...Q1, bucket: 'quarter' }),
    stock: await evaluateKpis(client, ['stock_value', 'aged_stock_value'], { ...Q1, bucket: 'quarter', level: 'region' }),
  });

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'sales_parts_kpi_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, vehicleSalesProjection, ...SALES_PROJECTIONS, ...PARTS_PROJECTIONS], { calendar });
    expect(await sink.write([...org, ...sales, ...parts])).toEqual({ rejected: [] });
    januaryBeforeReturn = [...(await evaluateKpis(client, VEHICLE_KPIS, months('2026-01', '2026-01'))).values()];
    expect(await sink.write(late)).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('vehicle sales', () => {
    it('gives units, revenue, the returns line, gross profit and margin per branch and month; a return lands in its own month', async () => {
      const q = { ...JAN_FEB, branchIds: ['SH-01', 'SH-02'] };
      expect(await table(VEHICLE_KPIS, q)).toEqual({
        units_delivered: [
          ['SH-01', '2026-01', '2'],
          ['SH-01', '2026-02', '0'],
          ['SH-02', '2026-01', '1'],
        ],
        units_returned: [
          ['SH-01', '2026-01', '0'],
          ['SH-01', '2026-02', '1'],
          ['SH-02', '2026-01', '0'],
        ],
        revenue_new_vehicles: [
          ['SH-01', '2026-01', '300000.00'],
          // The return of VS-1 on 5 Feb: −100,000 revenue, on its own line as 100,000.
          ['SH-01', '2026-02', '-100000.00'],
          ['SH-02', '2026-01', '50000.00'],
        ],
        vehicle_returns_amount: [
          ['SH-01', '2026-01', '0.00'],
          ['SH-01', '2026-02', '100000.00'],
          ['SH-02', '2026-01', '0.00'],
        ],
        // 100,000 + 200,000 revenue, 90,000 + 170,000 cost: profit 40,000; February −100,000 + 90,000.
        vehicle_gross_profit: [
          ['SH-01', '2026-01', '40000.00'],
          ['SH-01', '2026-02', '-10000.00'],
          ['SH-02', '2026-01', '1000.00'],
        ],
        // 40,000 ÷ 300,000 = 13.33 %; February −10,000 ÷ −100,000 = 10 %; SH-02 1,000 ÷ 50,000 = 2 %.
        vehicle_gross_margin: [
          ['SH-01', '2026-01', '13.33'],
          ['SH-01', '2026-02', '10.00'],
          ['SH-02', '2026-01', '2.00'],
        ],
      });
      // January is not rewritten by the February return.
      expect([...(await evaluateKpis(client, VEHICLE_KPIS, months('2026-01', '2026-01'))).values()]).toEqual(januaryBeforeReturn);
    });

    it("gives a region's margin as Σ profit ÷ Σ revenue over its branches, not the mean of branch margins", async () => {
      // EAST: (40,000 + 1,000) ÷ (300,000 + 50,000) = 11.71 %; the mean of 13.33 % and 2 % would be 7.67 %.
      const east = await evaluateKpi(client, 'vehicle_gross_margin', months('2026-01', '2026-01', { level: 'region', regionIds: ['EAST'] }));
      expect(east.map((p) => [p.unitId, p.value, p.numerator, p.denominator])).toEqual([['EAST', '11.71', '41000.00', '350000.00']]);
    });

    it("converts a EUR branch's January and February sales at each month's own rate", async () => {
      const mad = await table(['revenue_new_vehicles', 'vehicle_gross_profit', 'vehicle_gross_margin'], {
        ...JAN_FEB,
        branchIds: ['MAD-01'],
        currency: 'group',
      });
      // 31 Jan 23:30 Madrid: 10,000 × 7.80 (cost 8,000 × 7.80); 1 Feb 00:30 Madrid: 20,000 × 7.90 (cost 15,000 × 7.90).
      expect(mad).toEqual({
        revenue_new_vehicles: [
          ['MAD-01', '2026-01', '78000.00'],
          ['MAD-01', '2026-02', '158000.00'],
        ],
        vehicle_gross_profit: [
          ['MAD-01', '2026-01', '15600.00'],
          ['MAD-01', '2026-02', '39500.00'],
        ],
        vehicle_gross_margin: [
          ['MAD-01', '2026-01', '20.00'],
          ['MAD-01', '2026-02', '25.00'],
        ],
      });
      const group = await table(['units_delivered', 'units_returned', 'revenue_new_vehicles', 'vehicle_gross_profit', 'vehicle_gross_margin'], {
        ...JAN_FEB,
        level: 'group',
        currency: 'group',
      });
      expect(group).toEqual({
        units_delivered: [
          ['group', '2026-01', '4'],
          ['group', '2026-02', '1'],
        ],
        units_returned: [
          ['group', '2026-01', '0'],
          ['group', '2026-02', '1'],
        ],
        // January 300,000 + 50,000 + 78,000; February −100,000 + 158,000.
        revenue_new_vehicles: [
          ['group', '2026-01', '428000.00'],
          ['group', '2026-02', '58000.00'],
        ],
        vehicle_gross_profit: [
          ['group', '2026-01', '56600.00'],
          ['group', '2026-02', '29500.00'],
        ],
        vehicle_gross_margin: [
          ['group', '2026-01', '13.22'],
          ['group', '2026-02', '50.86'],
        ],
      });
      // In branch currency the EUR money stays EUR, on its own point.
      const split = await evaluateKpi(client, 'revenue_new_vehicles', { ...JAN_FEB, level: 'group' });
      expect(split.map((p) => [p.period, p.currency, p.value])).toEqual([
        ['2026-01', 'CNY', '350000.00'],
        ['2026-01', 'EUR', '10000.00'],
        ['2026-02', 'CNY', '-100000.00'],
        ['2026-02', 'EUR', '20000.00'],
      ]);
    });

    it('refuses to consolidate a month without an exchange rate', async () => {
      await expect(evaluateKpi(client, 'revenue_new_vehicles', { ...Q1, level: 'group', currency: 'group' })).rejects.toThrow(MissingExchangeRateError);
    });
  });

  describe('the sales funnel and collections', () => {
    it('counts leads, test drives, orders signed and cancelled, each in its own month; counts need no exchange rate', async () => {
      expect(await table(['leads', 'test_drives', 'orders_signed', 'order_cancellations'], Q1)).toEqual({
        leads: [
          ['SH-01', '2026-01', '3'],
          ['SH-01', '2026-02', '1'],
        ],
        test_drives: [
          ['SH-01', '2026-01', '2'],
          ['SH-01', '2026-02', '1'],
        ],
        // O1 and O5 in January; O2, O3 and O4 in February; O3 cancelled on 1 March.
        orders_signed: [
          ['SH-01', '2026-01', '2'],
          ['SH-01', '2026-02', '3'],
          ['SH-01', '2026-03', '0'],
        ],
        order_cancellations: [
          ['SH-01', '2026-01', '0'],
          ['SH-01', '2026-02', '0'],
          ['SH-01', '2026-03', '1'],
        ],
      });
      expect(await points('leads', { ...Q1, bucket: 'quarter', level: 'group' })).toEqual([['group', '2026-Q1', '4']]);
      expect(await points('leads', { ...Q1, bucket: 'quarter', level: 'group', currency: 'group' })).toEqual([['group', '2026-Q1', '4']]);
    });

    it('gives lead → order conversion as leads of the period converted within the same period', async () => {
      // January: L1, L2, L3 created; only L1 ordered in January (L2 ordered on 2 Feb). February: L4, ordered twice, counts once.
      expect(await points('lead_to_order_conversion', Q1)).toEqual([
        ['SH-01', '2026-01', '33.33'],
        ['SH-01', '2026-02', '100.00'],
      ]);
      // The quarter: L1, L2 and L4 of 4 leads.
      expect(await points('lead_to_order_conversion', { ...Q1, bucket: 'quarter' })).toEqual([['SH-01', '2026-Q1', '75.00']]);
    });

    it('gives collections (gross, refunds negative) and never counts them as revenue', async () => {
      // 5,000 deposit + 108,000 balance + 60,000 loan in January; a 5,000 refund in March.
      expect(await points('collections', Q1)).toEqual([
        ['SH-01', '2026-01', '173000.00'],
        ['SH-01', '2026-03', '-5000.00'],
      ]);
      // January revenue of SH-01: vehicles 300,000 + parts 3,500 + accessories 800; no payment in it.
      expect(await points('revenue', months('2026-01', '2026-01', { branchIds: ['SH-01'] }))).toEqual([['SH-01', '2026-01', '304300.00']]);
    });
  });

  describe('parts', () => {
    it('gives parts counter sales and margin with customer returns on their own date', async () => {
      expect(await table(['parts_counter_sales', 'parts_margin'], Q1)).toEqual({
        // 1,000 + 500 + 2,000 revenue; the customer return of 500 (cost 300) on 3 Feb.
        parts_counter_sales: [
          ['SH-01', '2026-01', '3500.00'],
          ['SH-01', '2026-02', '-500.00'],
        ],
        // (3,500 − 2,500) ÷ 3,500 = 28.57 %; February (−500 + 300) ÷ −500 = 40 %.
        parts_margin: [
          ['SH-01', '2026-01', '28.57'],
          ['SH-01', '2026-02', '40.00'],
        ],
      });
    });

    it('gives genuine-parts purchases net of returns to suppliers, and accessory sales', async () => {
      expect(await points('genuine_parts_purchases', Q1)).toEqual([
        ['SH-01', '2026-01', '10000.00'],
        ['SH-01', '2026-02', '-1000.00'],
      ]);
      expect(await points('accessory_sales', Q1)).toEqual([['SH-01', '2026-01', '800.00']]);
    });

    it('keeps inter-branch transfers out of revenue and parts sales (700.00 from SH-01 to SH-02 in January)', async () => {
      const jan = months('2026-01', '2026-01', { branchIds: ['SH-01', 'SH-02'] });
      expect(await points('parts_counter_sales', jan)).toEqual([['SH-01', '2026-01', '3500.00']]);
      expect(await points('revenue', jan)).toEqual([
        ['SH-01', '2026-01', '304300.00'],
        ['SH-02', '2026-01', '50000.00'],
      ]);
    });

    it("gives month-end stock as each month's snapshot, and a quarter's as its last month's, never a sum", async () => {
      expect(await table(['stock_value', 'aged_stock_value'], { ...Q1, branchIds: ['SH-01'] })).toEqual({
        stock_value: [
          ['SH-01', '2026-01', '50000.00'],
          // The corrected February snapshot replaced the first one.
          ['SH-01', '2026-02', '52500.00'],
          ['SH-01', '2026-03', '48000.00'],
        ],
        // 181–365 days 6,000 + over 365 days 4,000.
        aged_stock_value: [
          ['SH-01', '2026-01', '10000.00'],
          ['SH-01', '2026-02', '10000.00'],
          ['SH-01', '2026-03', '10000.00'],
        ],
      });
      expect(await points('stock_value', { ...Q1, bucket: 'quarter' })).toEqual([
        ['SH-01', '2026-Q1', '48000.00'],
        ['SH-02', '2026-Q1', '20000.00'],
      ]);
      // The region: 48,000 + 20,000 at the quarter's end, not 50,000 + 52,500 + 48,000 + 20,000.
      expect(await points('stock_value', { ...Q1, bucket: 'quarter', level: 'region' })).toEqual([['EAST', '2026-Q1', '68000.00']]);
    });
  });

  it('changes no figure when a batch is redelivered', async () => {
    const before = await everyFigure();
    expect(await sink.write([...sales, ...late])).toEqual({ rejected: [] });
    expect(await sink.write([...parts, ...org])).toEqual({ rejected: [] });
    await expect(everyFigure()).resolves.toEqual(before);
  });
});
