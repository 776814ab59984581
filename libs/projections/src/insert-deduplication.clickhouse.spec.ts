/**
 * Insert deduplication on the embedded engine (docs/adr/0022-clickhouse-cluster.md): the sink
 * gives every insert a deduplication token per batch. A Replicated table (the cluster form)
 * drops a block whose token it has seen; a plain MergeTree does so only with
 * `non_replicated_deduplication_window`, which the single-node schema leaves off (FINAL already
 * collapses a redelivered event). This spec turns it on for one table to show that a re-sent
 * batch is dropped by the engine itself, and that a table without it keeps both copies (and
 * FINAL reads one).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent, VehicleDeliveredV1 } from '@app/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UniformBranchCalendar } from './business-date';
import { ClickHouseProjectionSink } from './clickhouse-projection.sink';
import { envelope } from './org/org-events.spec-helper';
import { vehicleSalesProjection } from './vehicle-sales.projection';

const calendar = new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 });

function delivered(n: number): DomainEvent {
  const payload: VehicleDeliveredV1 = {
    vehicleSaleId: `VS-${n}`,
    orderId: null,
    vin: 'LSVAU2180N2183294',
    model: 'Lavida',
    condition: 'new',
    consultantId: 'E-1',
    customerId: null,
    invoice: { currency: 'CNY', net: `${n}.00`, tax: '0.00', gross: `${n}.00` },
    cost: { currency: 'CNY', net: '0.00', tax: '0.00', gross: '0.00' },
  };
  return { ...envelope('VehicleDelivered', payload, { branchId: 'SH-01', occurredAt: '2026-01-05T03:00:00.000Z' }), globalPosition: String(n) };
}

describe('insert deduplication tokens on the embedded engine', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpi-dedup-ch-'));
  let client: EmbeddedClickHouseClient;
  const raw = async () => Number((await client.query<{ n: string }>('SELECT count() AS n FROM fact_vehicle_sales SETTINGS final = 0'))[0]?.n);
  const deduplicated = async () => Number((await client.query<{ n: string }>('SELECT count() AS n FROM fact_vehicle_sales FINAL'))[0]?.n);

  beforeAll(async () => {
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'dedup_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    // No merge may collapse duplicates before the counts below.
    await client.command('SYSTEM STOP MERGES fact_vehicle_sales');
  });

  afterAll(async () => {
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('without a deduplication window the engine stores a re-sent batch again, and FINAL reads it once', async () => {
    const sink = new ClickHouseProjectionSink(client, [vehicleSalesProjection], { calendar });
    const batch = [delivered(1), delivered(2)];
    await sink.write(batch);
    await sink.write(batch);
    expect(await raw()).toBe(4);
    expect(await deduplicated()).toBe(2);
  });

  it('with non_replicated_deduplication_window the engine drops a re-sent batch by its token; another batch is stored', async () => {
    await client.command('TRUNCATE TABLE fact_vehicle_sales');
    await client.command('ALTER TABLE fact_vehicle_sales MODIFY SETTING non_replicated_deduplication_window = 100');
    const sink = new ClickHouseProjectionSink(client, [vehicleSalesProjection], { calendar });
    const batch = [delivered(1), delivered(2), delivered(3)];
    await sink.write(batch);
    await sink.write(batch);
    expect(await raw()).toBe(3);
    // Grouped differently (a redelivery after a rebalance): another token, stored; FINAL still reads each event once.
    await sink.write(batch.slice(0, 2));
    expect(await raw()).toBe(5);
    expect(await deduplicated()).toBe(3);
  });
});
