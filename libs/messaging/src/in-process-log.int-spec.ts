import { DomainEvent, NewEvent } from '@app/contracts';
import { CheckpointStore, EventStore, openEventStoreDataSource } from '@app/event-store';
import { createTestDatabase, expectEventually, runUntilHandedOver, TEST_METADATA, TestDatabase, vehicleDelivered } from '@app/testing';
import { DataSource } from 'typeorm';
import { EventSink, SinkResult } from './event-sink';
import { StoreFeedConsumer } from './in-process-log';

/** Records what it was handed; can fail its next writes like an unreachable ClickHouse. */
class RecordingSink implements EventSink {
  readonly name = 'recording';
  readonly written: string[] = [];
  failNext = 0;
  readonly refuse = new Set<string>();

  write(events: readonly DomainEvent[]): Promise<SinkResult> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('ClickHouse is unreachable'));
    }
    const rejected = events.filter((e) => this.refuse.has(e.eventId)).map((e) => ({ eventId: e.eventId, reason: 'projection failed: bad data' }));
    this.written.push(...events.filter((e) => !this.refuse.has(e.eventId)).map((e) => e.eventId));
    return Promise.resolve({ rejected });
  }

  /** Event ids handed over more than once. */
  duplicates(): string[] {
    const seen = new Set<string>();
    return this.written.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  }
}

describe('the in-process log: event store → sink in commit order, without Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: EventStore;
  let checkpoints: CheckpointStore;

  beforeEach(async () => {
    db = await createTestDatabase('inproc');
    dataSource = await openEventStoreDataSource({ url: db.url });
    store = new EventStore(dataSource);
    checkpoints = new CheckpointStore(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const feed = (sink: EventSink, batchSize = 50) =>
    new StoreFeedConsumer(dataSource, store, checkpoints, sink, { name: 'test', batchSize, idleMs: 5, retryMs: 20 });
  const append = async (streamId: string, event: NewEvent = vehicleDelivered()) => {
    await store.append(streamId, 'any', [event], TEST_METADATA);
    return event.eventId;
  };

  it('hands over an event whose transaction commits after a later one, once, and never moves past it', async () => {
    const sink = new RecordingSink();
    const consumer = feed(sink);
    await consumer.deadLetters.ensureTable();
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const early = vehicleDelivered({ payload: { vehicleSaleId: 'early' } });
    try {
      await store.appendWithin(slow.manager, 'vehicle-sale-early', 0, [early], TEST_METADATA);
      const late = await append('vehicle-sale-late');
      // The earlier transaction is still open: the reader must not pass it (nor hand `late` over early).
      expect(await consumer.runOnce()).toBe(0);
      await slow.commitTransaction();
      // Once no transaction older than it runs on the server (the snapshot's xmin is server-wide), both come.
      let handedOver = 0;
      await expectEventually(async () => {
        handedOver += await consumer.runOnce();
        expect(handedOver).toBe(2);
      });
      expect(await consumer.runOnce()).toBe(0);
      expect([...sink.written].sort()).toEqual([early.eventId, late].sort());
      expect(await consumer.lag()).toBe(0);
    } finally {
      await slow.release();
    }
  });

  it('projects every event exactly once across a stop and a restart while concurrent writers commit out of order', async () => {
    const sink = new RecordingSink();
    const appended: string[] = [];
    let writing = true;
    // Four writers; every third append holds its transaction open a while, so later transactions commit first.
    const writer = async (w: number) => {
      for (let i = 0; (writing || i < 30) && i < 300; i++) {
        const event = vehicleDelivered({ payload: { vehicleSaleId: `w${w}-${i}` } });
        if (i % 3 === 0) {
          await dataSource.transaction(async (manager) => {
            await store.appendWithin(manager, `vehicle-sale-w${w}-${i}`, 0, [event], TEST_METADATA);
            await new Promise((resolve) => setTimeout(resolve, 15));
          });
        } else {
          await store.append(`vehicle-sale-w${w}-${i}`, 0, [event], TEST_METADATA);
        }
        appended.push(event.eventId);
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));

    const first = feed(sink, 7);
    await first.start();
    await expectEventually(() => expect(sink.written.length).toBeGreaterThan(20));
    await first.stop(); // mid-stream: the writers go on
    const handedOverByFirst = sink.written.length;
    await expectEventually(() => expect(appended.length).toBeGreaterThan(handedOverByFirst + 20));

    const second = feed(sink, 7);
    await second.start();
    writing = false;
    await writers;
    try {
      await expectEventually(async () => expect(await second.lag()).toBe(0));
      await expectEventually(() => expect(sink.written.length).toBe(appended.length));
    } finally {
      await second.stop();
    }
    expect(handedOverByFirst).toBeLessThan(appended.length);
    expect(sink.duplicates()).toEqual([]);
    expect([...sink.written].sort()).toEqual([...appended].sort());
  });

  it('keeps its checkpoint while the sink fails and hands the same batch over again once it answers', async () => {
    const sink = new RecordingSink();
    sink.failNext = 3;
    const ids = [await append('vehicle-sale-a'), await append('vehicle-sale-b')];
    const consumer = feed(sink);
    await consumer.deadLetters.ensureTable();
    await expect(consumer.runOnce()).rejects.toThrow('ClickHouse is unreachable');
    expect(await consumer.lag()).toBe(2);
    await consumer.start();
    try {
      await expectEventually(() => expect(sink.written).toEqual(ids));
      await expectEventually(async () => expect(await consumer.lag()).toBe(0));
    } finally {
      await consumer.stop();
    }
    expect(sink.failNext).toBe(0);
  });

  it('dead-letters events that fail validation or that the sink refuses, and goes on', async () => {
    const sink = new RecordingSink();
    const good = await append('vehicle-sale-good');
    const refused = vehicleDelivered();
    sink.refuse.add(refused.eventId);
    await append('vehicle-sale-refused', refused);
    const unknown = await append('vehicle-sale-odd', { ...vehicleDelivered(), type: 'VehicleTeleported' });
    const invalid = await append('vehicle-sale-bad', vehicleDelivered({ payload: { vin: 'not a vin', model: '' } }));
    const consumer = feed(sink);
    await consumer.deadLetters.ensureTable();
    expect(await runUntilHandedOver(() => consumer.runOnce(), 4)).toBe(4);
    expect(sink.written).toEqual([good]);
    const letters = await consumer.deadLetters.list();
    expect(letters.map((l) => [l.eventId, l.reason])).toEqual([
      [refused.eventId, 'projection failed: bad data'],
      [unknown, 'unknown event type VehicleTeleported'],
      [invalid, expect.stringMatching(/^invalid VehicleDelivered@1 payload/)],
    ]);
    expect(consumer.stats).toEqual({ written: 1, deadLettered: 3 });
    expect(await consumer.lag()).toBe(0);
  });
});
