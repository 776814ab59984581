import { EventMetadata, NewEvent } from '@app/contracts';
import { createTestDatabase, expectEventually, TestDatabase, uniqueId } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CheckpointStore } from './checkpoint-store';
import { openEventStoreDataSource } from './data-source';
import { EventStore, START_OF_STORE } from './event-store';
import { EventIdConflictError, WrongExpectedVersionError } from './event-store.errors';

const metadata: EventMetadata = {
  actor: { kind: 'user', id: 'u-1' },
  correlationId: 'corr-1',
  causationId: null,
};

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'TestHappened',
    schemaVersion: 1,
    occurredAt: '2026-01-04T02:00:00.000Z',
    branchId: 'SH-01',
    payload: { n: 1 },
    ...overrides,
  };
}

describe('EventStore on real Postgres', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase('es');
    dataSource = await openEventStoreDataSource({ url: db.url });
    store = new EventStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('appends events at consecutive stream positions and reads them back', async () => {
    const streamId = uniqueId('s-');
    const first = await store.append(streamId, 0, [newEvent(), newEvent()], metadata);
    expect(first.streamVersion).toBe(2);
    expect(first.duplicate).toBe(false);
    const second = await store.append(streamId, 2, [newEvent({ payload: { n: 3 } })], metadata);
    expect(second.events[0]?.streamPosition).toBe(3);

    const read = await store.readStream(streamId);
    expect(read.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    expect(read[2]).toMatchObject({ type: 'TestHappened', payload: { n: 3 }, actor: metadata.actor, branchId: 'SH-01' });
  });

  it('rejects an append at a stale expected version with a typed error', async () => {
    const streamId = uniqueId('s-');
    await store.append(streamId, 0, [newEvent()], metadata);
    await expect(store.append(streamId, 0, [newEvent()], metadata)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.append(streamId, 0, [newEvent()], metadata)).rejects.toMatchObject({
      code: 'STREAM_VERSION_CONFLICT',
      actualVersion: 1,
    });
  });

  it('lets exactly one of two concurrent appends at the same expected version succeed', async () => {
    for (let round = 0; round < 10; round++) {
      const streamId = uniqueId('race-');
      await store.append(streamId, 0, [newEvent()], metadata);
      const results = await Promise.allSettled([
        store.append(streamId, 1, [newEvent({ payload: { who: 'a' } })], metadata),
        store.append(streamId, 1, [newEvent({ payload: { who: 'b' } })], metadata),
      ]);
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream(streamId)).toHaveLength(2);
    }
  });

  it('treats a known eventId as a no-op that returns the stored event', async () => {
    const streamId = uniqueId('s-');
    const event = newEvent();
    const first = await store.append(streamId, 0, [event], metadata);
    const again = await store.append(streamId, 0, [{ ...event, payload: { changed: true } }], metadata);
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(streamId)).toHaveLength(1);

    // Concurrent retries of the same event: one append, both answer with the stored event.
    const racing = newEvent();
    const raceStream = uniqueId('s-');
    const [a, b] = await Promise.all([store.append(raceStream, 'any', [racing], metadata), store.append(raceStream, 'any', [racing], metadata)]);
    expect(a.events[0]?.globalPosition).toBe(b.events[0]?.globalPosition);
    expect(await store.readStream(raceStream)).toHaveLength(1);
  });

  it('refuses a batch in which only some event ids are known', async () => {
    const streamId = uniqueId('s-');
    const known = newEvent();
    await store.append(streamId, 0, [known], metadata);
    await expect(store.append(streamId, 1, [known, newEvent()], metadata)).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it("appends after a read in one INSERT: a stale version or a stored event id aborts the caller's transaction with a typed error", async () => {
    const streamId = uniqueId('s-');
    const stored = newEvent();
    await store.append(streamId, 0, [stored], metadata);
    const appended = await dataSource.transaction((manager) => store.appendAfterRead(manager, streamId, 1, [newEvent(), newEvent()], metadata));
    expect(appended.events.map((e) => e.streamPosition)).toEqual([2, 3]);
    expect(appended.streamVersion).toBe(3);

    await expect(dataSource.transaction((manager) => store.appendAfterRead(manager, streamId, 1, [newEvent()], metadata))).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(dataSource.transaction((manager) => store.appendAfterRead(manager, streamId, 3, [stored], metadata))).rejects.toBeInstanceOf(
      EventIdConflictError,
    );
    expect(await store.readStream(streamId)).toHaveLength(3);
  });

  it('refuses an event too large for Kafka and its consumers, appending nothing', async () => {
    const streamId = uniqueId('big-');
    await expect(store.append(streamId, 0, [newEvent({ payload: { blob: 'x'.repeat(300 * 1024) } })], metadata)).rejects.toMatchObject({
      code: 'EVENT_TOO_LARGE',
    });
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('is append-only: updates and deletes are refused by the database', async () => {
    const streamId = uniqueId('s-');
    await store.append(streamId, 0, [newEvent()], metadata);
    await expect(dataSource.query(`UPDATE events SET payload = '{}' WHERE stream_id = $1`, [streamId])).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM events WHERE stream_id = $1`, [streamId])).rejects.toThrow(/append-only/);
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    const checkpoints = new CheckpointStore(dataSource);
    const readerName = uniqueId('reader-');
    // Start from the end of what is already there.
    let position = START_OF_STORE;
    for (;;) {
      const batch = await store.readCommittedAfter(position, 1000);
      if (batch.length === 0) break;
      position = batch[batch.length - 1]!.position;
    }
    await checkpoints.save(readerName, position);

    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const slowStream = uniqueId('slow-');
    const fastStream = uniqueId('fast-');
    try {
      // The slow transaction appends first (lower global position) but commits last.
      const slowAppend = await store.appendWithin(slow.manager, slowStream, 0, [newEvent()], metadata);
      const fastAppend = await store.append(fastStream, 0, [newEvent()], metadata);
      expect(BigInt(slowAppend.events[0]!.globalPosition)).toBeLessThan(BigInt(fastAppend.events[0]!.globalPosition));

      // While the slow one is open, the reader must not move past it.
      const whileOpen = await store.readCommittedAfter(await checkpoints.load(readerName), 1000);
      expect(whileOpen.map((c) => c.event.streamId)).not.toContain(fastStream);
      expect(whileOpen.map((c) => c.event.streamId)).not.toContain(slowStream);
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }

    // Both become readable once every transaction older than them has ended (other work on the
    // same server may still hold the snapshot's xmin back for a moment).
    const afterCommit = await expectEventually(async () => {
      const read = await store.readCommittedAfter(await checkpoints.load(readerName), 1000);
      expect(read.map((c) => c.event.streamId)).toEqual([slowStream, fastStream]);
      return read;
    });
    await checkpoints.save(readerName, afterCommit[afterCommit.length - 1]!.position);
    expect(await store.readCommittedAfter(await checkpoints.load(readerName), 1000)).toEqual([]);
  });

  it('reads transaction ids in numeric order where their digit counts differ (99 before 100), through the index', async () => {
    // A store of its own: rows of two old transactions, 99 and 100, written with explicit ids.
    const own = await createTestDatabase('es_order');
    const ownSource = await openEventStoreDataSource({ url: own.url });
    try {
      for (const [xid, stream] of [
        ['100', 'later'],
        ['99', 'earlier'],
      ] as const) {
        await ownSource.query(
          `INSERT INTO events (transaction_id, event_id, stream_id, stream_position, type, schema_version, branch_id, occurred_at, actor, correlation_id, payload)
           VALUES ($1::xid8, $2, $3, 1, 'TestHappened', 1, 'SH-01', now(), '{}'::jsonb, 'c', '{}'::jsonb)`,
          [xid, randomUUID(), stream],
        );
      }
      const ownStore = new EventStore(ownSource);
      const first = await ownStore.readCommittedAfter(START_OF_STORE, 1);
      expect(first.map((c) => [c.position.transactionId, c.event.streamId])).toEqual([['99', 'earlier']]);
      const rest = await ownStore.readCommittedAfter(first[0]!.position, 10);
      expect(rest.map((c) => [c.position.transactionId, c.event.streamId])).toEqual([['100', 'later']]);

      // A sort on the text of the ids (the old ORDER BY) could not use the commit-order index.
      const plan: { 'QUERY PLAN': string }[] = await ownSource.query(
        `EXPLAIN SELECT global_position, transaction_id::text AS transaction_id FROM events
          WHERE (transaction_id, global_position) > ('0'::xid8, 0::bigint) AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY events.transaction_id, events.global_position LIMIT 5`,
      );
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).not.toMatch(/Sort Key/);
    } finally {
      await ownSource.destroy();
      await own.drop();
    }
  });

  it('moves a checkpoint forward only', async () => {
    const checkpoints = new CheckpointStore(dataSource);
    const name = uniqueId('cp-');
    await checkpoints.save(name, { transactionId: '900', globalPosition: '20' });
    await checkpoints.save(name, { transactionId: '800', globalPosition: '30' });
    expect(await checkpoints.load(name)).toEqual({ transactionId: '900', globalPosition: '20' });
    await checkpoints.save(name, { transactionId: '900', globalPosition: '21' });
    expect(await checkpoints.load(name)).toEqual({ transactionId: '900', globalPosition: '21' });
  });
});
