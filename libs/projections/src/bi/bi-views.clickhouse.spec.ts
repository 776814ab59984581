/**
 * The BI layer (migrations 0006, 0017–0019 and deploy/) on the embedded ClickHouse engine. Every
 * embedded-engine test of the BI layer lives in this one file (chdb binds one data directory per
 * process): the views on real data, the KPI month view against the KPI engine, the analysts'
 * scopes and row-policy conditions, the Grafana dashboard's and docs/bi.md's queries.
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations, splitSqlStatements } from '@app/clickhouse';
import { DomainEvent, VehicleDeliveredV1 } from '@app/contracts';
import { biKpiCatalogueRows, evaluateKpis, KpiPoint, ROLLUP_KPIS, rollupPosition, ROLLUP_KPI_MONTH } from '@app/kpi';
import Decimal from 'decimal.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_PROJECTIONS } from '../all-projections';
import { BranchCalendar, BranchCalendarEntry } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ORG_PROJECTIONS } from '../org/org-dimensions.projection';
import { envelope } from '../org/org-events.spec-helper';
import { kpiMonthRollup, recomputeStaleRollups, refreshPendingKpiMonths } from '../rollups';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { analystBranchesOn, biAccessPlan, BiAnalyst, orgStructureFromEvents } from './bi-access';
import * as history from './bi-history.spec-helper';
import { dashboardQueries, docsQueries, forEmbeddedEngine, tablesRead } from './bi-queries';

const ROOT = join(__dirname, '..', '..', '..', '..');
const DEPLOY_DIR = join(ROOT, 'deploy', 'clickhouse');

const ENTRIES: Record<string, BranchCalendarEntry> = {
  'SH-01': { timeZone: 'Asia/Shanghai', cutoffMinutes: 240 },
  'GZ-01': { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 },
};
const calendar: BranchCalendar = {
  entryFor: (branchId) => {
    const entry = ENTRIES[branchId];
    if (!entry) throw new Error(`no calendar for ${branchId}`);
    return entry;
  },
};

function delivered(branchId: string, occurredAt: string, net: string): DomainEvent {
  const payload: VehicleDeliveredV1 = {
    vehicleSaleId: `VS-${branchId}-${occurredAt}`,
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    customerId: null,
    invoice: { currency: 'CNY', net, tax: '0.00', gross: net },
    cost: { currency: 'CNY', net: '0.00', tax: '0.00', gross: '0.00' },
  };
  return envelope('VehicleDelivered', payload, { branchId, occurredAt });
}

const events: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope('RegionDefined', { regionId: 'SOUTH', name: 'South China' }),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2026-01-01' }, { branchId: 'SH-01' }),
  // SH-01 moves to SOUTH on 15 March.
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'SOUTH', effectiveFrom: '2026-03-15' }, { branchId: 'SH-01' }),
  envelope('BranchRegionAssigned', { branchId: 'GZ-01', regionId: 'SOUTH', effectiveFrom: '2026-01-01' }, { branchId: 'GZ-01' }),
  // SH-01 (04:00 cut-off): 14 Mar 12:00 local; 15 Mar 00:30 local = business day 14 Mar; 15 Mar 10:00 local.
  delivered('SH-01', '2026-03-14T04:00:00.000Z', '100.00'),
  delivered('SH-01', '2026-03-14T16:30:00.000Z', '200.00'),
  delivered('SH-01', '2026-03-15T02:00:00.000Z', '400.00'),
  delivered('GZ-01', '2026-02-27T02:00:00.000Z', '1000.00'),
  delivered('GZ-01', '2026-03-02T02:00:00.000Z', '2000.00'),
];

describe('BI layer on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-bi-ch-'));
  let client: EmbeddedClickHouseClient;

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'bi_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    // No background merge may collapse the duplicates below before the test reads them.
    await client.command('SYSTEM STOP MERGES fact_vehicle_sales');
    const sink = new ClickHouseProjectionSink(client, [...ORG_PROJECTIONS, vehicleSalesProjection], { calendar });
    expect(await sink.write(events)).toEqual({ rejected: [] });
    // A redelivered batch (at-least-once): the same rows are inserted a second time.
    expect(await sink.write(events)).toEqual({ rejected: [] });
  });

  afterAll(async () => {
    await client?.command('SYSTEM START MERGES fact_vehicle_sales');
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function biViews(): Promise<string[]> {
    const rows = await client.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine = 'View' AND startsWith(name, 'bi_') ORDER BY name",
    );
    return rows.map((row) => row.name);
  }

  it('reads deduplicated figures without FINAL in the query, though the fact table holds every row twice', async () => {
    const [raw] = await client.query<{ rows: string }>('SELECT count() AS rows FROM fact_vehicle_sales SETTINGS final = 0');
    expect(raw?.rows).toBe('10');
    await expect(
      client.query(
        'SELECT branch_id, month, year, count() AS rows, sum(units) AS units, sum(revenue_net) AS revenue FROM bi_vehicle_sales GROUP BY branch_id, month, year ORDER BY branch_id, month',
      ),
    ).resolves.toEqual([
      { branch_id: 'GZ-01', month: '2026-02-01', year: 2026, rows: '1', units: '1', revenue: '1000.00' },
      { branch_id: 'GZ-01', month: '2026-03-01', year: 2026, rows: '1', units: '1', revenue: '2000.00' },
      { branch_id: 'SH-01', month: '2026-03-01', year: 2026, rows: '3', units: '3', revenue: '700.00' },
    ]);
  });

  it('attributes each row to the region of its branch on the business date (as-of), so a move splits the figures', async () => {
    await expect(
      client.query(
        "SELECT business_date, region_id, sum(revenue_net) AS revenue FROM bi_vehicle_sales WHERE branch_id = 'SH-01' GROUP BY business_date, region_id ORDER BY business_date",
      ),
    ).resolves.toEqual([
      // 00:30 on the 15th with a 04:00 cut-off is business day 14: still EAST.
      { business_date: '2026-03-14', region_id: 'EAST', revenue: '300.00' },
      { business_date: '2026-03-15', region_id: 'SOUTH', revenue: '400.00' },
    ]);
    await expect(
      client.query("SELECT region_id, sum(revenue_net) AS revenue FROM bi_vehicle_sales WHERE month = '2026-03-01' GROUP BY region_id ORDER BY region_id"),
    ).resolves.toEqual([
      { region_id: 'EAST', revenue: '300.00' },
      { region_id: 'SOUTH', revenue: '2400.00' },
    ]);
    await expect(
      client.query('SELECT branch_id, region_id, region_name, valid_from, valid_to FROM bi_branch_regions ORDER BY branch_id, valid_from'),
    ).resolves.toEqual([
      { branch_id: 'GZ-01', region_id: 'SOUTH', region_name: 'South China', valid_from: '2026-01-01', valid_to: null },
      { branch_id: 'SH-01', region_id: 'EAST', region_name: 'East China', valid_from: '2026-01-01', valid_to: '2026-03-15' },
      { branch_id: 'SH-01', region_id: 'SOUTH', region_name: 'South China', valid_from: '2026-03-15', valid_to: null },
    ]);
  });

  it('gives every fact view explicit dates, branch and region ids as low-cardinality dimensions, and decimal money; every view answers', async () => {
    const views = await biViews();
    expect(views).toHaveLength(32);
    // Lookups without business dates, how current the figures are (bi_projection_status), the KPI
    // month view, targets, people, dimension values and the analysts' scopes.
    const lookups = new Set([
      'bi_branches',
      'bi_branch_regions',
      'bi_exchange_rates',
      'bi_projection_status',
      'bi_kpis',
      'bi_kpi_month',
      'bi_targets',
      'bi_period_closes',
      'bi_people',
      'bi_dimension_values',
      'bi_analyst_scopes_current',
      'bi_analyst_branches',
    ]);
    const facts = views.filter((name) => !lookups.has(name));
    expect(facts).toHaveLength(20);
    for (const view of facts) {
      const columns = await client.query<{ name: string; type: string }>(
        'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {view:String} ORDER BY position',
        { view },
      );
      const types = Object.fromEntries(columns.map((column) => [column.name, column.type]));
      expect({
        view,
        business_date: types.business_date,
        month: types.month,
        year: types.year,
        branch_id: types.branch_id,
        region_id: types.region_id,
      }).toEqual({
        view,
        business_date: 'Date',
        month: 'Date',
        year: 'UInt16',
        branch_id: 'LowCardinality(String)',
        region_id: 'LowCardinality(String)',
      });
      for (const column of columns.filter((c) => /_(net|tax|gross)$/.test(c.name))) {
        expect({ view, column: column.name, type: column.type }).toEqual({ view, column: column.name, type: 'Decimal(18, 2)' });
      }
    }
    for (const view of views) {
      await expect(client.query(`SELECT count() AS n FROM ${view}`)).resolves.toHaveLength(1);
    }
  });

  it('documents every column of every BI view with a comment', async () => {
    await expect(
      client.query("SELECT table, name FROM system.columns WHERE database = currentDatabase() AND startsWith(table, 'bi_') AND comment = ''"),
    ).resolves.toEqual([]);
  });

  it('keeps the BI views in the client database: a view created in another database binds to this one by name for ever', async () => {
    // Why migration 0006 creates `bi_*` views here and deploy/clickhouse/bi-views.sql creates the `bi` database.
    await client.command('CREATE DATABASE IF NOT EXISTS bi_spec_probe');
    await client.command('CREATE VIEW IF NOT EXISTS bi_spec_probe.vehicle_sales AS SELECT count() AS n FROM fact_vehicle_sales FINAL');
    const [created] = await client.query<{ statement: string }>('SHOW CREATE TABLE bi_spec_probe.vehicle_sales');
    expect(created?.statement).toContain('FROM bi_spec.fact_vehicle_sales');
    await client.command('DROP DATABASE bi_spec_probe SYNC');
  });

  it('follows a rebuild: after EXCHANGE TABLES the view reads the swapped-in table', async () => {
    await client.command('CREATE TABLE fact_vehicle_sales__bi_probe AS fact_vehicle_sales');
    await client.command('EXCHANGE TABLES fact_vehicle_sales AND fact_vehicle_sales__bi_probe');
    await expect(client.query('SELECT count() AS n FROM bi_vehicle_sales')).resolves.toEqual([{ n: '0' }]);
    await client.command('EXCHANGE TABLES fact_vehicle_sales AND fact_vehicle_sales__bi_probe');
    await client.command('DROP TABLE fact_vehicle_sales__bi_probe SYNC');
    await expect(client.query('SELECT count() AS n FROM bi_vehicle_sales')).resolves.toEqual([{ n: '5' }]);
  });

  describe('KPIs, targets, people and the more fact views (migrations 0017, 0018) on a simulated history', () => {
    const now = new Date('2026-12-07T00:00:00.000Z');
    let sink: ClickHouseProjectionSink;
    const write = async (batch: readonly DomainEvent[]) => expect(await sink.write(batch)).toEqual({ rejected: [] });

    beforeAll(async () => {
      sink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar }, [kpiMonthRollup], { recordPositions: true });
      await recomputeStaleRollups(client, [kpiMonthRollup]);
      await write([...history.org, ...history.facts]);
      await refreshPendingKpiMonths(client);
      await write([history.januaryClose]);
      await refreshPendingKpiMonths(client);
      await write(history.late);
      // Redelivered: no figure may change.
      await write(history.late);
      await refreshPendingKpiMonths(client);
      // Four roll-up recomputes of every KPI: minutes on a busy two-core machine.
    }, 300_000);

    interface ViewFigure {
      readonly kpi: string;
      readonly branch_id: string;
      readonly month: string;
      readonly currency: string;
      readonly num: string;
      readonly den: string;
      readonly rows: string;
      readonly value: string | null;
      readonly provisional_until: string | null;
    }

    /** bi_kpi_month summed per KPI × branch × month × currency (over the regions of a month a branch moved in). */
    const viewFigures = (asClosed: boolean) =>
      client.query<ViewFigure>(
        `SELECT kpi, branch_id, toString(month) AS month, currency,
                toString(sum(${asClosed ? 'numerator_as_closed' : 'numerator'})) AS num, toString(sum(${asClosed ? 'denominator_as_closed' : 'denominator'})) AS den,
                toString(count()) AS rows, if(count() = 1, toString(any(${asClosed ? 'value_as_closed' : 'value'})), NULL) AS value,
                toString(any(provisional_until)) AS provisional_until
           FROM bi_kpi_month WHERE month >= '2026-01-01' AND month < '2026-04-01'
          GROUP BY kpi, branch_id, month, currency ORDER BY kpi, branch_id, month, currency`,
      );

    const key = (kpi: string, branch: string, month: string, currency: string) => `${kpi}|${branch}|${month}|${currency}`;
    const same = (a: string | null | undefined, b: string | null | undefined) =>
      a === null || a === undefined || b === null || b === undefined ? a === b : new Decimal(a).eq(b);

    it.each([
      ['restated', false],
      ['as closed', true],
    ])(
      'bi_kpi_month (%s) holds, for every KPI × branch × month, the numerator, denominator and value the KPI engine computes from the facts',
      async (_label, asClosed) => {
        const engine = await evaluateKpis(client, ROLLUP_KPIS, {
          from: '2026-01-01',
          to: '2026-03-31',
          bucket: 'month',
          level: 'branch',
          currency: 'branch',
          asClosed,
          now,
        });
        const expected = new Map<string, KpiPoint & { kpi: string }>();
        for (const [kpi, points] of engine) for (const p of points) expected.set(key(kpi, p.unitId, p.periodStart, p.currency ?? ''), { ...p, kpi });
        const view = await viewFigures(asClosed);
        expect(view.length).toBeGreaterThan(40);
        expect(view.map((v) => key(v.kpi, v.branch_id, v.month, v.currency)).sort()).toEqual([...expected.keys()].sort());
        const mismatches = view.flatMap((v) => {
          const p = expected.get(key(v.kpi, v.branch_id, v.month, v.currency));
          const ok =
            p !== undefined &&
            same(v.num, p.numerator) &&
            same(v.den, p.denominator ?? '0') &&
            (v.rows !== '1' || same(v.value, p.value)) &&
            v.provisional_until === p.provisionalUntil;
          return ok ? [] : [{ view: v, engine: p }];
        });
        expect(mismatches).toEqual([]);
      },
    );

    it('shows the worked example: January as closed beside restated, the close, the provisional flags and the as-of mark', async () => {
      const rows = await client.query<Record<string, string | number | null>>(
        `SELECT kpi, region_id, toString(numerator) AS num, toString(denominator) AS den, toString(value) AS value,
                toString(numerator_as_closed) AS num_closed, toString(denominator_as_closed) AS den_closed, toString(value_as_closed) AS value_closed,
                closed, toString(provisional_until) AS provisional_until
           FROM bi_kpi_month WHERE branch_id = 'SH-01' AND month = '2026-01-01' AND kpi IN ('service_revenue', 'per_vehicle_yield', 'rework_rate', 'csi_service', 'vehicle_intakes')
          ORDER BY kpi`,
      );
      expect(rows).toEqual([
        {
          kpi: 'csi_service',
          region_id: 'EAST',
          num: '163.3333',
          den: '2',
          value: '81.67',
          num_closed: '80',
          den_closed: '1',
          value_closed: '80',
          closed: 1,
          provisional_until: '2026-04-01',
        },
        {
          kpi: 'per_vehicle_yield',
          region_id: 'EAST',
          num: '3000',
          den: '3',
          value: '1000',
          num_closed: '3000',
          den_closed: '3',
          value_closed: '1000',
          closed: 1,
          provisional_until: null,
        },
        {
          kpi: 'rework_rate',
          region_id: 'EAST',
          num: '2',
          den: '4',
          value: '50',
          num_closed: '1',
          den_closed: '4',
          value_closed: '25',
          closed: 1,
          provisional_until: '2026-03-02',
        },
        {
          kpi: 'service_revenue',
          region_id: 'EAST',
          num: '3000',
          den: '0',
          value: '3000',
          num_closed: '3000',
          den_closed: '0',
          value_closed: '3000',
          closed: 1,
          provisional_until: null,
        },
        {
          kpi: 'vehicle_intakes',
          region_id: 'EAST',
          num: '3',
          den: '0',
          value: '3',
          num_closed: '3',
          den_closed: '0',
          value_closed: '3',
          closed: 1,
          provisional_until: null,
        },
      ]);
      // February is not closed: as closed = restated.
      await expect(
        client.query(
          `SELECT closed, toUInt8(count() > 10) AS has_rows, countIf(numerator != numerator_as_closed OR denominator != denominator_as_closed) AS differ FROM bi_kpi_month WHERE month = '2026-02-01' GROUP BY closed`,
        ),
      ).resolves.toEqual([{ closed: 0, has_rows: 1, differ: '0' }]);
      const mark = await rollupPosition(client, ROLLUP_KPI_MONTH);
      expect(mark.position).not.toBeNull();
      await expect(client.query(`SELECT DISTINCT toString(rollup_position) AS position FROM bi_kpi_month`)).resolves.toEqual([{ position: mark.position }]);
    });

    it('a region is Σ numerator ÷ Σ denominator of its branches, never the mean of their values', async () => {
      const [region] = await client.query<{ rate: string; mean_of_values: string }>(
        `SELECT toString(round(sum(numerator) / sum(denominator) * 100, 2)) AS rate, toString(round(avg(value), 2)) AS mean_of_values
           FROM bi_kpi_month WHERE kpi = 'rework_rate' AND month IN ('2026-01-01', '2026-02-01')`,
      );
      // SH-01 January 2 of 4, GZ-01 February 0 of 2: 2 ÷ 6, not the mean of 50 % and 0 %.
      expect(region).toEqual({ rate: '33.33', mean_of_values: '25' });
    });

    it('bi_kpis is the KPI catalogue of the code (a catalogue change needs a new migration replacing the view)', async () => {
      const rows = await client.query<Record<string, string | number>>('SELECT * FROM bi_kpis ORDER BY kpi');
      const expected = biKpiCatalogueRows()
        .map((r) => ({ ...r, scale: r.scale, money_num: r.money_num, money_den: r.money_den, in_rollup: r.in_rollup }))
        .sort((a, b) => a.kpi.localeCompare(b.kpi));
      expect(rows).toEqual(expected);
      const inView = await client.query<{ kpi: string }>('SELECT DISTINCT kpi FROM bi_kpi_month ORDER BY kpi');
      const held = new Set(rows.filter((r) => r.in_rollup === 1).map((r) => r.kpi));
      expect(inView.every((r) => held.has(r.kpi))).toBe(true);
    });

    it('bi_targets keeps every version and flags the one in force, with whom it is for', async () => {
      await expect(
        client.query(
          `SELECT kpi, grain, grain_id, branch_id, region_id, employee_id, version, in_force, toString(value) AS value FROM bi_targets ORDER BY kpi, grain, grain_id, version`,
        ),
      ).resolves.toEqual([
        { kpi: 'hours_sold', grain: 'person', grain_id: 'T-1', branch_id: 'SH-01', region_id: '', employee_id: 'T-1', version: 1, in_force: 1, value: '120' },
        {
          kpi: 'service_revenue',
          grain: 'branch',
          grain_id: 'SH-01',
          branch_id: 'SH-01',
          region_id: '',
          employee_id: '',
          version: 1,
          in_force: 0,
          value: '2800',
        },
        {
          kpi: 'service_revenue',
          grain: 'branch',
          grain_id: 'SH-01',
          branch_id: 'SH-01',
          region_id: '',
          employee_id: '',
          version: 2,
          in_force: 1,
          value: '3200',
        },
        {
          kpi: 'service_revenue',
          grain: 'region',
          grain_id: 'EAST',
          branch_id: '',
          region_id: 'EAST',
          employee_id: '',
          version: 1,
          in_force: 1,
          value: '10000',
        },
      ]);
    });

    it('bi_people gives each assignment its validity; bi_dimension_values the people and codes the facts carry', async () => {
      await expect(
        client.query(
          `SELECT employee_id, branch_id, role, toString(valid_from) AS valid_from, toString(valid_to) AS valid_to, current FROM bi_people ORDER BY employee_id, valid_from`,
        ),
      ).resolves.toEqual([
        { employee_id: 'SA-1', branch_id: 'SH-01', role: 'service_advisor', valid_from: '2025-01-01', valid_to: null, current: 1 },
        { employee_id: 'T-1', branch_id: 'SH-01', role: 'technician', valid_from: '2025-01-01', valid_to: '2026-02-01', current: 0 },
        { employee_id: 'T-1', branch_id: 'GZ-01', role: 'technician', valid_from: '2026-02-01', valid_to: null, current: 1 },
      ]);
      await expect(
        client.query(
          `SELECT dimension, value, branch_id FROM bi_dimension_values WHERE dimension IN ('technician', 'advisor', 'job_type') AND branch_id = 'SH-01' ORDER BY dimension, value`,
        ),
      ).resolves.toEqual([
        { dimension: 'advisor', value: 'SA-1', branch_id: 'SH-01' },
        { dimension: 'job_type', value: 'body_paint', branch_id: 'SH-01' },
        { dimension: 'job_type', value: 'insurance', branch_id: 'SH-01' },
        { dimension: 'job_type', value: 'pdi', branch_id: 'SH-01' },
        { dimension: 'job_type', value: 'repair', branch_id: 'SH-01' },
        { dimension: 'technician', value: 'T-1', branch_id: 'SH-01' },
        { dimension: 'technician', value: 'T-2', branch_id: 'SH-01' },
      ]);
    });

    it('bi_service_labour_lines, bi_warranty_decisions, bi_complaints, bi_follow_up_calls and bi_repair_order_opens read their facts deduplicated, dated and with the region as of the date', async () => {
      await expect(
        client.query(
          `SELECT technician_id, toString(business_date) AS d, region_id, toString(sum(sold_hours)) AS sold, toString(sum(clocked_hours)) AS clocked FROM bi_service_labour_lines GROUP BY ALL ORDER BY technician_id`,
        ),
      ).resolves.toEqual([
        { technician_id: 'T-1', d: '2026-01-03', region_id: 'EAST', sold: '2', clocked: '2.5' },
        { technician_id: 'T-2', d: '2026-01-04', region_id: 'EAST', sold: '1', clocked: '0.5' },
      ]);
      await expect(
        client.query(
          `SELECT decision, approved_or_partial, toString(claimed_net) AS claimed, toString(approved_net) AS approved, region_id FROM bi_warranty_decisions`,
        ),
      ).resolves.toEqual([{ decision: 'partially_approved', approved_or_partial: 1, claimed: '1000', approved: '600', region_id: 'EAST' }]);
      await expect(client.query(`SELECT event_type, toString(resolution_ms) AS ms FROM bi_complaints ORDER BY event_type`)).resolves.toEqual([
        { event_type: 'ComplaintLogged', ms: '0' },
        { event_type: 'ComplaintResolved', ms: String(36 * 3_600_000) },
      ]);
      await expect(
        client.query(`SELECT repair_order_id, reached, toString(close_business_date) AS closed, toString(month) AS month FROM bi_follow_up_calls`),
      ).resolves.toEqual([{ repair_order_id: 'RO-1', reached: 1, closed: '2026-01-04', month: '2026-01-01' }]);
      await expect(
        client.query(`SELECT repair_order_id, has_appointment, kpi_included, toString(business_date) AS d FROM bi_repair_order_opens`),
      ).resolves.toEqual([{ repair_order_id: 'RO-1', has_appointment: 1, kpi_included: 1, d: '2026-01-03' }]);
    });
  });

  describe("analysts' scopes (migration 0019, npm run bi:access) and the row policies of bi-access.sql", () => {
    const analysts: BiAnalyst[] = [
      { username: 'east.analyst', regions: ['EAST'], branches: [], disabled: false },
      { username: 'south.analyst', regions: ['SOUTH'], branches: [], disabled: false },
      { username: 'north.analyst', regions: ['NORTH'], branches: [], disabled: false },
      { username: 'gz.analyst', regions: [], branches: ['GZ-01'], disabled: false },
      { username: 'hq.analyst', regions: [], branches: [], disabled: false },
      { username: 'gone.analyst', regions: ['EAST'], branches: [], disabled: true },
    ];
    const orgEvents = () => [...events, ...history.org].map((e) => ({ type: e.type, payload: e.payload }));
    const plan = (extra: readonly DomainEvent[] = [], generation = 1) =>
      biAccessPlan(analysts, orgStructureFromEvents([...orgEvents(), ...extra.map((e) => ({ type: e.type, payload: e.payload }))]), {
        database: client.database,
        generation,
        today: '2026-12-07',
      });
    const apply = async (statements: readonly string[]) => {
      // Access management is off on the embedded engine: only the scope rows can run here.
      for (const sql of statements.filter((s) => /^(INSERT|DELETE)/.test(s))) await client.command(sql);
    };
    const branchesOf = async () =>
      Object.fromEntries(
        (
          await client.query<{ analyst: string; branches: string[] }>(
            `SELECT analyst, arraySort(groupArray(concat(branch_id, if(in_scope_now = 1, '', ' (before)')))) AS branches FROM bi_analyst_branches GROUP BY analyst ORDER BY analyst`,
          )
        ).map((r) => [r.analyst, r.branches]),
      );

    /** The policies of bi-access.sql: name, the views, the USING condition. */
    const policies = splitSqlStatements(readFileSync(join(DEPLOY_DIR, 'bi-access.sql'), 'utf8'), { requireSeparatorAtLineEnd: true })
      .map((s) => /^CREATE ROW POLICY OR REPLACE (\w+) ON\s+([\s\S]+?)\s+AS PERMISSIVE FOR SELECT USING\s+([\s\S]+?)\s+TO (\w+)$/.exec(s.sql))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[1] ?? '', views: (m[2] ?? '').split(/,\s*/).map((v) => v.trim().replace(/^bi\./, '')), condition: m[3] ?? '', to: m[4] ?? '' }));
    /** What `analyst` sees of `view` under the scoped policies (OR of the permissive policies on it), run as a WHERE on the embedded engine. */
    const visible = async (analyst: string, view: string, columns: string) => {
      const conditions = policies
        .filter((p) => p.to === 'bi_analyst' && p.views.includes(view))
        .map((p) => `(${forEmbeddedEngine(p.condition).replace(/currentUser\(\)/g, `'${analyst}'`)})`);
      expect(conditions.length).toBeGreaterThan(0);
      return client.query(`SELECT ${columns} FROM bi_${view} WHERE ${conditions.join(' OR ')} GROUP BY ALL ORDER BY ALL`);
    };

    it('generates idempotent DDL that parses: users with the read-only profile, roles, a dropped disabled user and one generation of scopes', async () => {
      const { statements, script, warnings } = plan();
      expect(warnings).toEqual(['north.analyst: region NORTH is not defined in the org structure']);
      expect(script).toContain('-- WARNING: north.analyst: region NORTH is not defined');
      for (const sql of statements) {
        expect(sql).toMatch(/^(CREATE USER IF NOT EXISTS|GRANT|REVOKE|DROP USER IF EXISTS|INSERT INTO|DELETE FROM)/);
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql });
        expect((row?.formatted ?? '').length).toBeGreaterThan(0);
      }
      expect(statements).toContain("CREATE USER IF NOT EXISTS `bi_east_analyst` IDENTIFIED WITH no_password HOST NONE SETTINGS PROFILE 'bi_readonly'");
      expect(statements).toContain('GRANT bi_group_analyst TO `bi_hq_analyst`');
      expect(statements).toContain('GRANT bi_analyst TO `bi_gz_analyst`');
      expect(statements).toContain('DROP USER IF EXISTS `bi_gone_analyst`');
      expect(statements.some((s) => s.includes('bi_gone_analyst') && s.startsWith('CREATE'))).toBe(false);
      expect(
        biAccessPlan(analysts, orgStructureFromEvents(orgEvents()), { database: 'kpi', generation: 1, today: '2026-12-07', ldapServer: 'corp' }).statements,
      ).toContain("CREATE USER IF NOT EXISTS `bi_east_analyst` IDENTIFIED WITH ldap SERVER 'corp' SETTINGS PROFILE 'bi_readonly'");
      await apply(statements);
      await apply(statements); // re-running changes nothing
      await expect(client.query(`SELECT analyst, scope_kind, scope_id FROM bi_analyst_scopes_current ORDER BY ALL`)).resolves.toEqual([
        { analyst: 'bi_east_analyst', scope_kind: 'region', scope_id: 'EAST' },
        { analyst: 'bi_gz_analyst', scope_kind: 'branch', scope_id: 'GZ-01' },
        { analyst: 'bi_north_analyst', scope_kind: 'region', scope_id: 'NORTH' },
        { analyst: 'bi_south_analyst', scope_kind: 'region', scope_id: 'SOUTH' },
      ]);
    });

    it("revokes BI access of users who are no longer analysts and of the server's bi_ users no analyst has; never touches the platform's own accounts", async () => {
      const users: BiAnalyst[] = [
        ...analysts,
        // A head-office analyst who became a branch manager: their group-wide BI account goes.
        { username: 'moved.analyst', role: 'branch-manager', regions: [], branches: ['SH-01'], disabled: false },
        // Platform users whose names map to the platform's own ClickHouse accounts: never created, granted or dropped.
        { username: 'definer', role: 'analyst', regions: [], branches: [], disabled: false },
        { username: 'Grafana', role: 'head-office', regions: [], branches: [], disabled: false },
        // A non-analyst whose name maps to an enabled analyst's account must not drop it.
        { username: 'east-analyst', role: 'service-advisor', regions: [], branches: [], disabled: false },
      ];
      const run = (existingUsers?: readonly string[]) =>
        biAccessPlan(users, orgStructureFromEvents(orgEvents()), { database: client.database, generation: 1, today: '2026-12-07', existingUsers });
      const { statements, warnings, script } = run();
      expect(statements).toContain('DROP USER IF EXISTS `bi_moved_analyst`');
      expect(statements).toContain('DROP USER IF EXISTS `bi_gone_analyst`');
      expect(statements.filter((sql) => sql.startsWith('DROP USER'))).toEqual([
        'DROP USER IF EXISTS `bi_gone_analyst`',
        'DROP USER IF EXISTS `bi_moved_analyst`',
      ]);
      expect(statements.some((sql) => /bi_definer|bi_grafana/.test(sql))).toBe(false);
      expect(statements).toContain("CREATE USER IF NOT EXISTS `bi_east_analyst` IDENTIFIED WITH no_password HOST NONE SETTINGS PROFILE 'bi_readonly'");
      expect(warnings).toContain(
        'analyst definer maps to bi_definer, a ClickHouse account or role of the platform itself: skipped (rename the user to give them BI access)',
      );
      expect(script).toContain('-- moved.analyst: role branch-manager, not an analyst');
      expect(script).toContain('-- Grafana: maps to bi_grafana, reserved for the platform: left alone');

      // --apply also reads the server's bi_ users: one of a deleted platform user is dropped; the
      // platform's own accounts and the enabled analysts' are not. Re-running is the same plan.
      const existing = ['bi_definer', 'bi_grafana', 'bi_east_analyst', 'bi_hq_analyst', 'bi_deleted_user', 'bi_gone_analyst', 'default', 'kpi'];
      const applied = run(existing);
      expect(applied.statements.filter((sql) => sql.startsWith('DROP USER'))).toEqual([
        'DROP USER IF EXISTS `bi_gone_analyst`',
        'DROP USER IF EXISTS `bi_moved_analyst`',
        'DROP USER IF EXISTS `bi_deleted_user`',
      ]);
      expect(applied.statements.some((sql) => /bi_definer|bi_grafana/.test(sql))).toBe(false);
      expect(run(existing.filter((name) => name !== 'bi_deleted_user')).statements.filter((sql) => sql.startsWith('DROP USER'))).toHaveLength(2);
      for (const sql of applied.statements.filter((s) => s.startsWith('DROP'))) {
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql });
        expect((row?.formatted ?? '').length).toBeGreaterThan(0);
      }
    });

    it('region analysts see the fact rows of their region as of each business date, and the branches that are or were in it', async () => {
      // SH-01 moved from EAST to SOUTH on 15 March: its March figures split between the analysts.
      await expect(visible('bi_east_analyst', 'vehicle_sales', `branch_id, toString(sum(revenue_net)) AS revenue`)).resolves.toEqual([
        { branch_id: 'SH-01', revenue: '300' },
      ]);
      await expect(visible('bi_south_analyst', 'vehicle_sales', `branch_id, toString(sum(revenue_net)) AS revenue`)).resolves.toEqual([
        { branch_id: 'GZ-01', revenue: '3000' },
        { branch_id: 'SH-01', revenue: '400' },
      ]);
      await expect(visible('bi_gz_analyst', 'kpi_month', `branch_id`)).resolves.toEqual([{ branch_id: 'GZ-01' }]);
      await expect(visible('bi_north_analyst', 'kpi_month', `branch_id`)).resolves.toEqual([]);
      await expect(visible('bi_east_analyst', 'branches', `branch_id`)).resolves.toEqual([{ branch_id: 'SH-01' }]);
      await expect(visible('bi_south_analyst', 'branches', `branch_id`)).resolves.toEqual([{ branch_id: 'GZ-01' }, { branch_id: 'SH-01' }]);
      await expect(visible('bi_east_analyst', 'targets', `grain, grain_id`)).resolves.toEqual([
        { grain: 'branch', grain_id: 'SH-01' },
        { grain: 'person', grain_id: 'T-1' },
        { grain: 'region', grain_id: 'EAST' },
      ]);
      await expect(visible('bi_east_analyst', 'analyst_branches', `analyst`)).resolves.toEqual([{ analyst: 'bi_east_analyst' }]);
      // Every view with a policy for scoped analysts also has the head-office catch-all.
      const all = policies.find((p) => p.name === 'bi_all_rows');
      const scoped = new Set(policies.filter((p) => p.to === 'bi_analyst').flatMap((p) => p.views));
      expect(new Set(all?.views)).toEqual(scoped);
    });

    it('follows a branch moving to another region without regenerating anything; a new run updates the scopes and the membership preview', async () => {
      expect(await branchesOf()).toEqual({
        bi_east_analyst: ['SH-01 (before)'],
        bi_gz_analyst: ['GZ-01'],
        bi_south_analyst: ['GZ-01', 'SH-01'],
      });
      const before = plan();
      expect(Object.fromEntries(before.membership)).toMatchObject({ bi_south_analyst: ['GZ-01', 'SH-01'], bi_north_analyst: [] });

      await new ClickHouseProjectionSink(client, ORG_PROJECTIONS, { calendar }).write(history.northMove);
      // The policies read the assignments live: GZ-01 is now North's, and South's only before April.
      expect(await branchesOf()).toEqual({
        bi_east_analyst: ['SH-01 (before)'],
        bi_gz_analyst: ['GZ-01'],
        bi_north_analyst: ['GZ-01'],
        bi_south_analyst: ['GZ-01 (before)', 'SH-01'],
      });
      await expect(visible('bi_north_analyst', 'branches', 'branch_id')).resolves.toEqual([{ branch_id: 'GZ-01' }]);
      // GZ-01's February figures stay with South (as of their dates).
      await expect(visible('bi_north_analyst', 'kpi_month', 'branch_id')).resolves.toEqual([]);

      const after = plan(history.northMove, 2);
      expect(after.warnings).toEqual([]);
      expect(Object.fromEntries(after.membership)).toMatchObject({ bi_south_analyst: ['SH-01'], bi_north_analyst: ['GZ-01'] });
      expect(analystBranchesOn({ regions: ['NORTH'], branches: [] }, orgStructureFromEvents([...orgEvents(), ...history.northMove]), '2026-03-31')).toEqual([]);

      // The south analyst is re-scoped to SH-01 only: the next run replaces the whole generation.
      const rescoped = biAccessPlan(
        analysts.map((a) => (a.username === 'south.analyst' ? { ...a, regions: [], branches: ['SH-01'] } : a)),
        orgStructureFromEvents(orgEvents()),
        { database: client.database, generation: 3, today: '2026-12-07' },
      );
      await apply(rescoped.statements);
      expect((await branchesOf()).bi_south_analyst).toEqual(['SH-01']);
      await expect(client.query('SELECT DISTINCT generation FROM bi_analyst_scopes')).resolves.toEqual([{ generation: '3' }]);
    });
  });

  describe('the SQL of BI tools', () => {
    const exposed = readFileSync(join(DEPLOY_DIR, 'bi-views.sql'), 'utf8');
    const biViewNames = [...exposed.matchAll(/^CREATE OR REPLACE VIEW bi\.(\w+)$/gm)].map((m) => m[1] ?? '');
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'dashboards', 'head-office.json'), 'utf8')) as Parameters<
      typeof dashboardQueries
    >[0];
    const grafana = dashboardQueries(dashboard);
    const docs = docsQueries(readFileSync(join(ROOT, 'docs', 'bi.md'), 'utf8')).filter((q) => /^(SELECT|WITH)\b/i.test(q.sql));

    it('the head-office dashboard and docs/bi.md have queries', () => {
      expect(grafana.length).toBeGreaterThanOrEqual(6);
      expect(docs.length).toBeGreaterThanOrEqual(5);
    });

    it('the group-currency revenue panel never turns a missing exchange rate into 0: the region-month is NULL and the branch-month is listed', async () => {
      const panel = (title: string) => grafana.find((q) => q.where.startsWith(`panel "${title}`))?.sql ?? '';
      const revenue = panel('Service revenue by region (group currency');
      const missing = panel('Branch-months without an exchange rate');
      expect(revenue).not.toContain("'CNY', 1"); // the group currency comes from the rates, not a literal
      // SOUTH: a CNY branch and a EUR branch; February's EUR rate is missing. EAST: CNY only. The group currency is the rates' to_currency.
      const months = `(SELECT * FROM values('month Date, region_id String, branch_id String, kpi String, currency String, numerator Decimal(18, 2)',
        ('2026-01-01', 'SOUTH', 'GZ-01', 'service_revenue', 'CNY', 100), ('2026-01-01', 'SOUTH', 'MAD-01', 'service_revenue', 'EUR', 10),
        ('2026-02-01', 'SOUTH', 'GZ-01', 'service_revenue', 'CNY', 200), ('2026-02-01', 'SOUTH', 'MAD-01', 'service_revenue', 'EUR', 20),
        ('2026-02-01', 'EAST', 'SH-01', 'service_revenue', 'CNY', 50)))`;
      const rates = `(SELECT * FROM values('month Date, from_currency String, to_currency String, rate Decimal(18, 8)', ('2026-01-01', 'EUR', 'CNY', 8)))`;
      const withFixtures = (sql: string) =>
        forEmbeddedEngine(sql)
          .replace(/\bbi_kpi_month\b/g, months)
          .replace(/\bbi_exchange_rates\b/g, rates);
      await expect(client.query(`SELECT toString(toDate(time)) AS time, region, revenue_group_currency FROM (${withFixtures(revenue)})`)).resolves.toEqual([
        { time: '2026-01-01', region: 'SOUTH', revenue_group_currency: 180 },
        { time: '2026-02-01', region: 'EAST', revenue_group_currency: 50 },
        { time: '2026-02-01', region: 'SOUTH', revenue_group_currency: null },
      ]);
      await expect(client.query(withFixtures(missing))).resolves.toEqual([
        { month: '2026-02-01', branch: 'MAD-01', region: 'SOUTH', currency: 'EUR', to_currency: 'CNY' },
      ]);
    });

    it.each([...grafana.map((q) => ['grafana', q] as const), ...docs.map((q) => ['docs/bi.md', q] as const)])(
      '%s %p reads only bi.* views, parses, and runs on the embedded engine with the views created',
      async (_source, query) => {
        const { bi, other } = tablesRead(query.sql);
        expect({ where: query.where, other }).toEqual({ where: query.where, other: [] });
        expect(bi.length).toBeGreaterThan(0);
        for (const name of bi)
          expect({ where: query.where, view: name, exposed: biViewNames.includes(name) }).toEqual({ where: query.where, view: name, exposed: true });
        const sql = forEmbeddedEngine(query.sql);
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql });
        expect((row?.formatted ?? '').length).toBeGreaterThan(0);
        await expect(client.query(sql)).resolves.toBeInstanceOf(Array);
      },
    );
  });

  describe('server DDL in deploy/clickhouse/', () => {
    const files = readdirSync(DEPLOY_DIR)
      .filter((name) => name.endsWith('.sql'))
      .sort();

    it('has the access and views files (analysts are generated: npm run bi:access)', () => {
      expect(files).toEqual(['bi-access.sql', 'bi-views.sql']);
    });

    it.each(files)('%s: every statement parses (formatQuery on the embedded engine)', async (file) => {
      const statements = splitSqlStatements(readFileSync(join(DEPLOY_DIR, file), 'utf8'), { requireSeparatorAtLineEnd: true });
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql: statement.sql });
        expect({ file, line: statement.line, parsed: (row?.formatted ?? '').length > 0 }).toEqual({ file, line: statement.line, parsed: true });
      }
    });

    it('apply-bi.sh: its SQL for the Grafana reader parses (password substituted) and it applies both files', async () => {
      const script = readFileSync(join(DEPLOY_DIR, 'apply-bi.sh'), 'utf8');
      expect(script).toContain('< "$here/bi-access.sql"');
      expect(script).toContain('< "$here/bi-views.sql"');
      const heredoc = /<<SQL\n([\s\S]*?)\nSQL\n/.exec(script)?.[1] ?? '';
      const statements = splitSqlStatements(heredoc.replace(/\$BI_GRAFANA_PASSWORD/g, 'a-url-safe-password'), { requireSeparatorAtLineEnd: true });
      expect(statements.map((s) => s.sql.split(' ').slice(0, 3).join(' '))).toEqual(['CREATE USER IF', 'ALTER USER bi_grafana', 'GRANT bi_group_analyst TO']);
      for (const statement of statements) {
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql: statement.sql });
        expect((row?.formatted ?? '').length).toBeGreaterThan(0);
      }
    });

    it('exposes exactly the bi_* views of the migrations as bi.<name>, with SQL SECURITY DEFINER', async () => {
      const text = readFileSync(join(DEPLOY_DIR, 'bi-views.sql'), 'utf8');
      const exposed = [...text.matchAll(/^CREATE OR REPLACE VIEW bi\.(\w+)\nDEFINER = bi_definer SQL SECURITY DEFINER\nAS SELECT \* FROM kpi\.bi_(\w+);$/gm)];
      expect(exposed.every((match) => match[1] === match[2])).toBe(true);
      expect(exposed.map((match) => `bi_${match[1] ?? ''}`).sort()).toEqual(await biViews());
    });

    it('cannot be applied on the embedded engine (access management is off), which is why it lives outside the migrations', async () => {
      const [profile] = splitSqlStatements(readFileSync(join(DEPLOY_DIR, 'bi-access.sql'), 'utf8'), { requireSeparatorAtLineEnd: true });
      expect(profile?.sql).toMatch(/^CREATE SETTINGS PROFILE/);
      await expect(client.command(profile?.sql ?? '')).rejects.toThrow(/ACCESS_DENIED|privileges/);
    });
  });
});
