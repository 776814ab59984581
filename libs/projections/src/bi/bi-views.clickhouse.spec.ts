/**
 * The BI layer (migration 0006 and deploy/clickhouse/) on the embedded ClickHouse engine. Every
 * embedded-engine test of the BI layer lives in this one file (chdb binds one data directory per
 * process).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations, splitSqlStatements } from '@app/clickhouse';
import { DomainEvent, VehicleDeliveredV1 } from '@app/contracts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BranchCalendar, BranchCalendarEntry } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { ORG_PROJECTIONS } from '../org/org-dimensions.projection';
import { envelope } from '../org/org-events.spec-helper';
import { vehicleSalesProjection } from '../vehicle-sales.projection';

const DEPLOY_DIR = join(__dirname, '..', '..', '..', '..', 'deploy', 'clickhouse');

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
      client.query('SELECT branch_id, month, year, count() AS rows, sum(units) AS units, sum(revenue_net) AS revenue FROM bi_vehicle_sales GROUP BY branch_id, month, year ORDER BY branch_id, month'),
    ).resolves.toEqual([
      { branch_id: 'GZ-01', month: '2026-02-01', year: 2026, rows: '1', units: '1', revenue: '1000.00' },
      { branch_id: 'GZ-01', month: '2026-03-01', year: 2026, rows: '1', units: '1', revenue: '2000.00' },
      { branch_id: 'SH-01', month: '2026-03-01', year: 2026, rows: '3', units: '3', revenue: '700.00' },
    ]);
  });

  it('attributes each row to the region of its branch on the business date (as-of), so a move splits the figures', async () => {
    await expect(
      client.query("SELECT business_date, region_id, sum(revenue_net) AS revenue FROM bi_vehicle_sales WHERE branch_id = 'SH-01' GROUP BY business_date, region_id ORDER BY business_date"),
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
    expect(views).toHaveLength(17);
    // Lookups without business dates, and how current the figures are (bi_projection_status).
    const lookups = new Set(['bi_branches', 'bi_branch_regions', 'bi_exchange_rates', 'bi_projection_status']);
    const facts = views.filter((name) => !lookups.has(name));
    expect(facts).toHaveLength(13);
    for (const view of facts) {
      const columns = await client.query<{ name: string; type: string }>(
        'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {view:String} ORDER BY position',
        { view },
      );
      const types = Object.fromEntries(columns.map((column) => [column.name, column.type]));
      expect({ view, business_date: types.business_date, month: types.month, year: types.year, branch_id: types.branch_id, region_id: types.region_id }).toEqual({
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

  describe('server DDL in deploy/clickhouse/', () => {
    const files = readdirSync(DEPLOY_DIR).filter((name) => name.endsWith('.sql')).sort();

    it('has the access, views and analyst-template files', () => {
      expect(files).toEqual(['bi-access.sql', 'bi-analyst-template.sql', 'bi-views.sql']);
    });

    it.each(files)('%s: every statement parses (formatQuery on the embedded engine)', async (file) => {
      const statements = splitSqlStatements(readFileSync(join(DEPLOY_DIR, file), 'utf8'), { requireSeparatorAtLineEnd: true });
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        const [row] = await client.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql: statement.sql });
        expect({ file, line: statement.line, parsed: (row?.formatted ?? '').length > 0 }).toEqual({ file, line: statement.line, parsed: true });
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
