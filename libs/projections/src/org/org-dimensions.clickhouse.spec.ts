/**
 * The org tables and views on the embedded ClickHouse engine: the repository's migrations, rows
 * written by the real projection sink, and the as-of queries the KPI projections build on.
 * Every embedded-engine test of the org projections lives in this one file (chdb binds one data
 * directory per process).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, VehicleDeliveredV1 } from '@app/contracts';
import { KPI_SETTINGS } from '@app/org';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BranchCalendar, BranchCalendarEntry } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { ORG_PROJECTIONS } from './org-dimensions.projection';
import { envelope } from './org-events.spec-helper';

const ENTRIES: Record<string, BranchCalendarEntry> = {
  'SH-01': { timeZone: 'Asia/Shanghai', cutoffMinutes: 240 },
  'MAD-01': { timeZone: 'Europe/Madrid', cutoffMinutes: 0 },
};
const calendar: BranchCalendar = {
  entryFor: (branchId) => {
    const entry = ENTRIES[branchId];
    if (!entry) throw new Error(`no calendar for ${branchId}`);
    return entry;
  },
};

function delivered(branchId: string, occurredAt: string, net: string, currency = 'CNY'): DomainEvent {
  const payload: VehicleDeliveredV1 = {
    vehicleSaleId: `VS-${branchId}-${occurredAt}`,
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    customerId: null,
    invoice: { currency, net, tax: '0.00', gross: net },
    cost: { currency, net: '0.00', tax: '0.00', gross: '0.00' },
  };
  return envelope('VehicleDelivered', payload, { branchId, occurredAt });
}

const cell = {
  kpi: 'service_revenue',
  periodKind: 'month',
  period: '2026-03',
  grain: 'branch',
  grainId: 'SH-01',
  model: null,
  segment: null,
  kind: 'quota',
} as const;

const events: DomainEvent[] = [
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai Pudong', brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 240, openedOn: '2025-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'BranchOpened',
    { branchId: 'MAD-01', name: 'Madrid Norte', brands: ['SEAT'], currency: 'EUR', timeZone: 'Europe/Madrid', cutoffMinutes: 0, openedOn: '2025-01-01' },
    { branchId: 'MAD-01' },
  ),
  envelope('BranchClosed', { branchId: 'MAD-01', closedOn: '2026-12-31', reason: 'lease ends' }, { branchId: 'MAD-01' }),
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'SOUTH', name: 'South China' }),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-01-01' }, { branchId: 'SH-01' }),
  // The branch moves on the 15th.
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'SOUTH', effectiveFrom: '2026-03-15' }, { branchId: 'SH-01' }),
  envelope(
    'EmployeeAssigned',
    { employeeId: 'E-1', branchId: 'SH-01', department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'EmployeeAssigned',
    { employeeId: 'E-1', branchId: 'MAD-01', department: 'sales', role: 'manager', effectiveFrom: '2026-04-01' },
    { branchId: 'MAD-01' },
  ),
  envelope('TargetSet', { ...cell, value: '1500000.00', unit: 'CNY', version: 1 }, { branchId: 'SH-01', occurredAt: '2026-01-05T02:00:00.000Z' }),
  envelope(
    'TargetRevised',
    { ...cell, value: '1400000.00', unit: 'CNY', version: 2, supersedesVersion: 1, reason: 'mid-year review' },
    { branchId: 'SH-01', occurredAt: '2026-03-20T02:00:00.000Z' },
  ),
  envelope(
    'TargetSet',
    { ...cell, kind: 'stretch', value: '1800000.00', unit: 'CNY', version: 1 },
    { branchId: 'SH-01', occurredAt: '2026-01-05T02:00:00.000Z' },
  ),
  envelope('ExchangeRateSet', { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.80000000', version: 1 }),
  envelope('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.85', version: 1 }),
  envelope('ExchangeRateSet', { month: '2026-02', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.9', version: 2 }),
  envelope('HolidayCalendarSet', { scope: 'group', scopeId: 'group', year: 2026, holidays: ['2026-01-01'], extraWorkingDays: [], version: 1 }),
  envelope(
    'HolidayCalendarSet',
    { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-02-16', '2026-02-17'], extraWorkingDays: ['2026-02-14'], version: 1 },
    { branchId: 'SH-01' },
  ),
  envelope(
    'HolidayCalendarSet',
    { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-02-17'], extraWorkingDays: ['2026-02-14'], version: 2 },
    { branchId: 'SH-01' },
  ),
  envelope('KpiSettingChanged', { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' }),
  // SH-01 (04:00 cut-off): 14 Mar 12:00 local; 15 Mar 00:30 local = business day 14 Mar; 15 Mar 10:00 local.
  delivered('SH-01', '2026-03-14T04:00:00.000Z', '100.00'),
  delivered('SH-01', '2026-03-14T16:30:00.000Z', '200.00'),
  delivered('SH-01', '2026-03-15T02:00:00.000Z', '400.00'),
  // MAD-01 (CET, UTC+1): 31 Jan 23:30 local, then 1 Feb 00:30 local.
  delivered('MAD-01', '2026-01-31T22:30:00.000Z', '10000.00', 'EUR'),
  delivered('MAD-01', '2026-01-31T23:30:00.000Z', '20000.00', 'EUR'),
];

describe('org dimensions on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-org-ch-'));
  let client: EmbeddedClickHouseClient;

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'org_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    const sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, vehicleSalesProjection], { calendar });
    expect(await sink.write(events)).toEqual({ rejected: [] });
    // Redelivery (at-least-once) changes nothing: every table collapses on its key.
    await sink.write(events);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the branch → region dimension with validity ranges', async () => {
    await expect(client.query('SELECT branch_id, region_id, valid_from, valid_to FROM dim_branch_region ORDER BY valid_from')).resolves.toEqual([
      { branch_id: 'SH-01', region_id: 'EAST', valid_from: '2026-01-01', valid_to: '2026-03-15' },
      { branch_id: 'SH-01', region_id: 'SOUTH', valid_from: '2026-03-15', valid_to: null },
    ]);
  });

  it('attributes figures before the move on the 15th to the old region and from then on to the new one (as-of the business date)', async () => {
    const rows = await client.query(
      `SELECT f.business_date AS business_date, a.region_id AS region_id, sum(f.revenue_net) AS revenue
         FROM fact_vehicle_sales AS f FINAL
         ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
           ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from
        WHERE f.branch_id = 'SH-01'
        GROUP BY business_date, region_id
        ORDER BY business_date`,
    );
    // 00:30 on the 15th with a 04:00 cut-off is business day 14: still the old region.
    expect(rows).toEqual([
      { business_date: '2026-03-14', region_id: 'EAST', revenue: '300.00' },
      { business_date: '2026-03-15', region_id: 'SOUTH', revenue: '400.00' },
    ]);
    const byRegion = await client.query(
      `SELECT r.region_id AS region_id, r.valid_from AS valid_from, sum(f.revenue_net) AS revenue
         FROM fact_vehicle_sales AS f FINAL
         INNER JOIN dim_branch_region AS r ON f.branch_id = r.branch_id
        WHERE f.business_date >= r.valid_from AND (r.valid_to IS NULL OR f.business_date < r.valid_to)
        GROUP BY region_id, valid_from
        ORDER BY region_id`,
    );
    expect(byRegion).toEqual([
      { region_id: 'EAST', valid_from: '2026-01-01', revenue: '300.00' },
      { region_id: 'SOUTH', valid_from: '2026-03-15', revenue: '400.00' },
    ]);
  });

  it('gives branches with their validity and regions with their names', async () => {
    await expect(
      client.query('SELECT branch_id, currency, time_zone, cutoff_minutes, valid_from, closed_on, valid_to FROM dim_branch ORDER BY branch_id'),
    ).resolves.toEqual([
      {
        branch_id: 'MAD-01',
        currency: 'EUR',
        time_zone: 'Europe/Madrid',
        cutoff_minutes: 0,
        valid_from: '2025-01-01',
        closed_on: '2026-12-31',
        valid_to: '2027-01-01',
      },
      { branch_id: 'SH-01', currency: 'CNY', time_zone: 'Asia/Shanghai', cutoff_minutes: 240, valid_from: '2025-01-01', closed_on: null, valid_to: null },
    ]);
    await expect(client.query('SELECT region_id, name FROM dim_region ORDER BY region_id')).resolves.toEqual([
      { region_id: 'EAST', name: 'East China' },
      { region_id: 'SOUTH', name: 'South China' },
    ]);
  });

  it('gives employees with validity ranges', async () => {
    await expect(client.query('SELECT employee_id, branch_id, role, valid_from, valid_to FROM dim_employee ORDER BY valid_from')).resolves.toEqual([
      { employee_id: 'E-1', branch_id: 'SH-01', role: 'sales_consultant', valid_from: '2026-01-01', valid_to: '2026-04-01' },
      { employee_id: 'E-1', branch_id: 'MAD-01', role: 'manager', valid_from: '2026-04-01', valid_to: null },
    ]);
  });

  it('keeps every target version and reports the revised one with its version; the version in force at an earlier instant too', async () => {
    await expect(client.query("SELECT version, supersedes_version, value FROM org_targets FINAL WHERE kind = 'quota' ORDER BY version")).resolves.toEqual([
      { version: 1, supersedes_version: null, value: '1500000.000000' },
      { version: 2, supersedes_version: 1, value: '1400000.000000' },
    ]);
    await expect(client.query('SELECT kind, version, value, unit, reason, period_start, period_end FROM dim_target ORDER BY kind')).resolves.toEqual([
      { kind: 'quota', version: 2, value: '1400000.000000', unit: 'CNY', reason: 'mid-year review', period_start: '2026-03-01', period_end: '2026-03-31' },
      { kind: 'stretch', version: 1, value: '1800000.000000', unit: 'CNY', reason: '', period_start: '2026-03-01', period_end: '2026-03-31' },
    ]);
    await expect(client.query("SELECT kind, version, value FROM dim_target_as_of(as_of = '2026-03-01 00:00:00') ORDER BY kind")).resolves.toEqual([
      { kind: 'quota', version: 1, value: '1500000.000000' },
      { kind: 'stretch', version: 1, value: '1800000.000000' },
    ]);
  });

  it("converts each month's money at that month's latest rate across the month boundary", async () => {
    await expect(client.query('SELECT month, rate, version FROM dim_exchange_rate ORDER BY month')).resolves.toEqual([
      { month: '2026-01-01', rate: '7.80000000', version: 1 },
      { month: '2026-02-01', rate: '7.90000000', version: 2 },
    ]);
    const rows = await client.query(
      `SELECT f.business_date AS business_date, f.revenue_net AS net, r.rate AS rate,
              toDecimal128(round(CAST(f.revenue_net AS Decimal(38, 2)) * r.rate, 2), 2) AS net_cny
         FROM fact_vehicle_sales AS f FINAL
         INNER JOIN dim_exchange_rate AS r
           ON r.from_currency = f.currency AND r.month = toStartOfMonth(f.business_date) AND r.to_currency = 'CNY'
        WHERE f.branch_id = 'MAD-01'
        ORDER BY business_date`,
    );
    expect(rows).toEqual([
      { business_date: '2026-01-31', net: '10000.00', rate: '7.80000000', net_cny: '78000.00' },
      { business_date: '2026-02-01', net: '20000.00', rate: '7.90000000', net_cny: '158000.00' },
    ]);
  });

  it('gives the days of the calendars in force', async () => {
    await expect(client.query('SELECT scope, scope_id, version, date, day_kind FROM dim_holiday_calendar ORDER BY scope, date')).resolves.toEqual([
      { scope: 'branch', scope_id: 'SH-01', version: 2, date: '2026-02-14', day_kind: 'working_day' },
      { scope: 'branch', scope_id: 'SH-01', version: 2, date: '2026-02-17', day_kind: 'holiday' },
      { scope: 'group', scope_id: 'group', version: 1, date: '2026-01-01', day_kind: 'holiday' },
    ]);
  });

  it("keeps each branch's time zone and cut-off", async () => {
    const rows = await client.query(`SELECT branch_id, time_zone, cutoff_minutes FROM org_branches FINAL ORDER BY branch_id`);
    expect(rows).toEqual([
      { branch_id: 'MAD-01', time_zone: 'Europe/Madrid', cutoff_minutes: 0 },
      { branch_id: 'SH-01', time_zone: 'Asia/Shanghai', cutoff_minutes: 240 },
    ]);
  });

  it('gives every KPI setting its default until head office changes it', async () => {
    const inForce = (date: string) =>
      client.query<{ key: string; value: string }>(
        'SELECT key, value FROM dim_kpi_setting WHERE valid_from <= {d:Date} AND (valid_to IS NULL OR {d:Date} < valid_to) ORDER BY key',
        { d: date },
      );
    const defaults = Object.entries(KPI_SETTINGS)
      .map(([key, s]) => ({ key, value: s.defaultValue }))
      .sort((a, b) => a.key.localeCompare(b.key));
    await expect(inForce('2026-06-30')).resolves.toEqual(defaults);
    await expect(inForce('2026-07-01')).resolves.toEqual(defaults.map((d) => (d.key === 'rework_window_days' ? { ...d, value: '45' } : d)));
  });
});
