import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { EventStore, openEventStoreDataSource } from '@app/event-store';
import { projectorPosition } from '@app/kpi';
import { createTestDatabase, TEST_METADATA, TestDatabase, useTestClickHouse, vehicleDelivered } from '@app/testing';
import { DataSource } from 'typeorm';
import { backfillProjectorEvents } from './backfill-projector-events';

/** An embedded deployment that projected events before projector_events existed (migration 0013). */
describe('backfillProjectorEvents (real Postgres, embedded ClickHouse)', () => {
  let db: TestDatabase;
  let source: DataSource;
  let clickhouse: EmbeddedClickHouseClient;

  beforeAll(async () => {
    db = await createTestDatabase('backfill');
    source = await openEventStoreDataSource({ url: db.url });
    const { dataDir, database } = useTestClickHouse();
    clickhouse = await EmbeddedClickHouseClient.open({ dataDir, database });
    await runClickHouseMigrations(clickhouse, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
  });

  afterAll(async () => {
    await clickhouse?.close();
    await source?.destroy();
    await db?.drop();
  });

  it('records the positions of the events up to the checkpoint, once, and nothing when there is no checkpoint', async () => {
    const store = new EventStore(source);
    const appended = [];
    for (let i = 0; i < 3; i++)
      appended.push((await store.append(`vehicle-sale-B-${i}`, 0, [vehicleDelivered({ payload: { vehicleSaleId: `B-${i}` } })], TEST_METADATA)).events[0]!);
    // The embedded projector's checkpoint after the second event (commit order).
    const second = (await store.readCommittedAfter({ transactionId: '0', globalPosition: '0' }, 2))[1]!;

    await expect(backfillProjectorEvents(source, clickhouse, { transactionId: '0', globalPosition: '0' })).resolves.toBe(0);
    await expect(backfillProjectorEvents(source, clickhouse, second.position)).resolves.toBe(2);
    await expect(projectorPosition(clickhouse)).resolves.toMatchObject({ position: appended[1]!.globalPosition, recordedAt: appended[1]!.recordedAt });
    // Not again: the projector writes its own rows from then on.
    await expect(
      backfillProjectorEvents(source, clickhouse, { transactionId: second.position.transactionId, globalPosition: appended[2]!.globalPosition }),
    ).resolves.toBe(0);
  });
});
