/**
 * The sales and parts KPIs on the embedded ClickHouse engine: the repository's migrations, rows
 * written by the real projection sink, and every query of libs/kpi/src/sales and parts with a
 * worked example computed by hand. Every embedded-engine test of the sales and parts KPIs lives
 * in this one file (chdb binds one data directory per process).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, EventPayloads, EventType, GROUP_WIDE_BRANCH_ID, Money, parseEvent } from '@app/contracts';
import { BranchCalendar, BranchCalendarEntry, ClickHouseProjectionSink, ORG_PROJECTIONS, vehicleSalesProjection } from '@app/projections';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARTS_PROJECTIONS, SALES_PROJECTIONS } from '@app/projections';
import { accessorySales, genuinePartsPurchases, interBranchTransfers, monthEndStock, partsSales } from '../parts';
import { leadConversion, MissingExchangeRateError, salesCollections, salesLeads, salesOrders, salesTestDrives, vehicleSales } from '.';

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
    { vehicleSaleId: id, orderId: null, vin: VIN, model: 'Lavida', condition: 'new', consultantId: 'E-1', customerId: null, invoice: m(net, '0.00', currency), cost: m(cost, '0.00', currency) },
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

const partsLine = (partNumber: string, quantity: string, genuine: boolean, amount: string, cost: string) => ({ partNumber, quantity, genuine, amount: m(amount), cost: m(cost) });

const parts: DomainEvent[] = [
  ev('PartsSold', { saleId: 'S1', customerType: 'retail', customerId: null, lines: [partsLine('06A115561B', '2', true, '1000.00', '600.00'), partsLine('X-1', '1', false, '500.00', '400.00')] }, 'SH-01', sh('2026-01-08')),
  ev('PartsSold', { saleId: 'S2', customerType: 'quick_repair_shop', customerId: 'QR-1', lines: [partsLine('06A115561B', '4', true, '2000.00', '1500.00')] }, 'SH-01', sh('2026-01-09')),
  ev('PartsReceived', { receiptId: 'RC1', supplierId: 'OEM', purchaseOrderRef: null, partNumber: '06A115561B', quantity: '20', genuine: true, cost: m('10000.00') }, 'SH-01', sh('2026-01-04')),
  ev('PartsReceived', { receiptId: 'RC2', supplierId: 'ACME', purchaseOrderRef: null, partNumber: 'X-1', quantity: '10', genuine: false, cost: m('3000.00') }, 'SH-01', sh('2026-01-05')),
  ev('AccessorySold', { accessorySaleId: 'A1', accessoryCode: 'MAT-1', description: 'floor mats', quantity: '1', amount: m('800.00'), cost: m('500.00'), vehicleSaleId: 'VS-1' }, 'SH-01', sh('2026-01-11')),
  snapshot('SH-01', '2026-01', '2026-01-31', ['30000.00', '10000.00', '6000.00', '4000.00']),
  snapshot('SH-01', '2026-02', '2026-02-28', ['31000.00', '11000.00', '6000.00', '4000.00']),
  snapshot('SH-01', '2026-03', '2026-03-31', ['28000.00', '10000.00', '6000.00', '4000.00']),
  snapshot('SH-02', '2026-03', '2026-03-31', ['20000.00', '0.00', '0.00', '0.00']),
  ev('InterBranchTransferDispatched', { transferId: 'T1', fromBranchId: 'SH-01', toBranchId: 'SH-02', lines: [{ partNumber: 'X-1', quantity: '2', value: m('700.00') }], value: m('700.00') }, 'SH-01', sh('2026-01-20')),
  ev('InterBranchTransferReceived', { transferId: 'T1', fromBranchId: 'SH-01', toBranchId: 'SH-02', lines: [{ partNumber: 'X-1', quantity: '2', value: m('700.00') }], value: m('700.00') }, 'SH-02', sh('2026-01-22')),
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
  ev('PartsReturned', { returnId: 'PR1', direction: 'from_customer', originalDocumentId: 'S1', reason: null, lines: [partsLine('06A115561B', '1', true, '500.00', '300.00')] }, 'SH-01', sh('2026-02-03')),
  ev('PartsReturned', { returnId: 'PR2', direction: 'to_supplier', originalDocumentId: 'RC1', reason: null, lines: [partsLine('06A115561B', '2', true, '1000.00', '1000.00')] }, 'SH-01', sh('2026-02-06')),
  snapshot('SH-01', '2026-02', '2026-03-01', ['31500.00', '11000.00', '6000.00', '4000.00']),
];

const JAN_FEB = { fromMonth: '2026-01', toMonth: '2026-02' } as const;
const Q1 = { fromMonth: '2026-01', toMonth: '2026-03' } as const;

describe('sales and parts KPIs on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-sales-parts-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  let januaryBeforeReturn: Awaited<ReturnType<typeof vehicleSales>>;

  const everyFigure = async () => ({
    vehicles: await vehicleSales(client, Q1),
    region: await vehicleSales(client, { ...JAN_FEB, grain: 'region' }),
    consolidated: await vehicleSales(client, { ...JAN_FEB, grain: 'group', groupCurrency: 'CNY' }),
    collections: await salesCollections(client, Q1),
    leads: await salesLeads(client, { ...Q1, by: 'source' }),
    drives: await salesTestDrives(client, Q1),
    orders: await salesOrders(client, Q1),
    conversion: await leadConversion(client, { ...Q1, period: 'quarter' }),
    parts: await partsSales(client, { ...Q1, by: 'customer_type' }),
    purchases: await genuinePartsPurchases(client, Q1),
    accessories: await accessorySales(client, Q1),
    transfers: await interBranchTransfers(client, { ...Q1, grain: 'group' }),
    stock: await monthEndStock(client, { ...Q1, period: 'quarter', grain: 'region' }),
  });

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'sales_parts_kpi_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, vehicleSalesProjection, ...SALES_PROJECTIONS, ...PARTS_PROJECTIONS], { calendar });
    expect(await sink.write([...org, ...sales, ...parts])).toEqual({ rejected: [] });
    januaryBeforeReturn = await vehicleSales(client, { fromMonth: '2026-01', toMonth: '2026-01' });
    expect(await sink.write(late)).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('vehicle sales', () => {
    it('gives units, revenue, the returns line, gross profit and margin per branch and month; a return lands in its own month', async () => {
      const rows = await vehicleSales(client, { ...JAN_FEB, branchIds: ['SH-01', 'SH-02'] });
      expect(rows).toEqual([
        // 100,000 + 200,000 revenue, 90,000 + 170,000 cost: profit 40,000, margin 40,000 / 300,000 = 13.33 %.
        { period: '2026-01', grain_id: 'SH-01', currency: 'CNY', units_delivered: 2, units_returned: 0, net_units: 2, revenue_net: '300000.00', returns_net: '0.00', cost_net: '260000.00', gross_profit: '40000.00', margin: '0.1333' },
        { period: '2026-01', grain_id: 'SH-02', currency: 'CNY', units_delivered: 1, units_returned: 0, net_units: 1, revenue_net: '50000.00', returns_net: '0.00', cost_net: '49000.00', gross_profit: '1000.00', margin: '0.0200' },
        // The return of VS-1 on 5 Feb: −100,000 revenue, −90,000 cost, on its own line as 100,000.
        { period: '2026-02', grain_id: 'SH-01', currency: 'CNY', units_delivered: 0, units_returned: 1, net_units: -1, revenue_net: '-100000.00', returns_net: '100000.00', cost_net: '-90000.00', gross_profit: '-10000.00', margin: '0.1000' },
      ]);
      // January is not rewritten by the February return.
      expect(rows.filter((r) => r.period === '2026-01')).toEqual(januaryBeforeReturn.filter((r) => r.currency === 'CNY'));
    });

    it("gives a region's margin as Σ profit ÷ Σ revenue over its branches, not the mean of branch margins", async () => {
      const rows = await vehicleSales(client, { fromMonth: '2026-01', toMonth: '2026-01', grain: 'region' });
      // EAST: (40,000 + 1,000) / (300,000 + 50,000) = 11.71 %; the mean of 13.33 % and 2 % would be 7.67 %.
      expect(rows.find((r) => r.grain_id === 'EAST')).toMatchObject({ revenue_net: '350000.00', gross_profit: '41000.00', margin: '0.1171' });
    });

    it("converts a EUR branch's January and February sales at each month's own rate", async () => {
      const mad = await vehicleSales(client, { ...JAN_FEB, branchIds: ['MAD-01'], groupCurrency: 'CNY' });
      // 31 Jan 23:30 Madrid: 10,000 × 7.80; 1 Feb 00:30 Madrid: 20,000 × 7.90.
      expect(mad).toMatchObject([
        { period: '2026-01', grain_id: 'MAD-01', currency: 'CNY', revenue_net: '78000.00', cost_net: '62400.00', gross_profit: '15600.00', margin: '0.2000' },
        { period: '2026-02', grain_id: 'MAD-01', currency: 'CNY', revenue_net: '158000.00', cost_net: '118500.00', gross_profit: '39500.00', margin: '0.2500' },
      ]);
      const group = await vehicleSales(client, { ...JAN_FEB, grain: 'group', groupCurrency: 'CNY' });
      expect(group).toMatchObject([
        // 300,000 + 50,000 + 78,000; cost 260,000 + 49,000 + 62,400.
        { period: '2026-01', grain_id: 'group', currency: 'CNY', units_delivered: 4, revenue_net: '428000.00', cost_net: '371400.00', gross_profit: '56600.00', margin: '0.1322' },
        // −100,000 + 158,000; cost −90,000 + 118,500.
        { period: '2026-02', grain_id: 'group', currency: 'CNY', units_delivered: 1, units_returned: 1, revenue_net: '58000.00', cost_net: '28500.00', gross_profit: '29500.00', margin: '0.5086' },
      ]);
      // Without a group currency the EUR money stays EUR, on its own row.
      await expect(vehicleSales(client, { ...JAN_FEB, grain: 'group' })).resolves.toMatchObject([
        { period: '2026-01', currency: 'CNY', revenue_net: '350000.00' },
        { period: '2026-01', currency: 'EUR', revenue_net: '10000.00' },
        { period: '2026-02', currency: 'CNY', revenue_net: '-100000.00' },
        { period: '2026-02', currency: 'EUR', revenue_net: '20000.00' },
      ]);
    });

    it('refuses to consolidate a month without an exchange rate', async () => {
      await expect(vehicleSales(client, { ...Q1, grain: 'group', groupCurrency: 'CNY' })).rejects.toThrow(MissingExchangeRateError);
    });
  });

  describe('the sales funnel and collections', () => {
    it('counts leads by source, test drives, orders signed and cancelled, each in its own month', async () => {
      await expect(salesLeads(client, { ...Q1, by: 'source' })).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: '', dimension: 'online', leads: 1 },
        { period: '2026-01', grain_id: 'SH-01', currency: '', dimension: 'phone', leads: 1 },
        { period: '2026-01', grain_id: 'SH-01', currency: '', dimension: 'walk_in', leads: 1 },
        { period: '2026-02', grain_id: 'SH-01', currency: '', dimension: 'online', leads: 1 },
      ]);
      await expect(salesLeads(client, { ...Q1, period: 'quarter', grain: 'group' })).resolves.toEqual([{ period: '2026-Q1', grain_id: 'group', currency: '', dimension: '', leads: 4 }]);
      // Counts need no exchange rate, even when the caller asks for consolidated money.
      await expect(salesLeads(client, { ...Q1, period: 'quarter', grain: 'group', groupCurrency: 'CNY' })).resolves.toEqual([{ period: '2026-Q1', grain_id: 'group', currency: '', dimension: '', leads: 4 }]);
      await expect(salesTestDrives(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: '', test_drives: 2 },
        { period: '2026-02', grain_id: 'SH-01', currency: '', test_drives: 1 },
      ]);
      // O1 and O5 in January; O2, O3 and O4 in February; O3 cancelled on 1 March.
      await expect(salesOrders(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: '', orders_signed: 2, orders_cancelled: 0 },
        { period: '2026-02', grain_id: 'SH-01', currency: '', orders_signed: 3, orders_cancelled: 0 },
        { period: '2026-03', grain_id: 'SH-01', currency: '', orders_signed: 0, orders_cancelled: 1 },
      ]);
    });

    it('gives lead → order conversion as leads of the period converted within the same period', async () => {
      // January: L1, L2, L3 created; only L1 ordered in January (L2 ordered on 2 Feb). February: L4, ordered twice, counts once.
      await expect(leadConversion(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: '', leads: 3, converted_leads: 1, conversion_rate: '0.3333' },
        { period: '2026-02', grain_id: 'SH-01', currency: '', leads: 1, converted_leads: 1, conversion_rate: '1.0000' },
      ]);
      // The quarter: L1, L2 and L4 of 4 leads.
      await expect(leadConversion(client, { ...Q1, period: 'quarter' })).resolves.toEqual([
        { period: '2026-Q1', grain_id: 'SH-01', currency: '', leads: 4, converted_leads: 3, conversion_rate: '0.7500' },
      ]);
    });

    it('gives collections by kind with refunds negative, never as revenue', async () => {
      await expect(salesCollections(client, Q1)).resolves.toEqual([
        {
          period: '2026-01',
          grain_id: 'SH-01',
          currency: 'CNY',
          deposit_gross: '5000.00',
          balance_gross: '108000.00',
          loan_gross: '60000.00',
          refund_gross: '0.00',
          collections_gross: '173000.00',
          collections_net: '160575.22',
        },
        { period: '2026-03', grain_id: 'SH-01', currency: 'CNY', deposit_gross: '0.00', balance_gross: '0.00', loan_gross: '0.00', refund_gross: '-5000.00', collections_gross: '-5000.00', collections_net: '-5000.00' },
      ]);
    });
  });

  describe('parts', () => {
    it('gives parts counter sales and margin with customer returns on their own date and line', async () => {
      await expect(partsSales(client, Q1)).resolves.toEqual([
        // 1,000 + 500 + 2,000 revenue, 600 + 400 + 1,500 cost: 1,000 profit, 28.57 %.
        { period: '2026-01', grain_id: 'SH-01', currency: 'CNY', dimension: '', revenue_net: '3500.00', genuine_revenue_net: '3000.00', returns_net: '0.00', cost_net: '2500.00', gross_profit: '1000.00', margin: '0.2857' },
        { period: '2026-02', grain_id: 'SH-01', currency: 'CNY', dimension: '', revenue_net: '-500.00', genuine_revenue_net: '-500.00', returns_net: '500.00', cost_net: '-300.00', gross_profit: '-200.00', margin: '0.4000' },
      ]);
      // By customer type: the February return is the retail sale S1's.
      await expect(partsSales(client, { ...Q1, by: 'customer_type' })).resolves.toMatchObject([
        { period: '2026-01', dimension: 'quick_repair_shop', revenue_net: '2000.00', gross_profit: '500.00' },
        { period: '2026-01', dimension: 'retail', revenue_net: '1500.00', gross_profit: '500.00' },
        { period: '2026-02', dimension: 'retail', revenue_net: '-500.00', returns_net: '500.00' },
      ]);
    });

    it('gives genuine-parts purchases net of returns to suppliers, and accessory sales', async () => {
      await expect(genuinePartsPurchases(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: 'CNY', genuine_purchases_net: '10000.00', purchases_net: '13000.00' },
        { period: '2026-02', grain_id: 'SH-01', currency: 'CNY', genuine_purchases_net: '-1000.00', purchases_net: '-1000.00' },
      ]);
      await expect(accessorySales(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: 'CNY', revenue_net: '800.00', cost_net: '500.00', gross_profit: '300.00', margin: '0.3750' },
      ]);
    });

    it('keeps inter-branch transfers out of revenue, with out and in matching at group grain', async () => {
      await expect(interBranchTransfers(client, Q1)).resolves.toEqual([
        { period: '2026-01', grain_id: 'SH-01', currency: 'CNY', transfers_out_net: '700.00', transfers_in_net: '0.00' },
        { period: '2026-01', grain_id: 'SH-02', currency: 'CNY', transfers_out_net: '0.00', transfers_in_net: '700.00' },
      ]);
      await expect(interBranchTransfers(client, { ...Q1, grain: 'group' })).resolves.toEqual([
        { period: '2026-01', grain_id: 'group', currency: 'CNY', transfers_out_net: '700.00', transfers_in_net: '700.00' },
      ]);
    });

    it("gives month-end stock as each month's snapshot, and a quarter's as its last month's, never a sum", async () => {
      const monthly = await monthEndStock(client, { ...Q1, branchIds: ['SH-01'] });
      expect(monthly.map((r) => [r.period, r.stock_value_net, r.aged_0_90_net])).toEqual([
        ['2026-01', '50000.00', '30000.00'],
        // The corrected February snapshot replaced the first one.
        ['2026-02', '52500.00', '31500.00'],
        ['2026-03', '48000.00', '28000.00'],
      ]);
      await expect(monthEndStock(client, { ...Q1, period: 'quarter' })).resolves.toMatchObject([
        { period: '2026-Q1', grain_id: 'SH-01', as_of_month: '2026-03', branches: 1, stock_value_net: '48000.00' },
        { period: '2026-Q1', grain_id: 'SH-02', as_of_month: '2026-03', branches: 1, stock_value_net: '20000.00' },
      ]);
      // The region: 48,000 + 20,000 at the quarter's end, not 50,000 + 52,500 + 48,000 + 20,000.
      await expect(monthEndStock(client, { ...Q1, period: 'quarter', grain: 'region' })).resolves.toEqual([
        {
          period: '2026-Q1',
          grain_id: 'EAST',
          currency: 'CNY',
          as_of_month: '2026-03',
          branches: 2,
          stock_value_net: '68000.00',
          aged_0_90_net: '48000.00',
          aged_91_180_net: '10000.00',
          aged_181_365_net: '6000.00',
          aged_over_365_net: '4000.00',
        },
      ]);
    });
  });

  it('changes no figure when a batch is redelivered', async () => {
    const before = await everyFigure();
    expect(await sink.write([...sales, ...late])).toEqual({ rejected: [] });
    expect(await sink.write([...parts, ...org])).toEqual({ rejected: [] });
    await expect(everyFigure()).resolves.toEqual(before);
  });
});
