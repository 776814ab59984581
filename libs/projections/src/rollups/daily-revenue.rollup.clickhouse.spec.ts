import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, parseEvent } from '@app/contracts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { UniformBranchCalendar } from '../business-date';
import { ClickHouseProjectionSink } from '../clickhouse-projection.sink';
import { PARTS_PROJECTIONS } from '../parts';
import { vehicleSalesProjection } from '../vehicle-sales.projection';
import { SERVICE_PROJECTIONS } from '../workshop';
import { ALL_ROLLUPS, dailyRevenueRollup, rebuildRollup, ROLLUP_DAILY_REVENUE } from '.';

const FIXTURES = join(__dirname, '..', '..', '..', 'contracts', 'fixtures');
const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });
let position = 100;

/** A published fixture as a new event: fresh id and position, another time and branch if asked. */
function event(fixture: string, change: { occurredAt?: string; branchId?: string; payload?: Record<string, unknown> } = {}): DomainEvent {
  const raw = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.v1.json`), 'utf8')) as Record<string, unknown>;
  position += 1;
  const parsed = parseEvent({
    ...raw,
    eventId: randomUUID(),
    globalPosition: String(position),
    ...(change.occurredAt ? { occurredAt: change.occurredAt } : {}),
    ...(change.branchId ? { branchId: change.branchId } : {}),
    payload: { ...(raw.payload as object), ...change.payload },
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

describe('rollup_daily_revenue on the embedded ClickHouse engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-rollup-ch-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;

  const rollup = () =>
    client.query<{ business_date: string; stream: string; revenue_net: string; fact_rows: string }>(
      `SELECT business_date, stream, revenue_net, fact_rows FROM ${ROLLUP_DAILY_REVENUE} FINAL WHERE branch_id = 'SH-01' ORDER BY business_date, stream`,
    );

  /** The same figures straight from the deduplicated facts, written independently of the roll-up's SQL. */
  const fromFacts = () =>
    client.query<{ business_date: string; stream: string; revenue_net: string }>(
      `SELECT business_date, stream, sum(net) AS revenue_net FROM (
          SELECT business_date, toString(revenue_stream) AS stream, revenue_net AS net FROM fact_vehicle_sales FINAL WHERE branch_id = 'SH-01'
          UNION ALL SELECT business_date, 'service_labour', labour_net FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01' AND kpi_included = 1
          UNION ALL SELECT business_date, 'service_parts', parts_net FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01' AND kpi_included = 1
          UNION ALL SELECT business_date, 'service_sublet', sublet_net FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01' AND kpi_included = 1
          UNION ALL SELECT business_date, 'parts_counter', revenue_net FROM fact_parts_sales FINAL WHERE branch_id = 'SH-01'
          UNION ALL SELECT business_date, 'accessories', revenue_net FROM fact_accessory_sales FINAL WHERE branch_id = 'SH-01')
        GROUP BY business_date, stream ORDER BY business_date, stream`,
    );

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'rollup_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    sink = new ClickHouseProjectionSink(client, [vehicleSalesProjection, ...SERVICE_PROJECTIONS, ...PARTS_PROJECTIONS], { calendar }, ALL_ROLLUPS);
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const firstBatch = [
    event('sales/VehicleDelivered', { occurredAt: '2026-01-20T03:00:00.000Z' }),
    event('sales/VehicleDelivered', { occurredAt: '2026-01-20T05:00:00.000Z', payload: { vehicleSaleId: 'VS-2' } }),
    event('workshop/RepairOrderClosed', { occurredAt: '2026-01-20T08:00:00.000Z' }),
    event('workshop/RepairOrderClosed', { occurredAt: '2026-01-20T09:00:00.000Z', payload: { repairOrderId: 'RO-PDI', jobType: 'pdi', payer: 'internal' } }),
    event('parts/PartsSold', { occurredAt: '2026-01-21T03:30:00.000Z' }),
    event('parts/AccessorySold', { occurredAt: '2026-01-21T06:00:00.000Z' }),
    event('sales/VehicleDelivered', { occurredAt: '2026-01-20T03:00:00.000Z', branchId: 'BJ-01' }),
  ];

  it('holds, for every day and stream, exactly the sums of the deduplicated facts (internal and PDI left out)', async () => {
    await sink.write(firstBatch);
    const rows = await rollup();
    expect(rows.map(({ business_date, stream, revenue_net }) => ({ business_date, stream, revenue_net }))).toEqual(await fromFacts());
    expect(rows.map((r) => r.stream)).toEqual(expect.arrayContaining(['new_vehicle', 'service_labour', 'service_parts', 'parts_counter', 'accessories']));
    expect(rows.find((r) => r.stream === 'new_vehicle')?.fact_rows).toBe('2');
  });

  it('is unchanged when the same batch is delivered again', async () => {
    const before = await rollup();
    await sink.write(firstBatch);
    await sink.write(firstBatch.slice(2, 4));
    expect(await rollup()).toEqual(before);
  });

  it('takes in a late event for a day it already holds, and a return on its own day', async () => {
    const late = event('sales/VehicleDelivered', { occurredAt: '2026-01-20T10:00:00.000Z', payload: { vehicleSaleId: 'VS-LATE' } });
    const returned = event('sales/VehicleReturned', { occurredAt: '2026-02-02T03:00:00.000Z' });
    await sink.write([late, returned]);
    const rows = await rollup();
    expect(rows.map(({ business_date, stream, revenue_net }) => ({ business_date, stream, revenue_net }))).toEqual(await fromFacts());
    expect(rows.find((r) => r.business_date === '2026-01-20' && r.stream === 'new_vehicle')?.fact_rows).toBe('3');
    expect(rows.find((r) => r.business_date === '2026-02-02')?.revenue_net.startsWith('-')).toBe(true);
  });

  it('keeps the refresh that saw more facts, whatever order two refreshes land in', async () => {
    const [current] = (await rollup()).filter((r) => r.business_date === '2026-01-20' && r.stream === 'new_vehicle');
    // A slower refresh that read the day before the late delivery lands last: it must not win.
    await client.insert(ROLLUP_DAILY_REVENUE, [
      { branch_id: 'SH-01', business_date: '2026-01-20', stream: 'new_vehicle', currency: 'CNY', revenue_net: '1.00', fact_rows: 2 },
    ]);
    const [after] = (await rollup()).filter((r) => r.business_date === '2026-01-20' && r.stream === 'new_vehicle');
    expect(after).toEqual(current);
  });

  it('is rebuilt whole from the facts beside the live table, dropping what no fact supports', async () => {
    const expected = await rollup();
    await client.insert(ROLLUP_DAILY_REVENUE, [
      { branch_id: 'SH-01', business_date: '2026-03-03', stream: 'new_vehicle', currency: 'CNY', revenue_net: '999.00', fact_rows: 99 },
    ]);
    await rebuildRollup(client, dailyRevenueRollup);
    expect(await rollup()).toEqual(expected);
    const [shadows] = await client.query<{ n: string }>(`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name LIKE '%__rebuild'`);
    expect(shadows?.n).toBe('0');
  });
});
