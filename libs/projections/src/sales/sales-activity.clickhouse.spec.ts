/**
 * Sales activity against quota (issue #16 item 4) on the embedded ClickHouse engine, with the
 * catalogue's worked example: calls and visits logged, and their attainment of the quota in force
 * (sales_calls_per_day per working day of the branch, sales_visits_per_week spread over the working
 * days of the week), for the consultants assigned to the branch as sales consultants on each day;
 * branch, region and consultant cuts from summed calls and quota; a week cut by the period; a
 * redelivered activity counted once; lineage adding up to the figure.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, EventPayloads } from '@app/contracts';
import { evaluateKpi, KpiQuery, kpiLineage } from '@app/kpi';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { envelope, shanghai } from '../workshop/workshop-events.spec-helper';

const branch = (branchId: string): DomainEvent[] => [
  envelope(
    'BranchOpened',
    { branchId, name: branchId, brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId },
  ),
  envelope('BranchRegionAssigned', { branchId, regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId }),
];
const assigned = (employeeId: string, branchId: string, role: EventPayloads['EmployeeAssigned']['role'], effectiveFrom: string): DomainEvent =>
  envelope('EmployeeAssigned', { employeeId, branchId, department: role === 'service_advisor' ? 'service' : 'sales', role, effectiveFrom }, { branchId });

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  ...branch('SH-01'),
  ...branch('HZ-01'),
  // SH-01 is off on 16 and 17 February (Spring Festival); HZ-01 has no calendar: Monday to Friday.
  envelope(
    'HolidayCalendarSet',
    { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-02-16', '2026-02-17'], extraWorkingDays: [], version: 1 },
    { branchId: 'SH-01' },
  ),
  assigned('E-1', 'SH-01', 'sales_consultant', '2025-01-01'),
  assigned('E-2', 'SH-01', 'sales_consultant', '2026-02-16'),
  assigned('E-3', 'HZ-01', 'sales_consultant', '2025-01-01'),
  assigned('E-4', 'SH-01', 'service_advisor', '2025-01-01'),
  // From Monday 23 February: 25 calls a day and 10 visits a week.
  envelope('KpiSettingChanged', { key: 'sales_calls_per_day', value: '25', effectiveFrom: '2026-02-23' }),
  envelope('KpiSettingChanged', { key: 'sales_visits_per_week', value: '10', effectiveFrom: '2026-02-23' }),
];

let sequence = 0;
const activity = (branchId: string, consultantId: string, kind: 'call' | 'visit', day: string): DomainEvent => {
  sequence += 1;
  const activityId = `ACT-${sequence}`;
  return envelope(
    'SalesActivityLogged',
    { activityId, consultantId, kind, leadId: null, customerId: null, note: null },
    { branchId, occurredAt: shanghai(day, '11:00'), streamId: `sales-activity-${activityId}` },
  );
};
const times = (n: number, make: () => DomainEvent): DomainEvent[] => Array.from({ length: n }, make);

const firstCall = activity('SH-01', 'E-1', 'call', '2026-02-03');
const activities: DomainEvent[] = [
  // E-1: 10 calls on Tuesday 3 February, 5 on Saturday 7 February (a day off counts too): 15.
  firstCall,
  ...times(9, () => activity('SH-01', 'E-1', 'call', '2026-02-03')),
  ...times(5, () => activity('SH-01', 'E-1', 'call', '2026-02-07')),
  // E-2: 4 calls on 18 February.
  ...times(4, () => activity('SH-01', 'E-2', 'call', '2026-02-18')),
  // E-4, a service advisor, logs a call at SH-01: a call logged, but no sales consultant's.
  activity('SH-01', 'E-4', 'call', '2026-02-05'),
  // E-3 at HZ-01: 20 calls on 2 February.
  ...times(20, () => activity('HZ-01', 'E-3', 'call', '2026-02-02')),
  // Visits: E-1 3, E-2 1, E-3 7.
  activity('SH-01', 'E-1', 'visit', '2026-02-04'),
  activity('SH-01', 'E-1', 'visit', '2026-02-11'),
  activity('SH-01', 'E-1', 'visit', '2026-02-25'),
  activity('SH-01', 'E-2', 'visit', '2026-02-19'),
  ...times(7, () => activity('HZ-01', 'E-3', 'visit', '2026-02-12')),
  // March: E-1 2 visits.
  activity('SH-01', 'E-1', 'visit', '2026-03-10'),
  activity('SH-01', 'E-1', 'visit', '2026-03-31'),
];

describe('sales activity against quota on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sales-activity-ch-'));
  let client: EmbeddedClickHouseClient;
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
  const byConsultant = async (kpiId: string, from: string, to: string) =>
    (await evaluateKpi(client, kpiId, query(from, to, { level: 'region', by: 'consultant' }))).map((p) => [
      p.dimensionValue,
      p.value,
      p.numerator,
      p.denominator,
    ]);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'sales_activity_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    const sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, {
      calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }),
    });
    expect(await sink.write([...org, ...activities])).toEqual({ rejected: [] });
    // Redelivered: counted once.
    expect(await sink.write([firstCall])).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts the calls and visits logged, by anyone of the branch, each once', async () => {
    expect(await points('sales_calls', '2026-02-01', '2026-02-28')).toEqual([
      ['HZ-01', '2026-02', '20', '20', null],
      ['SH-01', '2026-02', '20', '20', null],
    ]);
    expect(await points('sales_visits', '2026-02-01', '2026-02-28', { level: 'region' })).toEqual([['EAST', '2026-02', '11', '11', null]]);
  });

  it("call quota attainment, the catalogue's example: working days of the branch's calendar, the setting in force on each day, consultants as assigned", async () => {
    // SH-01: E-1 13 × 30 + 5 × 25 = 515, E-2 (from 16 Feb, 16–17 off) 3 × 30 + 5 × 25 = 215; 19 calls (E-4's is no consultant's).
    // HZ-01: E-3 15 × 30 + 5 × 25 = 575; 20 calls.
    expect(await points('sales_call_quota_attainment', '2026-02-01', '2026-02-28')).toEqual([
      ['HZ-01', '2026-02', '3.48', '20', '575'],
      ['SH-01', '2026-02', '2.60', '19', '730'],
    ]);
    // The region from the sums: 39 ÷ 1,305, not the mean of 3.48 % and 2.60 %.
    expect(await points('sales_call_quota_attainment', '2026-02-01', '2026-02-28', { level: 'region' })).toEqual([['EAST', '2026-02', '2.99', '39', '1305']]);
    // Each consultant their own calls ÷ own quota.
    expect(await byConsultant('sales_call_quota_attainment', '2026-02-01', '2026-02-28')).toEqual([
      ['E-1', '2.91', '15', '515'],
      ['E-2', '1.86', '4', '215'],
      ['E-3', '3.48', '20', '575'],
    ]);
  });

  it('visit quota attainment: the weekly quota in force on the Monday, spread over the working days of the week; a week cut by the period gets its share', async () => {
    // SH-01: E-1 20 + 20 + 20 (3 of 3 working days) + 10 = 70, E-2 20 + 10 = 30; HZ-01: E-3 70.
    expect(await points('sales_visit_quota_attainment', '2026-02-01', '2026-02-28')).toEqual([
      ['HZ-01', '2026-02', '10.00', '7', '70'],
      ['SH-01', '2026-02', '4.00', '4', '100'],
    ]);
    expect(await byConsultant('sales_visit_quota_attainment', '2026-02-01', '2026-02-28')).toEqual([
      ['E-1', '4.29', '3', '70'],
      ['E-2', '3.33', '1', '30'],
      ['E-3', '10.00', '7', '70'],
    ]);
    // March at SH-01: four full weeks at 10 and Monday 30 – Tuesday 31 of the week to 5 April: 10 × 2 ÷ 5 = 4, per consultant.
    expect(await points('sales_visit_quota_attainment', '2026-03-01', '2026-03-31', { branchIds: ['SH-01'] })).toEqual([
      ['SH-01', '2026-03', '2.27', '2', '88'],
    ]);
    // The same weeks by week: the cut week in a week bucket that ends with the period.
    const weeks = await points('sales_visit_quota_attainment', '2026-03-23', '2026-03-31', { branchIds: ['SH-01'], bucket: 'week' });
    expect(weeks.map(([, period, , num, den]) => [period, num, den])).toEqual([
      ['2026-W13', '0', '20'],
      ['2026-W14', '1', '8'],
    ]);
  });

  it('a day bucket carries that day: the daily call quota and the day’s share of the weekly visit quota', async () => {
    const days = await points('sales_call_quota_attainment', '2026-02-20', '2026-02-23', { branchIds: ['SH-01'], bucket: 'day' });
    // Friday 20: two consultants at 30; Saturday and Sunday no quota; Monday 23: two at 25.
    expect(days.map(([, period, , num, den]) => [period, num, den])).toEqual([
      ['2026-02-20', '0', '60'],
      ['2026-02-23', '0', '50'],
    ]);
    // Friday 20, in a week of 3 working days: 20 ÷ 3 each (truncated to 4 decimals); Monday 23: 10 ÷ 5 each.
    const visitDays = await points('sales_visit_quota_attainment', '2026-02-20', '2026-02-23', { branchIds: ['SH-01'], bucket: 'day' });
    expect(visitDays.map(([, period, , num, den]) => [period, num, den])).toEqual([
      ['2026-02-20', '0', '13.3332'],
      ['2026-02-23', '0', '4'],
    ]);
  });

  it('BI: bi_sales_activities has each activity once, with its region and whether its consultant counts for the quota', async () => {
    await expect(
      client.query(
        "SELECT region_id, kind, count() AS n, sum(consultant_in_branch) AS counted FROM bi_sales_activities WHERE month = '2026-02-01' GROUP BY region_id, kind ORDER BY kind",
      ),
    ).resolves.toEqual([
      { region_id: 'EAST', kind: 'call', n: '40', counted: '39' },
      { region_id: 'EAST', kind: 'visit', n: '11', counted: '11' },
    ]);
  });

  it('shows the facts behind a figure: the calls and the consultant days, adding up to it', async () => {
    const q = query('2026-02-01', '2026-02-28', { branchIds: ['SH-01'] });
    const lineage = await kpiLineage(client, 'sales_call_quota_attainment', q, { unitId: 'SH-01', periodStart: '2026-02-01' }, 1, 500);
    expect(lineage.sums).toEqual({ numerator: '19', denominator: '730' });
    // 19 calls and 26 consultant days (E-1 18, E-2 8).
    expect(lineage.total).toBe(19 + 26);
    const sum = (part: 'numerator' | 'denominator') => lineage.facts.reduce((s, f) => s + Number(f[part] ?? 0), 0);
    expect([sum('numerator'), sum('denominator')]).toEqual([19, 730]);
  });
});
