import { EventEnvelope, topicFor } from '@app/contracts';
import { CheckpointStore, EventStore, openEventStoreDataSource } from '@app/event-store';
import {
  createTestDatabase,
  expectEventually,
  readTopic,
  TEST_METADATA,
  testKafka,
  TestDatabase,
  topicSize,
  uniqueId,
  vehicleDelivered,
  runUntilHandedOver,
} from '@app/testing';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaEventPublisher } from './event-publisher';
import { EventRelay } from './event-relay';
import { kafkaSettingsFromEnv } from './kafka.config';
import { ensureTopics } from './topics';

describe('EventRelay: Postgres event store → real Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: EventStore;
  let checkpoints: CheckpointStore;
  let kafka: Kafka;
  let publisher: KafkaEventPublisher;
  let prefix: string;
  let topic: string;

  beforeEach(async () => {
    db = await createTestDatabase('relay');
    dataSource = await openEventStoreDataSource({ url: db.url });
    store = new EventStore(dataSource);
    checkpoints = new CheckpointStore(dataSource);
    kafka = testKafka();
    prefix = `${uniqueId('t')}.`;
    topic = topicFor('sales', prefix);
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 3 });
    publisher = new KafkaEventPublisher(kafka, prefix);
  });

  afterEach(async () => {
    await publisher.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  const relay = (name = 'relay') => new EventRelay(dataSource, store, checkpoints, publisher, { name, idleMs: 10 });
  const decode = (value: Buffer | null) => JSON.parse(value!.toString('utf8')) as EventEnvelope;

  it('publishes an event whose transaction commits after a later one, without skipping it', async () => {
    const slow = dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    const early = vehicleDelivered({ payload: { vehicleSaleId: 'early' } });
    const late = vehicleDelivered({ payload: { vehicleSaleId: 'late' } });
    try {
      await store.appendWithin(slow.manager, 'vehicle-sale-early', 0, [early], TEST_METADATA);
      await store.append('vehicle-sale-late', 0, [late], TEST_METADATA);
      // The relay runs while the first transaction is still open: it must not move past it.
      expect(await relay().runOnce()).toBe(0);
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }
    const after = relay();
    expect(await runUntilHandedOver(() => after.runOnce(), 2)).toBe(2);
    expect(await after.runOnce()).toBe(0);

    const read = await readTopic(kafka, topic, 2);
    expect(read.map((r) => decode(r.message.value).eventId).sort()).toEqual([early.eventId, late.eventId].sort());
    const message = read[0]!.message;
    expect(message.headers?.['event-type']?.toString()).toBe('VehicleDelivered');
    expect(message.headers?.['schema-version']?.toString()).toBe('1');
    expect(message.key?.toString()).toMatch(/^vehicle-sale-(early|late)$/);
  });

  it('resumes from its persisted checkpoint after a restart and keeps each stream in order', async () => {
    const streamId = 'vehicle-sale-ordered';
    for (let i = 0; i < 5; i++) {
      await store.append(streamId, i, [vehicleDelivered({ payload: { vehicleSaleId: `ordered-${i}` } })], TEST_METADATA);
    }
    const first = relay();
    expect(await runUntilHandedOver(() => first.runOnce(), 5)).toBe(5);

    // A new relay instance (a restart) publishes only what came after the checkpoint.
    await store.append('vehicle-sale-after', 0, [vehicleDelivered()], TEST_METADATA);
    const restarted = relay();
    expect(await runUntilHandedOver(() => restarted.runOnce(), 1)).toBe(1);
    expect(await topicSize(kafka, topic)).toBe(6);

    const read = await readTopic(kafka, topic, 6);
    const ordered = read.filter((r) => r.message.key?.toString() === streamId);
    expect(new Set(ordered.map((r) => r.partition)).size).toBe(1);
    expect(ordered.map((r) => decode(r.message.value).streamPosition)).toEqual([1, 2, 3, 4, 5]);
  });

  it("publishes a batch of over 1 MB on one stream (one partition) without tripping Kafka's batch limit", async () => {
    const streamId = 'vehicle-sale-busy';
    const events = Array.from({ length: 1000 }, (_, i) =>
      vehicleDelivered({
        payload: {
          vehicleSaleId: `busy-${i}-${'s'.repeat(50)}`,
          orderId: `order-${i}-${'o'.repeat(50)}`,
          customerId: `customer-${i}-${'c'.repeat(50)}`,
          consultantId: `consultant-${'e'.repeat(50)}`,
          model: `${'Long model name '.repeat(12)}${i}`.slice(0, 200),
        },
      }),
    );
    await store.append(streamId, 0, events, TEST_METADATA);
    const bytes = (await store.readStream(streamId)).reduce((sum, e) => sum + JSON.stringify(e).length, 0);
    expect(bytes).toBeGreaterThan(1024 * 1024);
    const busy = relay();
    expect(await runUntilHandedOver(() => busy.runOnce(), 1000)).toBe(1000);
    expect(await topicSize(kafka, topic)).toBe(1000);
  });

  it('stops publishing when its lock connection dies, takes the lock again and carries on from its checkpoint', async () => {
    const running = relay('lossy');
    running.start();
    try {
      await store.append('vehicle-sale-before', 0, [vehicleDelivered()], TEST_METADATA);
      await expectEventually(() => expect(running.publishedCount).toBe(1));
      const [holder] = await dataSource.query<{ pid: number }[]>(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(holder).toBeDefined();
      await dataSource.query('SELECT pg_terminate_backend($1)', [holder!.pid]);
      await store.append('vehicle-sale-after', 0, [vehicleDelivered()], TEST_METADATA);
      await expectEventually(() => expect(running.publishedCount).toBe(2), { timeoutMs: 15_000 });
    } finally {
      await running.stop();
    }
    expect(await topicSize(kafka, topic)).toBe(2);
  });

  it('lets only one of two running relays publish, so nothing is sent twice', async () => {
    const a = relay('shared');
    const b = relay('shared');
    a.start();
    b.start();
    try {
      for (let i = 0; i < 20; i++) {
        await store.append(`vehicle-sale-lock-${i}`, 0, [vehicleDelivered()], TEST_METADATA);
      }
      await expectEventually(() => expect(a.publishedCount + b.publishedCount).toBeGreaterThanOrEqual(20));
      expect({ a: a.publishedCount, b: b.publishedCount, topic: await topicSize(kafka, topic) }).toEqual(
        a.publishedCount > 0 ? { a: 20, b: 0, topic: 20 } : { a: 0, b: 20, topic: 20 },
      );
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(await topicSize(kafka, topic)).toBe(20);
  });
});
