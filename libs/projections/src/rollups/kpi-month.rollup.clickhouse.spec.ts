/**
 * rollup_kpi_month on the embedded ClickHouse engine: the projector records the months a batch
 * touched (rollup_kpi_pending), refreshPendingKpiMonths recomputes them with the engine's own SQL,
 * and the roll-up stays exactly what a full recompute yields under redelivery, region moves,
 * period closes and late facts. Plus the pure range helpers and the refresher's rounds.
 */
import {
  ClickHouseClient,
  ClickHouseSettings,
  EmbeddedClickHouseClient,
  InsertOptions,
  MIGRATIONS_DIR,
  QueryParams,
  runClickHouseMigrations,
} from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLLUP_KPI_MONTH } from '@app/kpi';
import { ALL_PROJECTIONS } from '../all-projections';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { closed, comeback, envelope, RepairOrderInput, serviceSurvey, shanghai, vehicleDelivered } from '../workshop/workshop-events.spec-helper';
import {
  KpiRollupRefresher,
  kpiMonthRollup,
  coverRanges,
  MonthRange,
  recomputeStaleRollups,
  refreshPendingKpiMonths,
  ROLLUP_KPI_PENDING,
  touchedMonthRanges,
} from '.';

const FIXTURES = join(__dirname, '..', '..', '..', 'contracts', 'fixtures');
const END_OF_TIME = '2149-01-01';
const FRESH = 'kpi_month_fresh';

const RO = (
  branchId: string,
  id: string,
  visit: string,
  closedOn: string,
  totals: RepairOrderInput['totals'],
  extra: Partial<RepairOrderInput> = {},
): RepairOrderInput => ({
  branchId,
  repairOrderId: id,
  intakeVisitId: visit,
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai(closedOn, '08:00'),
  closedAt: shanghai(closedOn, '17:00'),
  totals,
  ...extra,
});
const overall = (answer: string, min: string, max: string, weight = '1') => ({ questionId: 'overall', answer, min, max, weight, overall: true });

// DOMAIN.md's worked example (SH-01, January 2026), as in kpi-engine.clickhouse.spec.ts.
const RO1 = RO('SH-01', 'RO-1', 'V1', '2026-01-04', { mechanical: '600.00', parts: '400.00' });
const RO2 = { ...RO('SH-01', 'RO-2', 'V2', '2026-01-12', { body: '1000.00', parts: '500.00' }), jobType: 'insurance', payer: 'insurance' } as const;
const RO3 = { ...RO('SH-01', 'RO-3', 'V2', '2026-01-14', { body: '500.00' }), jobType: 'body_paint' } as const;
const RO5 = RO('SH-01', 'RO-5', 'V3', '2026-01-21', {}, { comebackOf: 'RO-1' });

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'NORTH', name: 'North China' }),
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai 4S', brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope(
    'BranchOpened',
    { branchId: 'BJ-01', name: 'Beijing 4S', brands: ['Audi'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-06-01' },
    { branchId: 'BJ-01' },
  ),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId: 'SH-01' }),
  envelope('BranchRegionAssigned', { branchId: 'BJ-01', regionId: 'NORTH', effectiveFrom: '2025-06-01' }, { branchId: 'BJ-01' }),
];

const batch: DomainEvent[] = [
  closed(RO1),
  closed(RO2),
  closed(RO3),
  comeback({ branchId: 'SH-01', repairOrderId: 'RO-5', openedAt: RO5.openedAt }, RO1),
  closed(RO5),
  serviceSurvey('S-1', RO1, shanghai('2026-01-25'), [overall('8', '0', '10')]),
  closed(RO('SH-01', 'RO-D', 'VD', '2025-12-10', { mechanical: '2000.00' })),
  closed(RO('SH-01', 'RO-F', 'VF', '2026-02-10', { mechanical: '700.00' })),
  closed(RO('BJ-01', 'BJ-A', 'VB1', '2026-01-08', { mechanical: '300.00' })),
  closed(RO('BJ-01', 'BJ-B', 'VB2', '2026-01-09', { mechanical: '200.00' })),
  vehicleDelivered('SH-01', 'VS-1', shanghai('2026-01-20')),
  vehicleDelivered('BJ-01', 'VS-2', shanghai('2026-02-03')),
];

/** The published StockSnapshotTaken fixture as a new event of a branch, month and recording time. */
function stockSnapshot(branchId: string, month: string, occurredAt: string): DomainEvent {
  const raw = JSON.parse(readFileSync(join(FIXTURES, 'parts', 'StockSnapshotTaken.v1.json'), 'utf8')) as { payload: object };
  return envelope('StockSnapshotTaken', { ...(raw.payload as { month: string }), month } as never, {
    branchId,
    occurredAt,
    streamId: `parts-stock-${branchId}`,
  });
}

interface RollupRow {
  readonly kpi: string;
  readonly view: string;
  readonly branch_id: string;
  readonly month: string;
  readonly region_id: string;
  readonly currency: string;
  readonly num: string;
  readonly den: string;
}

describe('rollup_kpi_month on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-month-rollup-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;

  const rows = (table: string, where = '1') =>
    client.query<RollupRow>(
      `SELECT kpi, view, branch_id, toString(month) AS month, region_id, currency, toString(num) AS num, toString(den) AS den
         FROM ${table} FINAL WHERE ${where} ORDER BY kpi, view, branch_id, month, region_id, currency`,
    );
  const rolled = (where?: string) => rows(ROLLUP_KPI_MONTH, where);
  /** Every key computed afresh from the facts (kpiMonthRollup.fill into a scratch table). */
  const fresh = async () => {
    await client.command(`TRUNCATE TABLE ${FRESH}`);
    await kpiMonthRollup.fill(client, FRESH);
    return rows(FRESH);
  };
  const expectExact = async () => {
    const live = await rolled();
    expect(live.length).toBeGreaterThan(0);
    expect(live).toEqual(await fresh());
  };
  const pending = () =>
    client.query<{ month_from: string; month_to: string; branches: string[] }>(
      `SELECT toString(month_from) AS month_from, toString(month_to) AS month_to, branches FROM ${ROLLUP_KPI_PENDING} FINAL ORDER BY month_from, month_to, toString(branches)`,
    );
  const pendingCount = async () => Number((await client.query<{ n: string }>(`SELECT count() AS n FROM ${ROLLUP_KPI_PENDING} FINAL`))[0]?.n);
  const maxVersion = async () => (await client.query<{ v: string }>(`SELECT toString(max(version)) AS v FROM ${ROLLUP_KPI_MONTH}`))[0]?.v;
  const write = async (events: readonly DomainEvent[]) => expect(await sink.write(events)).toEqual({ rejected: [] });
  const figure = (r: readonly RollupRow[], kpi: string, view: string, branch: string, month: string) =>
    r.filter((x) => x.kpi === kpi && x.view === view && x.branch_id === branch && x.month === month).map((x) => [x.region_id, x.num, x.den]);
  /** Σ num and Σ den over regions, per KPI, view and currency, of one branch and month. */
  const totals = (branch: string, month: string) =>
    client.query<{ kpi: string; view: string; currency: string; num: string; den: string }>(
      `SELECT kpi, view, currency, toString(sum(num)) AS num, toString(sum(den)) AS den FROM ${ROLLUP_KPI_MONTH} FINAL
        WHERE branch_id = {branch:String} AND month = {month:Date} GROUP BY kpi, view, currency ORDER BY kpi, view, currency`,
      { branch, month },
    );

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'kpi_month_rollup_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    await client.command(`CREATE TABLE ${FRESH} AS ${ROLLUP_KPI_MONTH}`);
    sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) }, [
      kpiMonthRollup,
    ]);
    expect(await recomputeStaleRollups(client, [kpiMonthRollup])).toEqual([ROLLUP_KPI_MONTH]);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a batch and a refresh, holds exactly what a full recompute from the facts yields', async () => {
    await write([...org, ...batch]);
    expect(await pendingCount()).toBeGreaterThan(0);
    await refreshPendingKpiMonths(client);
    expect(await pendingCount()).toBe(0);
    await expectExact();
    const live = await rolled();
    expect(figure(live, 'service_revenue', 'restated', 'SH-01', '2026-01-01')).toEqual([['EAST', '3000', '0']]);
    expect(figure(live, 'rework_rate', 'restated', 'SH-01', '2026-01-01')).toEqual([['EAST', '1', '4']]);
    expect(figure(live, 'service_revenue', 'as_closed', 'BJ-01', '2026-01-01')).toEqual([['NORTH', '500', '0']]);
  });

  it('redelivering the same batch (whole or in part) changes no num or den', async () => {
    const before = await rolled();
    const versionBefore = await maxVersion();
    await write([...org, ...batch]);
    await refreshPendingKpiMonths(client);
    await write(batch.slice(2, 6));
    await refreshPendingKpiMonths(client);
    expect(await maxVersion()).not.toBe(versionBefore); // recomputed, not skipped
    expect(await rolled()).toEqual(before);
    await expectExact();
  });

  it('records pending ranges with each batch, marks them done only after a recompute, and a second refresh is a no-op', async () => {
    expect(await pendingCount()).toBe(0);
    await write([
      closed(RO('SH-01', 'RO-M1', 'VM1', '2026-03-05', { mechanical: '100.00' })),
      closed(RO('BJ-01', 'BJ-M1', 'VBM1', '2026-03-06', { mechanical: '110.00' })),
      closed(RO('SH-01', 'RO-A1', 'VA1', '2026-04-02', { mechanical: '120.00' })),
    ]);
    expect(await pending()).toEqual([
      { month_from: '2026-03-01', month_to: '2026-04-01', branches: ['BJ-01', 'SH-01'] },
      { month_from: '2026-04-01', month_to: '2026-05-01', branches: ['SH-01'] },
    ]);

    // ClickHouse fails during the recompute: the ranges stay pending, nothing of March is written.
    const failing: ClickHouseClient = {
      driver: client.driver,
      database: client.database,
      query: <T extends object>(sql: string, params?: QueryParams, settings?: ClickHouseSettings) => client.query<T>(sql, params, settings),
      command: () => Promise.reject(new Error('ClickHouse is unavailable')),
      insert: <T extends object>(table: string, rows: readonly T[], options?: InsertOptions) => client.insert(table, rows, options),
      ping: () => Promise.resolve(false),
      close: () => Promise.resolve(),
    };
    await expect(refreshPendingKpiMonths(failing)).rejects.toThrow('ClickHouse is unavailable');
    expect(await pendingCount()).toBe(2);
    expect(await rolled(`month >= '2026-03-01'`)).toEqual([]);

    expect(await refreshPendingKpiMonths(client)).toMatchObject({ pending: 2 });
    expect(await pendingCount()).toBe(0);
    const live = await rolled();
    expect(figure(live, 'service_revenue', 'restated', 'BJ-01', '2026-03-01')).toEqual([['NORTH', '110', '0']]);
    expect(figure(live, 'service_revenue', 'restated', 'SH-01', '2026-04-01')).toEqual([['EAST', '120', '0']]);

    const versionBefore = await maxVersion();
    expect(await refreshPendingKpiMonths(client)).toMatchObject({ pending: 0 });
    expect(await maxVersion()).toBe(versionBefore);
    expect(await rolled()).toEqual(live);
    await expectExact();
  });

  it("a region move in the middle of a rolled-up month splits the branch's month and deletes the keys it no longer yields", async () => {
    const janBefore = await totals('SH-01', '2026-01-01');
    const febBefore = await rolled(`branch_id = 'SH-01' AND month = '2026-02-01'`);
    expect(new Set(febBefore.map((r) => r.region_id))).toEqual(new Set(['EAST']));

    await write([envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'NORTH', effectiveFrom: '2026-01-15' }, { branchId: 'SH-01' })]);
    expect(await pending()).toEqual([{ month_from: '2026-01-01', month_to: END_OF_TIME, branches: ['SH-01'] }]);
    await refreshPendingKpiMonths(client);

    const live = await rolled();
    // RO-1 (4th), RO-2 (12th), RO-3 (14th) closed in East; RO-5 (21st) in North.
    expect(figure(live, 'service_revenue', 'restated', 'SH-01', '2026-01-01')).toEqual([
      ['EAST', '3000', '0'],
      ['NORTH', '0', '0'],
    ]);
    expect(figure(live, 'vehicle_intakes', 'restated', 'SH-01', '2026-01-01')).toEqual([
      ['EAST', '2', '0'],
      ['NORTH', '1', '0'],
    ]);
    // The two regions add up to the branch's month as it was.
    expect(await totals('SH-01', '2026-01-01')).toEqual(janBefore);
    // February moved to North whole: its East keys are deleted at the recompute's version.
    expect(await rolled(`branch_id = 'SH-01' AND month = '2026-02-01'`)).toEqual(febBefore.map((r) => ({ ...r, region_id: 'NORTH' })));
    const east = await client.query<{ deleted: number | string }>(
      `SELECT argMax(is_deleted, version) AS deleted FROM ${ROLLUP_KPI_MONTH} WHERE branch_id = 'SH-01' AND month = '2026-02-01' AND region_id = 'EAST' GROUP BY kpi, view, currency`,
    );
    expect(east).toHaveLength(febBefore.length);
    expect(east.every((r) => Number(r.deleted) === 1)).toBe(true);
    // December, before the move, stays East.
    expect(figure(live, 'service_revenue', 'restated', 'SH-01', '2025-12-01')).toEqual([['EAST', '2000', '0']]);
    await expectExact();
  });

  it('after a period close, a late fact changes the restated view only', async () => {
    await write([
      envelope('PeriodClosed', { period: '2026-01', reason: 'January close' }, { occurredAt: '2026-02-05T08:00:00.000Z', streamId: 'period-2026-01' }),
    ]);
    expect(await pending()).toEqual([{ month_from: '2026-01-01', month_to: '2026-02-01', branches: [] }]);
    await refreshPendingKpiMonths(client);
    const closedJan = await rolled(`month = '2026-01-01'`);
    const view = (r: readonly RollupRow[], v: string) => r.filter((x) => x.view === v).map(({ view: _view, ...rest }) => rest);
    expect(view(closedJan, 'as_closed')).toEqual(view(closedJan, 'restated'));

    await write([
      serviceSurvey('S-2', RO2, shanghai('2026-02-09'), [overall('5', '1', '5', '2')]),
      // A comeback of RO-2 opened 12 days after its close, registered after the close.
      comeback({ branchId: 'SH-01', repairOrderId: 'RO-6', openedAt: shanghai('2026-01-24', '09:00'), registeredAt: shanghai('2026-02-10') }, RO2),
    ]);
    await refreshPendingKpiMonths(client);
    const live = await rolled(`month = '2026-01-01'`);
    expect(view(live, 'as_closed')).toEqual(view(closedJan, 'as_closed'));
    expect(figure(live, 'csi_service', 'as_closed', 'SH-01', '2026-01-01')).toEqual([['EAST', '80', '1']]);
    expect(figure(live, 'csi_service', 'restated', 'SH-01', '2026-01-01')).toEqual([['EAST', '180', '2']]);
    expect(figure(live, 'rework_rate', 'as_closed', 'SH-01', '2026-01-01')).toEqual([
      ['EAST', '1', '3'],
      ['NORTH', '0', '1'],
    ]);
    expect(figure(live, 'rework_rate', 'restated', 'SH-01', '2026-01-01')).toEqual([
      ['EAST', '2', '3'],
      ['NORTH', '0', '1'],
    ]);
    await expectExact();
  });

  it('KpiRollupRefresher recomputes in rounds while it runs, and stop() runs a last round', async () => {
    const warnings: string[] = [];
    const refresher = new KpiRollupRefresher(client, { intervalMs: 50, logger: { log: () => undefined, warn: (m) => warnings.push(m) } });
    refresher.start();
    try {
      await write([closed(RO('SH-01', 'RO-MAY', 'VMAY', '2026-05-06', { mechanical: '130.00' }))]);
      const deadline = Date.now() + 30_000;
      while ((await pendingCount()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await pendingCount()).toBe(0);
      expect(figure(await rolled(), 'service_revenue', 'restated', 'SH-01', '2026-05-01')).toEqual([['NORTH', '130', '0']]);
      expect(refresher.stats.rounds).toBeGreaterThanOrEqual(1);
    } finally {
      // What a batch wrote just before the stop is recomputed by the last round.
      await write([closed(RO('SH-01', 'RO-JUN', 'VJUN', '2026-06-03', { mechanical: '140.00' }))]);
      await refresher.stop();
    }
    expect(await pendingCount()).toBe(0);
    expect(figure(await rolled(), 'service_revenue', 'restated', 'SH-01', '2026-06-01')).toEqual([['NORTH', '140', '0']]);
    expect(refresher.stats.failures).toBe(0);
    expect(warnings).toEqual([]);
    await expectExact();
  });

  it('a failed round is counted and logged; the ranges stay pending for the next one', async () => {
    const warnings: string[] = [];
    const broken = await EmbeddedClickHouseClient.open({ dataDir, database: 'kpi_month_rollup_spec' });
    await broken.close();
    const refresher = new KpiRollupRefresher(broken, { logger: { log: () => undefined, warn: (m) => warnings.push(m) } });
    await write([closed(RO('SH-01', 'RO-JUL', 'VJUL', '2026-07-07', { mechanical: '150.00' }))]);
    await refresher.round();
    expect(refresher.stats).toMatchObject({ rounds: 0, failures: 1 });
    expect(warnings).toEqual([expect.stringContaining('the ranges stay pending')]);
    expect(await pendingCount()).toBe(1);
    await refreshPendingKpiMonths(client);
    expect(await pendingCount()).toBe(0);
  });
  // A stock snapshot row carries both business_date (the day it was recorded) and snapshot_month
  // (the month it names, the one the KPI reads): the month it names is the one recomputed.
  it('a month-end stock snapshot recorded on the 1st of the next month lands in the month it names', async () => {
    await write([stockSnapshot('BJ-01', '2026-01', shanghai('2026-02-01', '09:00'))]);
    await refreshPendingKpiMonths(client);
    expect(figure(await rolled(), 'stock_value', 'restated', 'BJ-01', '2026-01-01')).toEqual([['NORTH', '512000', '0']]);
    await expectExact();
  });
});

describe('touchedMonthRanges and coverRanges', () => {
  const touched = (entries: Record<string, object[]>) => touchedMonthRanges(new Map(Object.entries(entries)));

  it('a fact touches its branch in the month of its business date; neighbouring months with the same branches make one range', () => {
    expect(
      touched({
        fact_service_revenue: [
          { branch_id: 'SH-01', business_date: '2025-12-31' },
          { branch_id: 'SH-01', business_date: '2026-01-04' },
          { branch_id: 'SH-01', business_date: '2026-01-20' },
        ],
        fact_vehicle_sales: [
          { branch_id: 'SH-01', business_date: '2026-02-10' },
          { branch_id: 'BJ-01', business_date: '2026-03-01' },
          { branch_id: 'SH-01', business_date: '2026-03-31' },
        ],
        fact_csi_responses: [{ branch_id: 'BJ-01', business_date: '2026-05-02' }],
      }),
    ).toEqual([
      { from: '2025-12-01', to: '2026-03-01', branches: ['SH-01'] },
      { from: '2026-03-01', to: '2026-04-01', branches: ['BJ-01', 'SH-01'] },
      { from: '2026-05-01', to: '2026-06-01', branches: ['BJ-01'] },
    ]);
  });

  it("a vehicle sale naming a customer area also touches the area's owners; a territory assignment every branch from its month on (ADR 29)", () => {
    const owners = new Map([['PUDONG', ['SH-02', 'SH-03']]]);
    expect(
      touchedMonthRanges(
        new Map(
          Object.entries({
            fact_vehicle_sales: [
              { branch_id: 'SH-01', business_date: '2026-01-10', customer_area: 'PUDONG' },
              { branch_id: 'SH-01', business_date: '2026-02-10', customer_area: 'NOWHERE' },
              { branch_id: 'BJ-01', business_date: '2026-02-11', customer_area: '' },
            ],
            org_territory_assignments: [{ area: 'PUDONG', branch_id: 'SH-02', valid_from: '2026-03-20' }],
          }),
        ),
        owners,
      ),
    ).toEqual([
      { from: '2026-01-01', to: '2026-02-01', branches: ['SH-01', 'SH-02', 'SH-03'] },
      { from: '2026-02-01', to: '2026-03-01', branches: ['BJ-01', 'SH-01'] },
      { from: '2026-03-01', to: END_OF_TIME, branches: [] },
    ]);
  });

  it('a stock snapshot touches the month it names, not the day it was recorded', () => {
    expect(touched({ fact_parts_stock_snapshots: [{ branch_id: 'SH-01', snapshot_month: '2026-01-01', business_date: '2026-02-01' }] })).toEqual([
      { from: '2026-01-01', to: '2026-02-01', branches: ['SH-01'] },
    ]);
  });

  it('ignores tables no KPI reads and rows without a branch or a date', () => {
    expect(
      touched({
        fact_service_labour_lines: [{ branch_id: 'SH-01', business_date: '2026-01-04' }],
        org_targets: [{ branch_id: 'SH-01', business_date: '2026-01-04' }],
        fact_service_revenue: [{ business_date: '2026-01-04' }, { branch_id: 'SH-01' }],
      }),
    ).toEqual([]);
    expect(touched({})).toEqual([]);
  });

  it('a region assignment touches its branch from its month on; a rework window every branch from its month on; a close every branch in its month', () => {
    expect(
      touched({
        org_branch_region_assignments: [{ branch_id: 'SH-01', region_id: 'NORTH', valid_from: '2026-01-15' }],
        org_kpi_settings: [
          { key: 'rework_window_days', value: '30', valid_from: '2026-03-10' },
          { key: 'something_else', value: '1', valid_from: '2026-04-01' },
        ],
        org_period_closes: [{ month: '2025-12-01', period: '2025-12' }],
      }),
    ).toEqual([
      { from: '2026-01-01', to: END_OF_TIME, branches: ['SH-01'] },
      { from: '2026-03-01', to: END_OF_TIME, branches: [] },
      { from: '2025-12-01', to: '2026-01-01', branches: [] },
    ]);
  });

  it('coverRanges covers every range with one: first month to last, the branches named (all when one asks for all)', () => {
    const r = (from: string, to: string, ...branches: string[]): MonthRange => ({ from, to, branches });
    expect(coverRanges([])).toBeUndefined();
    expect(
      coverRanges([r('2026-03-01', '2026-04-01', 'SH-01'), r('2026-01-01', '2026-02-01', 'SH-01', 'BJ-01'), r('2026-01-01', '2026-02-01', 'MAD-01')]),
    ).toEqual(r('2026-01-01', '2026-04-01', 'BJ-01', 'MAD-01', 'SH-01'));
    expect(coverRanges([r('2026-03-01', '2026-04-01', 'SH-01'), r('2026-01-01', END_OF_TIME, 'BJ-01'), r('2026-02-01', '2026-03-01')])).toEqual(
      r('2026-01-01', END_OF_TIME),
    );
  });
});
