import { ClickHouseClient, SCHEMA_MIGRATIONS_TABLE } from '@app/clickhouse';
import { DomainEvent, parseEvent } from '@app/contracts';
import { CommittedEvent, EventStore, START_OF_STORE } from '@app/event-store';
import { evaluateKpis, KpiPoint, KpiQuery } from '@app/kpi';
import { EventStoreBranchDirectory } from '@app/org';
import { ALL_PROJECTIONS, DIM_SALE_ORDERS, refreshPendingKpiMonths, ROLLUP_KPI_PENDING, StoreBranchCalendar } from '@app/projections';
import { PROJECTOR_EVENTS, ROLLUP_DEFINITIONS, ROLLUP_KPI_MONTH, ROLLUP_POSITIONS } from '@app/kpi';
import { LOAD_MONTHS } from './load';

/**
 * Everything a reader of the read model could see: the full contents of every table (facts,
 * dimensions, roll-ups) read with FINAL, and a handful of KPI figures as the pages show them (the
 * KPI engine, evaluateKpis).
 * Two snapshots are equal exactly when no figure differs.
 */
export interface ReadModelSnapshot {
  /** Table → its rows as JSON text, sorted. */
  readonly tables: Record<string, string[]>;
  readonly kpis: Record<string, unknown>;
  /** The positions the projector recorded as projected (as-of marks, ADR 18), ascending. */
  readonly projectedPositions: string[];
}

/**
 * Every MergeTree table of the client's database except bookkeeping: the migrations log, the KPI
 * roll-up's pending ranges and the roll-up definitions (what waits for a recompute and when a
 * roll-up was computed, not figures), and the as-of positions the projector and the roll-up
 * refresher record (how far they have got, written by the running processes; ADR 18).
 */
export async function readModelTables(client: ClickHouseClient): Promise<{ name: string; sortingKey: string }[]> {
  const rows = await client.query<{ name: string; sorting_key: string }>(
    `SELECT name, sorting_key FROM system.tables
      WHERE database = currentDatabase() AND engine LIKE '%MergeTree' AND name NOT IN {bookkeeping:Array(String)}
      ORDER BY name`,
    { bookkeeping: [SCHEMA_MIGRATIONS_TABLE, ROLLUP_KPI_PENDING, ROLLUP_DEFINITIONS, PROJECTOR_EVENTS, ROLLUP_POSITIONS] },
  );
  return rows.map((r) => ({ name: r.name, sortingKey: r.sorting_key }));
}

export async function snapshotReadModel(client: ClickHouseClient): Promise<ReadModelSnapshot> {
  const tables: Record<string, string[]> = {};
  // The KPI month roll-up as a reader sees it once the projector's refresher caught up; its
  // version is when it was recomputed (a clock), not a figure.
  await refreshPendingKpiMonths(client);
  for (const { name } of await readModelTables(client)) {
    // Table names come from system.tables, never from input.
    const rows = await client.query<object>(`SELECT * ${name === ROLLUP_KPI_MONTH ? 'EXCEPT (version)' : ''} FROM ${name} FINAL`);
    tables[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  const [y, m] = LOAD_MONTHS.toMonth.split('-').map(Number) as [number, number];
  // A fixed report instant: the provisional flags are the same in every snapshot.
  const months: KpiQuery = {
    from: `${LOAD_MONTHS.fromMonth}-01`,
    to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10),
    bucket: 'month',
    level: 'branch',
    currency: 'branch',
    now: new Date('2027-01-01T00:00:00Z'),
  };
  const read = async (kpiIds: readonly string[], query: KpiQuery) => Object.fromEntries(await evaluateKpis(client, kpiIds, query));
  const kpis: Record<string, unknown> = {
    vehicleSalesByBranch: await read(VEHICLE_KPIS, months),
    vehicleSalesGroupQuarterCny: await read(VEHICLE_KPIS, { ...months, level: 'group', bucket: 'quarter', currency: 'group' }),
    vehicleSalesByRegion: await read(VEHICLE_KPIS, { ...months, level: 'region' }),
    sales: await read(['collections', 'leads', 'test_drives', 'orders_signed', 'order_cancellations', 'lead_to_order_conversion'], months),
    service: await read(['service_revenue', 'hours_sold', 'per_vehicle_yield', 'rework_rate', 'csi_service', 'csi_response_rate', 'csi_top_box'], months),
    serviceRevenueByRegion: await read(['service_revenue'], { ...months, level: 'region' }),
    parts: await read(['parts_counter_sales', 'parts_margin', 'accessory_sales'], months),
  };
  const projected = await client.query<{ position: string }>(
    `SELECT toString(global_position) AS position FROM ${PROJECTOR_EVENTS} FINAL ORDER BY global_position`,
  );
  return { tables, kpis, projectedPositions: projected.map((p) => p.position) };
}

/** Every event of the store, in commit order. */
export async function readWholeStore(store: EventStore): Promise<CommittedEvent[]> {
  const all: CommittedEvent[] = [];
  let position = START_OF_STORE;
  for (;;) {
    const batch = await store.readCommittedAfter(position, 2000);
    const last = batch.at(-1);
    if (!last) return all;
    all.push(...batch);
    position = last.position;
  }
}

/** What the fact tables must hold, worked out from the event store alone with the pure projections. */
export interface ExpectedFacts {
  /** Fact table → event id → how many rows its events project to. */
  readonly rowsByTable: Map<string, Map<string, number>>;
  /** `branch|vehicle sale` → the event id of the sale's latest OrderSigned (dim_sale_orders keeps that one). */
  readonly latestSigningBySale: Map<string, string>;
  readonly events: number;
}

export async function expectedFactsFromStore(store: EventStore): Promise<ExpectedFacts> {
  const committed = await readWholeStore(store);
  const events: DomainEvent[] = committed.map(({ event }) => {
    const parsed = parseEvent(event);
    if (!parsed.ok) throw new Error(`the store holds an event that does not parse: ${parsed.reason}`);
    return parsed.event;
  });
  const calendar = new StoreBranchCalendar(new EventStoreBranchDirectory(store));
  await calendar.prepare(events.map((e) => e.branchId));
  const rowsByTable = new Map<string, Map<string, number>>();
  const latestSigningBySale = new Map<string, string>();
  for (const event of events) {
    // The store is read in position order: a later signing of the same sale replaces the earlier.
    if (event.type === 'OrderSigned') latestSigningBySale.set(`${event.branchId}|${event.payload.vehicleSaleId}`, event.eventId);
    for (const projection of ALL_PROJECTIONS) {
      if (!projection.table.startsWith('fact_')) continue;
      await calendar.prepare(projection.otherBranches?.(event) ?? []);
      const rows = projection.project(event, { calendar });
      if (rows.length === 0) continue;
      const byEvent = rowsByTable.get(projection.table) ?? new Map<string, number>();
      byEvent.set(event.eventId, (byEvent.get(event.eventId) ?? 0) + rows.length);
      rowsByTable.set(projection.table, byEvent);
    }
  }
  return { rowsByTable, latestSigningBySale, events: events.length };
}

/**
 * Compares the fact tables keyed by event with what the store implies: every event's rows are
 * there (none lost) and no more (none counted twice). Returns the differences, empty when none.
 */
export async function factDifferences(client: ClickHouseClient, expected: ExpectedFacts): Promise<string[]> {
  const problems: string[] = [];
  const tables = new Map((await readModelTables(client)).map((t) => [t.name, t.sortingKey]));
  for (const [table, byEvent] of expected.rowsByTable) {
    const sortingKey = tables.get(table);
    if (sortingKey === undefined) {
      problems.push(`${table}: missing`);
      continue;
    }
    // Tables keyed by something else than the event (a month-end snapshot) keep one row per key.
    if (!sortingKey.split(',').some((column) => column.trim() === 'event_id')) continue;
    const actual = await client.query<{ event_id: string; rows: string }>(
      `SELECT toString(event_id) AS event_id, count() AS rows FROM ${table} FINAL GROUP BY event_id`,
    );
    const actualByEvent = new Map(actual.map((r) => [r.event_id, Number(r.rows)]));
    const lost = [...byEvent.keys()].filter((id) => !actualByEvent.has(id));
    const unexpected = [...actualByEvent.keys()].filter((id) => !byEvent.has(id));
    const miscounted = [...byEvent].filter(([id, rows]) => actualByEvent.has(id) && actualByEvent.get(id) !== rows);
    if (lost.length > 0) problems.push(`${table}: ${lost.length} event(s) lost, e.g. ${lost.slice(0, 3).join(', ')}`);
    if (unexpected.length > 0) problems.push(`${table}: ${unexpected.length} event(s) not in the store, e.g. ${unexpected.slice(0, 3).join(', ')}`);
    if (miscounted.length > 0)
      problems.push(`${table}: ${miscounted.length} event(s) with the wrong number of rows, e.g. ${JSON.stringify(miscounted.slice(0, 3))}`);
  }
  // The orders by sale (keyed by sale, not by event): exactly one row per sale, its latest signing.
  const signings = await client.query<{ sale: string; event_id: string }>(
    `SELECT concat(branch_id, '|', vehicle_sale_id) AS sale, toString(event_id) AS event_id FROM ${DIM_SALE_ORDERS} FINAL`,
  );
  const actualSignings = new Map(signings.map((r) => [r.sale, r.event_id]));
  const wrongSignings = [...expected.latestSigningBySale].filter(([sale, eventId]) => actualSignings.get(sale) !== eventId);
  const extraSignings = [...actualSignings.keys()].filter((sale) => !expected.latestSigningBySale.has(sale));
  if (signings.length !== actualSignings.size) problems.push(`${DIM_SALE_ORDERS}: ${signings.length - actualSignings.size} sale(s) with more than one row`);
  if (wrongSignings.length > 0)
    problems.push(`${DIM_SALE_ORDERS}: ${wrongSignings.length} sale(s) missing or not on their latest signing, e.g. ${wrongSignings.slice(0, 3).join(', ')}`);
  if (extraSignings.length > 0)
    problems.push(`${DIM_SALE_ORDERS}: ${extraSignings.length} sale(s) not in the store, e.g. ${extraSignings.slice(0, 3).join(', ')}`);
  return problems;
}

const VEHICLE_KPIS = [
  'units_delivered',
  'units_returned',
  'revenue_new_vehicles',
  'revenue_used_vehicles',
  'vehicle_returns_amount',
  'vehicle_gross_profit',
  'vehicle_gross_margin',
];

/** Cents of an exact two-decimal amount. */
function cents(amount: string): bigint {
  const match = /^(-?)(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new RangeError(`not an amount with two decimals: ${amount}`);
  const value = BigInt(match[2]!) * 100n + BigInt(match[3]!);
  return match[1] === '-' ? -value : value;
}

/** Total vehicle revenue (cents, exact, new and used) and units from the engine's figures of a snapshot (branch × month). */
export function vehicleTotals(snapshot: ReadModelSnapshot): { revenueCents: bigint; delivered: number; returned: number } {
  const byKpi = snapshot.kpis.vehicleSalesByBranch as Record<string, KpiPoint[]>;
  const sum = <T>(kpiId: string, of: (p: KpiPoint) => T, add: (a: T, b: T) => T, zero: T) => (byKpi[kpiId] ?? []).reduce((total, p) => add(total, of(p)), zero);
  const money = (kpiId: string) =>
    sum(
      kpiId,
      (p) => cents(p.value ?? '0.00'),
      (a, b) => a + b,
      0n,
    );
  const units = (kpiId: string) =>
    sum(
      kpiId,
      (p) => Number(p.value),
      (a, b) => a + b,
      0,
    );
  return {
    revenueCents: money('revenue_new_vehicles') + money('revenue_used_vehicles'),
    delivered: units('units_delivered'),
    returned: units('units_returned'),
  };
}
