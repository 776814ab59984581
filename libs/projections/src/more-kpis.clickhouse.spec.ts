/**
 * The KPIs of issue #16 item 4 (DOMAIN.md "Definitions of more KPIs") through the projector's sink
 * and the KPI engine on the embedded ClickHouse engine, each figure worked out by hand: gross profit
 * per vehicle retailed (new and used apart, a return reversing), hours per repair order (internal
 * and PDI left out, reopens within and across periods), discount rate (a cancellation not taking
 * the order out, a row projected before the list price was kept), appointment share (PDI out, split
 * ROs of one visit each counting), parts fill rate (back-orders missing, their late deliveries and
 * returns to stores no requests, a redelivered sale counted once).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateKpi, KpiQuery } from '@app/kpi';
import { ALL_PROJECTIONS } from './all-projections';
import { UniformBranchCalendar } from './business-date';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { closed, cny, envelope, RepairOrderInput, reopened, shanghai } from './workshop/workshop-events.spec-helper';

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai 4S', brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId: 'SH-01' }),
];

// ── gross profit per vehicle retailed: SH-01, January 2026 ──
const delivery = (id: string, condition: 'new' | 'used', on: string, net: string, cost: string): DomainEvent =>
  envelope(
    'VehicleDelivered',
    {
      vehicleSaleId: id,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Lavida',
      condition,
      consultantId: 'E-1',
      customerId: 'C-1',
      invoice: cny(net),
      cost: cny(cost),
    },
    { branchId: 'SH-01', occurredAt: shanghai(on), streamId: `vehicle-sale-${id}` },
  );
const N1 = delivery('N1', 'new', '2026-01-05', '100000.00', '92000.00');
const returnOfN1 = envelope(
  'VehicleReturned',
  {
    vehicleSaleId: 'N1',
    deliveryEventId: N1.eventId,
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    reason: 'defect',
    invoiceReversed: cny('100000.00'),
    costReversed: cny('92000.00'),
  },
  { branchId: 'SH-01', occurredAt: shanghai('2026-01-20'), streamId: 'vehicle-sale-N1' },
);
const vehicles: DomainEvent[] = [
  N1,
  delivery('N2', 'new', '2026-01-10', '120000.00', '111000.00'),
  delivery('N3', 'new', '2026-01-15', '90000.00', '85500.00'),
  returnOfN1,
  delivery('U1', 'used', '2026-01-08', '60000.00', '55000.00'),
  delivery('U2', 'used', '2026-01-12', '45000.00', '44000.00'),
];

// ── discount rate: SH-01, February 2026 ──
const signed = (orderId: string, on: string, list: string, transaction: string, leadId: string | null = null): DomainEvent =>
  envelope(
    'OrderSigned',
    {
      vehicleSaleId: `VS-${orderId}`,
      orderId,
      leadId,
      model: 'Lavida',
      condition: 'new',
      listPrice: cny(list),
      transactionPrice: cny(transaction),
      deposit: cny('5000.00'),
      finance: 'cash',
      consultantId: 'E-1',
      customerId: 'C-1',
    },
    { branchId: 'SH-01', occurredAt: shanghai(on), streamId: `vehicle-sale-VS-${orderId}` },
  );
const orders: DomainEvent[] = [
  signed('O1', '2026-02-03', '120000.00', '110000.00'),
  signed('O2', '2026-02-10', '200000.00', '190000.00'),
  envelope(
    'OrderCancelled',
    { vehicleSaleId: 'VS-O2', orderId: 'O2', reason: 'changed mind' },
    { branchId: 'SH-01', occurredAt: shanghai('2026-02-20'), streamId: 'vehicle-sale-VS-O2' },
  ),
  signed('O3', '2026-02-25', '80000.00', '80000.00'),
];

// ── referrals: SH-01, June to August 2026 ──
const lead = (leadId: string, source: 'referral' | 'walk_in', on: string, referrerCustomerId?: string): DomainEvent => {
  const v1 = envelope(
    'LeadCreated',
    { leadId, source, segment: 'individual', consultantId: 'E-1', modelOfInterest: null, customerId: null },
    { branchId: 'SH-01', occurredAt: shanghai(on), streamId: `lead-${leadId}` },
  );
  // A referrer needs LeadCreated v2 (the helper writes v1 envelopes, upcast on parsing).
  return referrerCustomerId === undefined ? v1 : ({ ...v1, schemaVersion: 2, payload: { ...v1.payload, referrerCustomerId } } as DomainEvent);
};
const referredDelivery = delivery('VS-R', 'new', '2026-07-20', '150000.00', '140000.00');
const referrals: DomainEvent[] = [
  lead('L-R', 'referral', '2026-06-20', 'C-REF'),
  lead('L-W', 'walk_in', '2026-07-01'),
  lead('L-R2', 'referral', '2026-07-02'),
  signed('R', '2026-07-05', '160000.00', '150000.00', 'L-R'),
  signed('W', '2026-07-06', '100000.00', '100000.00', 'L-W'),
  referredDelivery,
  delivery('VS-W', 'new', '2026-07-20', '100000.00', '95000.00'),
  // A sale without an order is no referral sale.
  delivery('VS-X', 'used', '2026-07-21', '80000.00', '76000.00'),
  envelope(
    'VehicleReturned',
    {
      vehicleSaleId: 'VS-R',
      deliveryEventId: referredDelivery.eventId,
      orderId: null,
      vin: 'LSVAU2180N2183294',
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      reason: 'defect',
      invoiceReversed: cny('150000.00'),
      costReversed: cny('140000.00'),
    },
    { branchId: 'SH-01', occurredAt: shanghai('2026-08-03'), streamId: 'vehicle-sale-VS-R' },
  ),
];

// ── hours per repair order: SH-01, March to May 2026 ──
const ro = (
  id: string,
  jobType: RepairOrderInput['jobType'],
  payer: RepairOrderInput['payer'],
  closedOn: string,
  soldHours: string,
  extra: Partial<RepairOrderInput> = {},
): RepairOrderInput => ({
  branchId: 'SH-01',
  repairOrderId: id,
  intakeVisitId: `V-${id}`,
  jobType,
  payer,
  openedAt: shanghai(closedOn, '08:00'),
  closedAt: shanghai(closedOn, '17:00'),
  totals: { mechanical: '100.00', soldHours },
  ...extra,
});
const A = ro('RO-A', 'repair', 'customer', '2026-03-03', '3.00');
const B = ro('RO-B', 'insurance', 'insurance', '2026-03-10', '2.50');
const C = ro('RO-C', 'warranty', 'warranty', '2026-03-15', '0.00');
const P = ro('RO-P', 'pdi', 'internal', '2026-03-16', '1.00');
// RO-D: closed 2 Apr with 2.00 h, reopened 5 Apr, closed again 6 Apr with 2.50 h (all in April).
const D1 = ro('RO-D', 'maintenance', 'customer', '2026-04-02', '2.00');
const D2 = { ...D1, closeSequence: 2, closedAt: shanghai('2026-04-06', '17:00'), totals: { mechanical: '100.00', soldHours: '2.50' } };
// RO-E: closed 28 Apr with 2.00 h, reopened 3 May, closed again 4 May with 1.00 h.
const E1 = ro('RO-E', 'repair', 'customer', '2026-04-28', '2.00');
const E2 = { ...E1, closeSequence: 2, closedAt: shanghai('2026-05-04', '17:00'), totals: { mechanical: '100.00', soldHours: '1.00' } };
const workshop: DomainEvent[] = [
  closed(A),
  closed(B),
  closed(C),
  closed(P),
  closed(D1),
  reopened(D1, shanghai('2026-04-05')),
  closed(D2),
  closed(E1),
  reopened(E1, shanghai('2026-05-03')),
  closed(E2),
];

// ── appointment share: SH-01, April 2026 ──
const opened = (
  id: string,
  visit: string,
  jobType: RepairOrderInput['jobType'],
  payer: RepairOrderInput['payer'],
  appointmentId: string | null,
  advisorId = 'SA-1',
): DomainEvent =>
  envelope(
    'RepairOrderOpened',
    {
      repairOrderId: id,
      intakeVisitId: visit,
      vin: 'LSVAU2180N2183294',
      mileageKm: 12000,
      advisorId,
      jobType,
      payer,
      appointmentId,
      customerId: 'C-1',
      complaint: null,
    },
    { branchId: 'SH-01', occurredAt: shanghai('2026-04-07', '08:30'), streamId: `repair-order-${id}` },
  );
const openings: DomainEvent[] = [
  opened('OP-1', 'VO-1', 'maintenance', 'customer', 'AP-1'),
  // Two ROs split from one visit booked under one appointment: both count.
  opened('OP-2', 'VO-2', 'repair', 'customer', 'AP-2', 'SA-2'),
  opened('OP-3', 'VO-2', 'insurance', 'insurance', 'AP-2', 'SA-2'),
  opened('OP-4', 'VO-4', 'repair', 'customer', null),
  opened('OP-5', 'VO-5', 'warranty', 'warranty', null, 'SA-2'),
  // A PDI RO under an appointment is in neither part.
  opened('OP-6', 'VO-6', 'pdi', 'internal', 'AP-6'),
];

// ── parts fill rate: SH-01, September 2026 ──
const partsOn = (day: string) => ({ branchId: 'SH-01', occurredAt: shanghai(day, '10:00'), streamId: 'parts-stock-SH-01' });
const soldLine = (partNumber: string, genuine: boolean, backOrderId?: string) => ({
  partNumber,
  quantity: '2',
  genuine,
  amount: cny('200.00'),
  cost: cny('120.00'),
  ...(backOrderId === undefined ? {} : { backOrderId }),
});
/** A PartsSold v2 (the helper writes v1 envelopes; a line naming a back-order needs v2). */
const sale = (saleId: string, day: string, lines: ReturnType<typeof soldLine>[]): DomainEvent => {
  const v1 = envelope('PartsSold', { saleId, customerType: 'retail', customerId: null, lines: [soldLine('X', true)] }, partsOn(day));
  return { ...v1, schemaVersion: 2, payload: { saleId, customerType: 'retail', customerId: null, lines } } as DomainEvent;
};
const issue = (lineId: string, day: string, partNumber: string, quantity: string, backOrderId?: string): DomainEvent => {
  const amount = quantity.startsWith('-') ? cny('-200.00') : cny('200.00');
  const cost = quantity.startsWith('-') ? cny('-120.00') : cny('120.00');
  const payload = {
    repairOrderId: 'RO-F1',
    lineId,
    partNumber,
    description: null,
    quantity,
    genuine: true,
    unitPrice: '100.00',
    payer: 'customer' as const,
    amount,
    cost,
  };
  const v1 = envelope('PartsIssuedToRepairOrder', payload, { ...partsOn(day), streamId: 'repair-order-RO-F1' });
  return { ...v1, schemaVersion: 2, payload: { ...payload, ...(backOrderId === undefined ? {} : { backOrderId }) } } as DomainEvent;
};
const firstSale = sale('S1', '2026-09-02', [soldLine('A', true), soldLine('B', false)]);
const partsRequests: DomainEvent[] = [
  firstSale,
  // A counter customer asks for 4 of C; 2 are handed over at once: a miss all the same.
  envelope(
    'PartsBackOrdered',
    {
      backOrderId: 'BO-1',
      channel: 'counter',
      repairOrderId: null,
      customerType: 'retail',
      partNumber: 'C',
      genuine: true,
      quantityRequested: '4',
      quantityServed: '2',
    },
    partsOn('2026-09-03'),
  ),
  // C comes in and is sold against BO-1 (no request of its own); D is served at once.
  sale('S2', '2026-09-10', [soldLine('C', true, 'BO-1'), soldLine('D', true)]),
  issue('P1', '2026-09-04', 'E', '2'),
  envelope(
    'PartsBackOrdered',
    {
      backOrderId: 'BO-2',
      channel: 'workshop',
      repairOrderId: 'RO-F1',
      customerType: null,
      partNumber: 'F',
      genuine: true,
      quantityRequested: '1',
      quantityServed: '0',
    },
    partsOn('2026-09-05'),
  ),
  issue('P2', '2026-09-08', 'F', '1', 'BO-2'),
  // A return to stores is no request.
  issue('P3', '2026-09-09', 'E', '-1'),
  // Redelivered: counted once.
  firstSale,
];

describe('the more KPIs (issue #16 item 4) on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'more-kpis-ch-'));
  let client: EmbeddedClickHouseClient;
  const query = (from: string, to: string, overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from,
    to,
    bucket: 'month',
    level: 'branch',
    branchIds: ['SH-01'],
    currency: 'branch',
    now: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  });
  const points = async (kpiId: string, from: string, to: string, overrides: Partial<KpiQuery> = {}) =>
    (await evaluateKpi(client, kpiId, query(from, to, overrides))).map((p) => [p.period, p.value, p.numerator, p.denominator]);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'more_kpis_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    const sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, {
      calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }),
    });
    expect(await sink.write([...org, ...vehicles, ...orders, ...workshop, ...openings, ...referrals, ...partsRequests])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gross profit per vehicle retailed: new and used apart, a return taking its car and its profit out', async () => {
    // New: (8,000 + 9,000 + 4,500 − 8,000) ÷ (3 − 1) = 6,750.00.
    expect(await points('gross_profit_per_new_vehicle', '2026-01-01', '2026-01-31')).toEqual([['2026-01', '6750.00', '13500.00', '2']]);
    // Used: (5,000 + 1,000) ÷ 2 = 3,000.00.
    expect(await points('gross_profit_per_used_vehicle', '2026-01-01', '2026-01-31')).toEqual([['2026-01', '3000.00', '6000.00', '2']]);
    // The breakdown by new / used of the new KPI holds the new cars only.
    const byCondition = await evaluateKpi(client, 'gross_profit_per_new_vehicle', query('2026-01-01', '2026-01-31', { by: 'vehicle_condition' }));
    expect(byCondition.map((p) => [p.dimensionValue, p.value])).toEqual([['new', '6750.00']]);
  });

  it('discount rate: Σ (list − transaction) ÷ Σ list of the orders signed; a cancellation does not undo one; rows without a list price are in neither part', async () => {
    // (10,000 + 10,000 + 0) ÷ 400,000 = 5.00 %.
    expect(await points('discount_rate', '2026-02-01', '2026-02-28')).toEqual([['2026-02', '5.00', '20000.00', '400000.00']]);
    // A signed order projected before migration 0014 (list_price_net NULL): left out until a rebuild fills it.
    await client.command(`INSERT INTO fact_sales_orders (event_id, event_type, branch_id, business_date, occurred_at, vehicle_sale_id, order_id, lead_id, model,
        vehicle_condition, finance, consultant_id, currency, list_price_net, transaction_price_net, orders_signed, orders_cancelled, cancel_reason, global_position)
      VALUES (generateUUIDv4(), 'OrderSigned', 'SH-01', '2026-02-26', now64(3), 'VS-OLD', 'O-OLD', NULL, 'Lavida', 'new', 'cash', 'E-1', 'CNY', NULL, 150000.00, 1, 0, '', 1)`);
    expect(await points('discount_rate', '2026-02-01', '2026-02-28')).toEqual([['2026-02', '5.00', '20000.00', '400000.00']]);
    expect(await points('orders_signed', '2026-02-01', '2026-02-28')).toEqual([['2026-02', '4', '4', null]]);
  });

  it('appointment share: ROs opened under an appointment ÷ ROs opened; PDI out; split ROs of one visit each count', async () => {
    expect(await points('appointment_share', '2026-04-01', '2026-04-30')).toEqual([['2026-04', '60.00', '3', '5']]);
    // By the advisor who opened the RO: SA-1 1 ÷ 2, SA-2 2 ÷ 3 (the values add up to the whole).
    const byAdvisor = await evaluateKpi(client, 'appointment_share', query('2026-04-01', '2026-04-30', { by: 'advisor' }));
    expect(byAdvisor.map((p) => [p.dimensionValue, p.value, p.numerator, p.denominator])).toEqual([
      ['SA-1', '50.00', '1', '2'],
      ['SA-2', '66.67', '2', '3'],
    ]);
    // Technicians are not known when an RO is opened.
    await expect(evaluateKpi(client, 'appointment_share', query('2026-04-01', '2026-04-30', { by: 'technician' }))).rejects.toThrow(/technician/);
  });

  it('referrals: leads with source referral, and the net vehicle revenue of the sales their orders led to, a return reversing', async () => {
    expect(await points('referral_leads', '2026-06-01', '2026-08-31')).toEqual([
      ['2026-06', '1', '1', null],
      ['2026-07', '1', '1', null],
    ]);
    // July: VS-R only (VS-W came from a walk-in lead, VS-X has no order); August: its return.
    expect(await points('referral_sales', '2026-06-01', '2026-08-31')).toEqual([
      ['2026-07', '150000.00', '150000.00', null],
      ['2026-08', '-150000.00', '-150000.00', null],
    ]);
    // By consultant and model: the order's consultant is credited.
    const byConsultant = await evaluateKpi(client, 'referral_sales', query('2026-07-01', '2026-07-31', { by: 'consultant' }));
    expect(byConsultant.map((p) => [p.dimensionValue, p.value])).toEqual([['E-1', '150000.00']]);
    // By referrer (LeadCreated v2): C-REF referred L-R; L-R2 (a v1 lead) names none.
    const salesByReferrer = await evaluateKpi(client, 'referral_sales', query('2026-07-01', '2026-08-31', { by: 'referrer' }));
    expect(salesByReferrer.map((p) => [p.period, p.dimensionValue, p.value])).toEqual([
      ['2026-07', 'C-REF', '150000.00'],
      ['2026-08', 'C-REF', '-150000.00'],
    ]);
    const leadsByReferrer = await evaluateKpi(client, 'referral_leads', query('2026-06-01', '2026-07-31', { by: 'referrer' }));
    expect(leadsByReferrer.map((p) => [p.period, p.dimensionValue, p.value])).toEqual([
      ['2026-06', 'C-REF', '1'],
      ['2026-07', '', '1'],
    ]);
  });

  it('parts fill rate: lines served in full at the first request ÷ lines requested; a back-order misses even when partly served; late deliveries and returns are no requests', async () => {
    // Served at once: A, B (S1), D (S2), E (RO-F1); requested besides: BO-1, BO-2. 4 ÷ 6.
    expect(await points('parts_fill_rate', '2026-09-01', '2026-09-30')).toEqual([['2026-09', '66.67', '4', '6']]);
    const by = async (dimension: KpiQuery['by']) =>
      (await evaluateKpi(client, 'parts_fill_rate', query('2026-09-01', '2026-09-30', { by: dimension }))).map((p) => [
        p.dimensionValue,
        p.value,
        p.numerator,
        p.denominator,
      ]);
    // Counter 3 ÷ 4 (A, B, D; BO-1), workshop 1 ÷ 2 (E; BO-2): the values add up to the whole.
    expect(await by('parts_channel')).toEqual([
      ['counter', '75.00', '3', '4'],
      ['workshop', '50.00', '1', '2'],
    ]);
    expect(await by('genuine')).toEqual([
      ['genuine', '60.00', '3', '5'],
      ['non_genuine', '100.00', '1', '1'],
    ]); // BI (bi_parts_requests, migration 0021): the same rows, deduplicated, with the region as of the date.
    await expect(
      client.query(
        `SELECT channel, region_id, toString(sum(served_in_full)) AS served, toString(count()) AS requested FROM bi_parts_requests GROUP BY ALL ORDER BY channel`,
      ),
    ).resolves.toEqual([
      { channel: 'counter', region_id: 'EAST', served: '3', requested: '4' },
      { channel: 'workshop', region_id: 'EAST', served: '1', requested: '2' },
    ]);
  });

  it('hours per repair order: customer, insurance and warranty ROs closed in the period; PDI out; a reopen counts the last close', async () => {
    // March: (3.00 + 2.50 + 0.00) ÷ 3 = 1.83 (RO-P, a PDI RO, is in neither part).
    expect(await points('hours_per_repair_order', '2026-03-01', '2026-03-31')).toEqual([['2026-03', '1.83', '5.5', '3']]);
    // April: RO-D once with its last close (2.50 h) and RO-E with its April close (2.00 h): 4.50 ÷ 2 = 2.25.
    // May: RO-E's new close (1.00 h); its reopen reverses an April close, so it is not in May: 1.00 ÷ 1.
    expect(await points('hours_per_repair_order', '2026-04-01', '2026-05-31')).toEqual([
      ['2026-04', '2.25', '4.5', '2'],
      ['2026-05', '1.00', '1', '1'],
    ]);
    // Q2 recomputed at the quarter: RO-D 2.50 h and RO-E once with its last close 1.00 h: 3.50 ÷ 2 = 1.75.
    expect(await points('hours_per_repair_order', '2026-04-01', '2026-06-30', { bucket: 'quarter' })).toEqual([['2026-Q2', '1.75', '3.5', '2']]);
  });
});
