/**
 * Customer base KPIs (issue #16 item 4; ADR 25) on the embedded ClickHouse engine, with the
 * catalogue's worked examples: active customer base at each month end, customer retention of a month
 * and visit frequency, computed as distinct customers at every level (a customer served by two
 * branches counts once for the region and the group, never the sum of the branches); a contact on the
 * first day of the 12-month window counts and one a day earlier does not; internal ROs, ROs without a
 * customer and a close reopened inside the window do not count; a returned delivery still does; a
 * redelivered close counts once; lineage with one row per customer adding up to the figure; bi_kpis.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { evaluateKpi, evaluateKpis, KpiQuery, kpiLineage, kpiReport } from '@app/kpi';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from './all-projections';
import { UniformBranchCalendar } from './business-date';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { closed, envelope, reopened, repairOrder, RepairOrderInput, shanghai, vehicleDelivered, vehicleReturned } from './workshop/workshop-events.spec-helper';

const branch = (branchId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId }),
];

/** An RO of `customerId` (null: not identified) opened and closed on `closedOn` at `branchId`. */
const ro = (
  id: string,
  branchId: string,
  customerId: string | null,
  closedOn: string,
  jobType: 'repair' | 'internal' = 'repair',
): [RepairOrderInput, DomainEvent[]] => {
  const input = repairOrder(id, `V-${id}`, jobType, jobType === 'internal' ? 'internal' : 'customer', closedOn, { mechanical: '100.00' }, { branchId });
  const opened = envelope(
    'RepairOrderOpened',
    {
      repairOrderId: id,
      intakeVisitId: input.intakeVisitId,
      vin: 'LSVAU2180N2183294',
      mileageKm: 1000,
      advisorId: 'SA-1',
      jobType,
      payer: input.payer,
      appointmentId: null,
      customerId,
      complaint: null,
    },
    { branchId, occurredAt: input.openedAt, streamId: `repair-order-${id}` },
  );
  return [input, [opened, closed(input)]];
};

/** A delivery to `customerId` on `day` at `branchId`. */
const delivery = (id: string, branchId: string, customerId: string | null, day: string): DomainEvent => {
  const e = vehicleDelivered(branchId, id, shanghai(day, '15:00'));
  if (e.type !== 'VehicleDelivered') throw new Error('not a delivery');
  return { ...e, payload: { ...e.payload, customerId } };
};

const [, r1] = ro('R1', 'SH-01', 'C1', '2026-01-10');
const [, r2] = ro('R2', 'SH-01', 'C1', '2026-02-12');
const [, r3] = ro('R3', 'HZ-01', 'C2', '2026-01-20');
const [, r4] = ro('R4', 'SH-01', 'C4', '2025-02-01'); // the first day of the window at 31 January 2026
const [, r5] = ro('R5', 'SH-01', 'C5', '2025-01-31'); // one day before it
const [, r6] = ro('R6', 'SH-01', 'C6', '2026-01-15', 'internal'); // internal: never a contact
const [, r7] = ro('R7', 'SH-01', 'C7', '2026-02-03'); // a new customer in February
const [r8Input, r8] = ro('R8', 'SH-01', 'C8', '2026-01-25'); // reopened on 28 January, not closed again
const [, r9] = ro('R9', 'SH-01', null, '2026-01-12'); // no customer identified
const d3 = delivery('D3', 'HZ-01', 'C3', '2025-12-15');

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  ...branch('SH-01'),
  ...branch('HZ-01'),
  ...r1,
  ...r2,
  ...r3,
  ...r4,
  ...r5,
  ...r6,
  ...r7,
  ...r8,
  reopened(r8Input, shanghai('2026-01-28', '09:00')),
  ...r9,
  delivery('D1', 'SH-01', 'C2', '2026-01-05'),
  delivery('D2', 'HZ-01', 'C2', '2026-02-20'),
  d3,
  // C3 returns the car on 10 January: the delivery stays a contact.
  vehicleReturned('HZ-01', d3, shanghai('2026-01-10', '10:00')),
  delivery('D4', 'SH-01', null, '2026-01-08'),
];

describe('customer base KPIs on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'customer-base-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  const query = (from: string, to: string, overrides: Partial<KpiQuery> = {}): KpiQuery => ({
    from,
    to,
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    now: new Date('2026-12-01T00:00:00.000Z'),
    ...overrides,
  });
  const points = async (kpiId: string, from: string, to: string, overrides: Partial<KpiQuery> = {}) =>
    (await evaluateKpi(client, kpiId, query(from, to, overrides))).map((p) => [p.unitId, p.period, p.value, p.numerator, p.denominator]);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'customer_base_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, {
      calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }),
    });
    expect(await sink.write(events)).toEqual({ rejected: [] });
    // Redelivered: R1's close and D1 count once.
    expect(await sink.write([r1[1]!, events.find((e) => e.type === 'VehicleDelivered')!])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("active customer base, the catalogue's example: distinct customers in the 12 months up to each month end", async () => {
    expect(await points('active_customer_base', '2026-01-01', '2026-02-28')).toEqual([
      // 31 Jan: C2, C3 (delivered 15 Dec 2025, returned 10 Jan: still a contact) · 28 Feb: the same.
      ['HZ-01', '2026-01', '2', '2', null],
      ['HZ-01', '2026-02', '2', '2', null],
      // 31 Jan: C1, C2, C4 (1 Feb 2025) — not C5 (31 Jan 2025), C6 (internal), C8 (reopened), R9 and D4 (no customer).
      // 28 Feb: C1, C2, C7; C4 has left the window.
      ['SH-01', '2026-01', '3', '3', null],
      ['SH-01', '2026-02', '3', '3', null],
    ]);
  });

  it('counts a customer of two branches once for the region and the group: the distinct count, not the sum of the branches', async () => {
    expect(await points('active_customer_base', '2026-01-01', '2026-02-28', { level: 'region' })).toEqual([
      ['EAST', '2026-01', '4', '4', null],
      ['EAST', '2026-02', '4', '4', null],
    ]);
    expect(await points('active_customer_base', '2026-01-01', '2026-01-31', { level: 'group' })).toEqual([['group', '2026-01', '4', '4', null]]);
    // A quarter (and a year) is the base at its last day, never a sum of months: Q1 cut at 28 February.
    expect(await points('active_customer_base', '2026-01-01', '2026-02-28', { level: 'group', bucket: 'quarter' })).toEqual([
      ['group', '2026-Q1', '4', '4', null],
    ]);
    // By department: sales C2 (D1), C3 (D3); service C1, C2, C4 — C2 in both.
    expect(
      (await evaluateKpi(client, 'active_customer_base', query('2026-01-01', '2026-01-31', { level: 'group', by: 'department' }))).map((p) => [
        p.dimensionValue,
        p.value,
      ]),
    ).toEqual([
      ['sales', '2'],
      ['service', '3'],
    ]);
  });

  it("customer retention, the catalogue's example: active at the start and back during the month", async () => {
    expect(await points('customer_retention', '2026-02-01', '2026-02-28')).toEqual([
      // HZ-01: C2 and C3 active at 31 January; C2 took a delivery on 20 February.
      ['HZ-01', '2026-02', '50.00', '1', '2'],
      // SH-01: C1, C2, C4 active; only C1 came back (R2); C7 is new, in neither set.
      ['SH-01', '2026-02', '33.33', '1', '3'],
    ]);
    // Group: C1 and C2 of C1–C4 (C2 once): 2 ÷ 4, not (1 + 1) ÷ (3 + 2).
    expect(await points('customer_retention', '2026-02-01', '2026-02-28', { level: 'group' })).toEqual([['group', '2026-02', '50.00', '2', '4']]);
  });

  it("visit frequency, the catalogue's example: closed customer ROs in the 12 months ÷ the active base", async () => {
    expect(await points('visit_frequency', '2026-01-01', '2026-02-28')).toEqual([
      ['HZ-01', '2026-01', '0.50', '1', '2'],
      ['HZ-01', '2026-02', '0.50', '1', '2'],
      // 31 Jan: R1, R4 ÷ C1, C2, C4 · 28 Feb: R1, R2, R7 ÷ C1, C2, C7.
      ['SH-01', '2026-01', '0.67', '2', '3'],
      ['SH-01', '2026-02', '1.00', '3', '3'],
    ]);
    expect(await points('visit_frequency', '2026-01-01', '2026-01-31', { level: 'group' })).toEqual([['group', '2026-01', '0.75', '3', '4']]);
  });

  it('answers a 24-month series in one evaluation (every month end), and refuses day and week grains', async () => {
    const series = await evaluateKpis(
      client,
      ['active_customer_base', 'customer_retention', 'visit_frequency'],
      query('2025-01-01', '2026-12-31', { level: 'group' }),
    );
    const base = series.get('active_customer_base')!;
    expect(base.map((p) => p.period)).toEqual([...Array(24).keys()].map((i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`));
    // 31 Jan 2025: C5 alone; 28 Feb 2025: C4, C5.
    expect(base.slice(0, 2).map((p) => p.value)).toEqual(['1', '2']);
    // 31 Dec 2026: the latest contact (D2, 20 Feb 2026) is inside the window; 31 Jan 2027 would not be.
    expect(base[23]?.value).toBe('3');
    await expect(evaluateKpi(client, 'active_customer_base', query('2026-01-01', '2026-01-31', { bucket: 'week' }))).rejects.toThrow(/grain/);
  });

  it('lists one lineage row per customer (with their latest contact) and one per RO, adding up to the figure', async () => {
    const q = query('2026-01-01', '2026-02-28', { level: 'group' });
    const base = await kpiLineage(client, 'active_customer_base', q, { unitId: 'group', periodStart: '2026-01-01' });
    expect(base.sums).toEqual({ numerator: '4', denominator: null });
    expect(base.facts.map((f) => [f.reference, f.branchId, f.businessDate, f.numerator]).sort()).toEqual([
      ['C1', 'SH-01', '2026-01-10', '1'],
      ['C2', 'HZ-01', '2026-01-20', '1'],
      ['C3', 'HZ-01', '2025-12-15', '1'],
      ['C4', 'SH-01', '2025-02-01', '1'],
    ]);
    const retention = await kpiLineage(client, 'customer_retention', q, { unitId: 'group', periodStart: '2026-02-01' });
    expect(retention.sums).toEqual({ numerator: '2', denominator: '4' });
    expect(retention.facts.map((f) => [f.reference, f.numerator, f.denominator]).sort()).toEqual([
      ['C1', '1', '1'],
      ['C2', '1', '1'],
      ['C3', '0', '1'],
      ['C4', '0', '1'],
    ]);
    const frequency = await kpiLineage(client, 'visit_frequency', query('2026-01-01', '2026-01-31'), { unitId: 'SH-01', periodStart: '2026-01-01' });
    expect(frequency.sums).toEqual({ numerator: '2', denominator: '3' });
    expect(frequency.point?.value).toBe('0.67');
    expect(frequency.facts.map((f) => [f.reference, f.numerator, f.denominator]).sort()).toEqual([
      ['C1', '0', '1'],
      ['C2', '0', '1'],
      ['C4', '0', '1'],
      ['R1', '1', '0'],
      ['R4', '1', '0'],
    ]);
  });

  it('BI: bi_kpis lists the three KPIs as distinct counts read from the facts', async () => {
    await expect(
      client.query(
        "SELECT kpi, unit, roll_up, in_rollup FROM bi_kpis WHERE kpi IN ('active_customer_base', 'customer_retention', 'visit_frequency') ORDER BY kpi",
      ),
    ).resolves.toEqual([
      { kpi: 'active_customer_base', unit: 'count', roll_up: 'distinct', in_rollup: 0 },
      { kpi: 'customer_retention', unit: 'percent', roll_up: 'distinct', in_rollup: 0 },
      { kpi: 'visit_frequency', unit: 'per_customer', roll_up: 'distinct', in_rollup: 0 },
    ]);
  });

  it('year to date is the KPI over 1 January to the period end, never months added up', async () => {
    const report = await kpiReport(client, 'customer_retention', { ...query('2026-02-01', '2026-02-28', { level: 'group' }), view: 'restated' });
    // Active at 31 December 2025: C3, C4, C5; none back in January or February → 0 ÷ 3 (months added up would say (0 + 2) ÷ (3 + 4)).
    expect(report.points.map((p) => [p.period, p.value, p.yearToDate?.value])).toEqual([['2026-02', '50.00', '0.00']]);
    const base = await kpiReport(client, 'active_customer_base', { ...query('2026-02-01', '2026-02-28', { level: 'group' }), view: 'restated' });
    expect(base.points.map((p) => [p.period, p.value, p.yearToDate?.value])).toEqual([['2026-02', '4', '4']]);
  });

  it('as closed: a closed month keeps the base it had; a contact recorded after the close restates it beside', async () => {
    // Recorded after the close (the store positions come in the order the events are made).
    const close = envelope(
      'PeriodClosed',
      { period: '2026-01', reason: 'January close' },
      { occurredAt: '2026-02-05T08:00:00.000Z', streamId: 'period-2026-01' },
    );
    const [, late] = ro('R10', 'SH-01', 'C9', '2026-01-30');
    expect(await sink.write([close, ...late])).toEqual({ rejected: [] });
    expect(await points('active_customer_base', '2026-01-01', '2026-01-31', { branchIds: ['SH-01'] })).toEqual([['SH-01', '2026-01', '4', '4', null]]);
    expect(await points('active_customer_base', '2026-01-01', '2026-01-31', { branchIds: ['SH-01'], asClosed: true })).toEqual([
      ['SH-01', '2026-01', '3', '3', null],
    ]);
    const report = await kpiReport(client, 'active_customer_base', { ...query('2026-01-01', '2026-01-31', { branchIds: ['SH-01'] }), view: 'as-closed' });
    expect(report.points.map((p) => [p.value, p.closed?.asClosed.value, p.closed?.restated.value, p.closed?.difference])).toEqual([['3', '3', '4', '1']]);
  });
  it('as closed: a reopen whose close the closed month does not hold cancels no other repair order of the customer', async () => {
    // After the January close (previous test): C11's R11b closed on 29 January is recorded late (January keeps it out as
    // closed), reopened on 12 February; R11a closed on 10 February; then February is closed.
    const [, r11a] = ro('R11a', 'SH-01', 'C11', '2026-02-10');
    const [r11bInput, r11b] = ro('R11b', 'SH-01', 'C11', '2026-01-29');
    const close = envelope(
      'PeriodClosed',
      { period: '2026-02', reason: 'February close' },
      { occurredAt: '2026-03-05T08:00:00.000Z', streamId: 'period-2026-02' },
    );
    expect(await sink.write([...r11a, ...r11b, reopened(r11bInput, shanghai('2026-02-12', '09:00')), close])).toEqual({ rejected: [] });
    const valueOf = async (asClosed: boolean) => (await points('active_customer_base', '2026-02-01', '2026-02-28', { branchIds: ['SH-01'], asClosed }))[0]?.[2];
    const restated = await valueOf(false);
    const asClosed = await valueOf(true);
    // As closed, only C9 (R10, recorded after the January close) is missing: C11 stays by R11a, whatever R11b's lone reopen says.
    expect(Number(asClosed)).toBe(Number(restated) - 1);
  });
});
