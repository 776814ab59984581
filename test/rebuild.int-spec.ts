/**
 * Invariant 6: a projection rebuild builds new tables beside the live ones from the whole event
 * store and swaps them in; readers never see a half-built model, and the rebuilt figures equal the
 * figures the live projection produced. Real Postgres (the command side over HTTP), embedded
 * ClickHouse (every embedded-engine test of the rebuild lives in this one file).
 */
import { ClickHouseClient, createClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, parseEvent } from '@app/contracts';
import { CommitPosition, START_OF_STORE } from '@app/event-store';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, ClickHouseProjectionSink, FACT_VEHICLE_SALES, StoreBranchCalendar } from '@app/projections';
import { evaluateKpis } from '@app/kpi';
import { SalesModule } from '@app/sales';
import { CommandTestApp, startCommandTestApp, useTestClickHouse } from '@app/testing';
import { randomUUID } from 'node:crypto';
// Not re-exported from @app/projections yet (libs/projections/src/index.ts belongs to the lead).
import { ProjectionRebuild, rebuildProjections } from '@app/projections';

const cny = (net: string, tax: string, gross: string) => ({ currency: 'CNY', net, tax, gross });
const eur = (net: string, tax: string, gross: string) => ({ currency: 'EUR', net, tax, gross });

const delivery = (overrides: Record<string, unknown> = {}) => ({
  branchId: 'SH-01',
  vin: 'LSVAU2180N2183294',
  model: 'Lavida',
  condition: 'new',
  consultantId: 'E-1',
  invoice: cny('100000.00', '13000.00', '113000.00'),
  cost: cny('92000.00', '11960.00', '103960.00'),
  occurredAt: '2026-01-20T03:00:00Z',
  ...overrides,
});

const TABLES = [...new Set(ALL_PROJECTIONS.map((p) => p.table))];
const quiet = { log: () => undefined, warn: () => undefined };

describe('projection rebuild: shadow tables from the whole event store, swapped in at the end (real Postgres, embedded ClickHouse)', () => {
  let t: CommandTestApp;
  let client: ClickHouseClient;
  let calendar: StoreBranchCalendar;
  let liveSink: ClickHouseProjectionSink;
  let projectedUpTo: CommitPosition = START_OF_STORE;
  const VEHICLE_KPIS = ['revenue_new_vehicles', 'revenue_used_vehicles', 'units_delivered', 'units_returned'] as const;
  type Report = Record<(typeof VEHICLE_KPIS)[number], string[][]>;

  /** The live projector: every event committed since the last call, into the live tables. */
  async function projectLive(): Promise<void> {
    for (;;) {
      const batch = await t.store.readCommittedAfter(projectedUpTo, 100);
      if (batch.length === 0) return;
      const events = batch.map((c) => parseEvent(c.event)).flatMap((p): DomainEvent[] => (p.ok ? [p.event] : []));
      const { rejected } = await liveSink.write(events);
      expect(rejected).toEqual([]);
      projectedUpTo = batch[batch.length - 1]!.position;
    }
  }

  async function counts(suffix = ''): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await client.query<{ n: string }>(`SELECT count() AS n FROM ${table}${suffix} FINAL`);
      result[table] = Number(row?.n);
    }
    return result;
  }

  /** What the pages show: the vehicle KPIs through the KPI engine, [branch, month, currency, value] per branch and month. */
  const report = async (): Promise<Report> => {
    const points = await evaluateKpis(client, VEHICLE_KPIS, {
      from: '2026-01-01',
      to: '2026-03-31',
      bucket: 'month',
      level: 'branch',
      currency: 'branch',
      now: new Date(),
    });
    return Object.fromEntries(
      VEHICLE_KPIS.map((id) => [id, (points.get(id) ?? []).map((p) => [p.unitId, p.period, p.currency ?? '', p.value ?? ''])]),
    ) as Report;
  };

  async function shadowTables(): Promise<string[]> {
    const rows = await client.query<{ name: string }>(
      `SELECT name FROM system.tables WHERE database = {db:String} AND name LIKE '%\\_\\_rebuild' ORDER BY name`,
      { db: client.database },
    );
    return rows.map((r) => r.name);
  }

  async function corrupt(): Promise<string> {
    const bogus = randomUUID();
    await client.insert(FACT_VEHICLE_SALES, [
      {
        event_id: bogus,
        event_type: 'VehicleDelivered',
        branch_id: 'SH-01',
        business_date: '2026-01-15',
        occurred_at: '2026-01-15 02:00:00.000',
        vehicle_sale_id: 'VS-BOGUS',
        vin: 'LSVAU2180N2183294',
        model: 'Phantom',
        revenue_stream: 'new_vehicle',
        currency: 'CNY',
        units: 1,
        revenue_net: '999999.99',
        revenue_tax: '0.00',
        revenue_gross: '999999.99',
        cost_net: '0.00',
        global_position: '999999999',
      },
    ]);
    return bogus;
  }

  const bogusRows = async (eventId: string) =>
    Number((await client.query<{ n: string }>(`SELECT count() AS n FROM ${FACT_VEHICLE_SALES} FINAL WHERE event_id = {id:UUID}`, { id: eventId }))[0]?.n);

  beforeAll(async () => {
    t = await startCommandTestApp('rebuild', [SalesModule]);
    await t.openBranch('SH-01');
    await t.openBranch('LATE-01', { cutoffMinutes: 240 });
    await t.openBranch('MAD-01', { currency: 'EUR', timeZone: 'Europe/Madrid' });
    const sale = (id: string, action: string) => `/api/v1/sales/vehicle-sales/${id}/${action}`;
    await t.http().post(sale('VS-1', 'delivery')).send(delivery()).expect(201);
    await t
      .http()
      .post(sale('VS-2', 'delivery'))
      .send(delivery({ condition: 'used', invoice: cny('0.10', '0.01', '0.11'), cost: cny('0.05', '0.00', '0.05') }))
      .expect(201);
    // 00:30 on 1 Feb in Shanghai, but LATE-01's business day turns at 04:00: a January sale.
    await t
      .http()
      .post(sale('VS-3', 'delivery'))
      .send(delivery({ branchId: 'LATE-01', occurredAt: '2026-01-31T16:30:00Z' }))
      .expect(201);
    // 00:30 on 1 Feb in Madrid: a February sale.
    await t
      .http()
      .post(sale('VS-4', 'delivery'))
      .send(
        delivery({
          branchId: 'MAD-01',
          invoice: eur('30000.00', '6300.00', '36300.00'),
          cost: eur('27000.00', '5670.00', '32670.00'),
          occurredAt: '2026-01-31T23:30:00Z',
        }),
      )
      .expect(201);
    await t
      .http()
      .post(sale('VS-1', 'return'))
      .send({
        branchId: 'SH-01',
        reason: 'gearbox defect',
        invoiceReversed: cny('100000.00', '13000.00', '113000.00'),
        costReversed: cny('92000.00', '11960.00', '103960.00'),
        occurredAt: '2026-02-02T03:00:00Z',
      })
      .expect(201);
    // A stored event no current code can read: counted and reported by the rebuild, not fatal.
    await t.store.append(
      `junk-${randomUUID()}`,
      'any',
      [{ eventId: randomUUID(), type: 'NoSuchEvent', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00Z', branchId: 'SH-01', payload: {} }],
      { actor: { kind: 'system', id: 'test' }, correlationId: randomUUID(), causationId: null },
    );

    useTestClickHouse();
    client = await createClickHouseClient();
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: quiet });
    calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(t.store));
    liveSink = new ClickHouseProjectionSink(client, ALL_PROJECTIONS, { calendar });
    await projectLive();
  });

  afterAll(async () => {
    await client?.close();
    await t?.stop();
  });

  // SH-01: VS-1 (new) and VS-2 (used, 0.10) in January, VS-1 returned in February; LATE-01's sale after
  // midnight is January's (cut-off 04:00); MAD-01's is February's in Madrid.
  const expectedReport: Report = {
    revenue_new_vehicles: [
      ['LATE-01', '2026-01', 'CNY', '100000.00'],
      ['MAD-01', '2026-02', 'EUR', '30000.00'],
      ['SH-01', '2026-01', 'CNY', '100000.00'],
      ['SH-01', '2026-02', 'CNY', '-100000.00'],
    ],
    revenue_used_vehicles: [
      ['LATE-01', '2026-01', 'CNY', '0.00'],
      ['MAD-01', '2026-02', 'EUR', '0.00'],
      ['SH-01', '2026-01', 'CNY', '0.10'],
      ['SH-01', '2026-02', 'CNY', '0.00'],
    ],
    units_delivered: [
      ['LATE-01', '2026-01', '', '1'],
      ['MAD-01', '2026-02', '', '1'],
      ['SH-01', '2026-01', '', '2'],
      ['SH-01', '2026-02', '', '0'],
    ],
    units_returned: [
      ['LATE-01', '2026-01', '', '0'],
      ['MAD-01', '2026-02', '', '0'],
      ['SH-01', '2026-01', '', '0'],
      ['SH-01', '2026-02', '', '1'],
    ],
  };

  it('repairs a corrupted live model: readers see the old figures until the swap, then exactly the original ones', async () => {
    const original = await report();
    const originalCounts = await counts();
    expect(original).toEqual(expectedReport);
    expect(originalCounts).toMatchObject({ fact_vehicle_sales: 5, org_branches: 3 });

    const bogus = await corrupt();
    const corrupted = await report();
    expect(corrupted).not.toEqual(original);

    const rebuild = await ProjectionRebuild.build({ store: t.store, client, projections: ALL_PROJECTIONS, calendar, batchSize: 4 });
    // Built, not swapped: the live tables answer exactly as before (bogus row included), the shadows hold the store.
    expect(await report()).toEqual(corrupted);
    expect(await bogusRows(bogus)).toBe(1);
    expect(await counts('__rebuild')).toEqual(originalCounts);
    expect(await shadowTables()).toEqual(TABLES.map((table) => `${table}__rebuild`).sort());
    const eventCount = await t.eventCount();
    expect(rebuild.report).toMatchObject({ eventsRead: eventCount, unparseable: 1, rejected: 0 });
    expect(rebuild.report.rowsWritten[FACT_VEHICLE_SALES]).toBe(5);
    // The default KPI settings come from migrations (0002: rework window, follow-up days, group currency; 0022: the
    // sales activity quotas), not from events: carried over, not lost.
    expect(rebuild.report.seedRowsCopied).toEqual({ org_kpi_settings: 5 });
    expect(rebuild.report.problems).toEqual([expect.objectContaining({ kind: 'unparseable', type: 'NoSuchEvent' })]);

    const done = await rebuild.swap();

    expect(await report()).toEqual(original);
    expect(await counts()).toEqual(originalCounts);
    expect(await bogusRows(bogus)).toBe(0);
    expect(await shadowTables()).toEqual([]);
    expect(done.caughtUpEvents).toBe(0);
    expect(done.eventsPerSecond).toBeGreaterThan(0);
  });

  it('keeps the engine, partition and sort key of the live table through the swap, and the views over it', async () => {
    const [table] = await client.query<{ engine: string; sorting_key: string; partition_key: string }>(
      `SELECT engine, sorting_key, partition_key FROM system.tables WHERE database = {db:String} AND name = {name:String}`,
      { db: client.database, name: FACT_VEHICLE_SALES },
    );
    expect(table).toEqual({ engine: 'ReplacingMergeTree', sorting_key: 'branch_id, business_date, event_id', partition_key: 'toYYYYMM(business_date)' });
    // dim_branch is a view over org_branches: it reads the swapped-in table.
    const branches = await client.query<{ branch_id: string }>(`SELECT branch_id FROM dim_branch ORDER BY branch_id`);
    expect(branches.map((b) => b.branch_id)).toEqual(['LATE-01', 'MAD-01', 'SH-01']);
  });

  it('replaces a stale shadow and keeps events committed (and projected live) during the rebuild', async () => {
    // A shadow left behind by a crashed rebuild, with junk in it.
    await client.command(`CREATE TABLE ${FACT_VEHICLE_SALES}__rebuild AS ${FACT_VEHICLE_SALES}`);
    await client.command(`INSERT INTO ${FACT_VEHICLE_SALES}__rebuild SELECT * FROM ${FACT_VEHICLE_SALES}`);
    await corrupt();

    const rebuild = await ProjectionRebuild.build({ store: t.store, client, projections: ALL_PROJECTIONS, calendar });
    expect(await counts('__rebuild')).toMatchObject({ fact_vehicle_sales: 5 });
    // A delivery recorded after the build read the store; the live projector writes it into the old table.
    await t
      .http()
      .post('/api/v1/sales/vehicle-sales/VS-5/delivery')
      .send(delivery({ occurredAt: '2026-03-03T03:00:00Z' }))
      .expect(201);
    await projectLive();

    const done = await rebuild.swap();

    expect(done.caughtUpEvents).toBe(1);
    expect(done.caughtUpRows[FACT_VEHICLE_SALES]).toBe(1);
    expect(await report()).toEqual({
      revenue_new_vehicles: [...expectedReport.revenue_new_vehicles, ['SH-01', '2026-03', 'CNY', '100000.00']],
      revenue_used_vehicles: [...expectedReport.revenue_used_vehicles, ['SH-01', '2026-03', 'CNY', '0.00']],
      units_delivered: [...expectedReport.units_delivered, ['SH-01', '2026-03', '', '1']],
      units_returned: [...expectedReport.units_returned, ['SH-01', '2026-03', '', '0']],
    });
    expect(await shadowTables()).toEqual([]);
  });

  it('rebuilds in one call with the same figures every time; discard leaves the live model alone', async () => {
    const before = await report();
    const beforeCounts = await counts();
    const done = await rebuildProjections({ store: t.store, client, projections: ALL_PROJECTIONS, calendar, batchSize: 2 });
    expect(done.eventsRead).toBe(await t.eventCount());
    expect(await report()).toEqual(before);
    expect(await counts()).toEqual(beforeCounts);

    const bogus = await corrupt();
    const rebuild = await ProjectionRebuild.build({ store: t.store, client, projections: ALL_PROJECTIONS, calendar });
    await rebuild.discard();
    expect(await bogusRows(bogus)).toBe(1);
    expect(await shadowTables()).toEqual([]);
  });
});
