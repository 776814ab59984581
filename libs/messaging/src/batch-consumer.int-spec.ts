import { DomainEvent, dlqTopicFor, EventEnvelope, HEADER_DLQ_REASON, HEADER_DLQ_SOURCE, topicFor } from '@app/contracts';
import { expectEventually, readTopic, TEST_METADATA, testKafka, topicSize, uniqueId, vehicleDelivered } from '@app/testing';
import { Kafka, PartitionAssigners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KafkaBatchConsumer, MAX_EVENT_BYTES } from './batch-consumer';
import { EventSink, SinkResult } from './event-sink';
import { kafkaSettingsFromEnv } from './kafka.config';
import { ensureTopics } from './topics';

/** A sink that records what it was given; while `down`, every write throws like an outage. */
class RecordingSink implements EventSink {
  readonly name = 'recording';
  readonly written: DomainEvent[] = [];
  attempts = 0;
  constructor(public down = false) {}

  async write(events: readonly DomainEvent[]): Promise<SinkResult> {
    this.attempts += 1;
    if (this.down) throw new Error('ClickHouse is unavailable');
    this.written.push(...events);
    return { rejected: [] };
  }
}

let position = 0;
function envelope(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  position += 1;
  const event = vehicleDelivered();
  return {
    ...event,
    ...TEST_METADATA,
    streamId: `vehicle-sale-${randomUUID()}`,
    streamPosition: 1,
    recordedAt: event.occurredAt,
    globalPosition: String(position),
    ...overrides,
  };
}

describe('KafkaBatchConsumer on a real broker', () => {
  let kafka: Kafka;
  let producer: Producer;
  let topic: string;
  let prefix: string;

  beforeEach(async () => {
    kafka = testKafka();
    prefix = `${uniqueId('t')}.`;
    topic = topicFor('sales', prefix);
    await ensureTopics(kafka, { ...kafkaSettingsFromEnv(process.env, 'test'), topicPrefix: prefix, partitions: 1 });
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await producer.disconnect();
  });

  async function committedOffset(groupId: string): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions[0]!.offset;
    } finally {
      await admin.disconnect();
    }
  }

  it('sends each poison message to the DLQ with its reason and goes on with the rest', async () => {
    const good = [envelope(), envelope()];
    const poison: { value: string; reason: RegExp }[] = [
      { value: '{not json', reason: /^invalid JSON/ },
      { value: JSON.stringify(envelope({ type: 'VehicleTeleported' })), reason: /unknown event type VehicleTeleported/ },
      { value: JSON.stringify(envelope({ schemaVersion: 9 })), reason: /unknown schemaVersion 9 of VehicleDelivered/ },
      {
        value: JSON.stringify(envelope({ payload: { ...vehicleDelivered().payload, vin: 'TOO-SHORT' } })),
        reason: /invalid VehicleDelivered@1 payload: vin: must be 17 characters/,
      },
      { value: JSON.stringify({ ...envelope(), padding: 'x'.repeat(MAX_EVENT_BYTES) }), reason: /exceeds/ },
    ];
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: JSON.stringify(good[0]) },
        ...poison.map((p, i) => ({ key: `p${i}`, value: p.value })),
        { key: 'b', value: JSON.stringify(good[1]) },
      ],
    });

    const sink = new RecordingSink();
    const groupId = uniqueId('g-');
    const consumer = new KafkaBatchConsumer(kafka, sink, { groupId, topics: [topic] });
    await consumer.start();
    try {
      await expectEventually(() => expect(sink.written.map((e) => e.eventId)).toEqual(good.map((e) => e.eventId)));
      await expectEventually(async () => expect(await committedOffset(groupId)).toBe(String(good.length + poison.length)));
    } finally {
      await consumer.stop();
    }

    const dead = await readTopic(kafka, dlqTopicFor(topic), poison.length);
    expect(dead).toHaveLength(poison.length);
    dead.forEach(({ message }, i) => {
      expect(message.key?.toString()).toBe(`p${i}`);
      expect(message.value?.toString()).toBe(poison[i]!.value);
      expect(message.headers?.[HEADER_DLQ_REASON]?.toString()).toMatch(poison[i]!.reason);
      expect(message.headers?.[HEADER_DLQ_SOURCE]?.toString()).toBe(`${topic}/0/${i + 1}`);
    });
    expect(consumer.stats).toEqual({ consumed: good.length + poison.length, deadLettered: poison.length, retries: 0, restarts: 0 });
  });

  it('commits no offset while the sink fails, and delivers the batch again until it succeeds', async () => {
    const events = [envelope(), envelope(), envelope()];
    await producer.send({ topic, messages: events.map((e) => ({ key: e.streamId, value: JSON.stringify(e) })) });

    const sink = new RecordingSink(true);
    const groupId = uniqueId('g-');
    const consumer = new KafkaBatchConsumer(kafka, sink, { groupId, topics: [topic] });
    await consumer.start();
    try {
      // The outage lasts over several attempts: no offset may be committed meanwhile.
      await expectEventually(() => expect(sink.attempts).toBeGreaterThanOrEqual(2), { timeoutMs: 30_000 });
      expect(await committedOffset(groupId)).toBe('-1');
      sink.down = false;
      await expectEventually(() => expect(sink.written).toHaveLength(3), { timeoutMs: 30_000 });
      await expectEventually(async () => expect(await committedOffset(groupId)).toBe('3'));
    } finally {
      await consumer.stop();
    }
    expect(sink.written.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(await topicSize(kafka, dlqTopicFor(topic))).toBe(0);
    // Retried in place with backoff: one retry per failed attempt, not a restart storm.
    expect(consumer.stats.retries).toBe(sink.attempts - 1);
  });

  it('starts itself again after a crash kafkajs does not restart (a non-retriable group error) and consumes what follows', async () => {
    const groupId = uniqueId('g-');
    // A member of the same group speaking another assignment protocol: while it holds the group, our
    // member's join is refused with INCONSISTENT_GROUP_PROTOCOL, which kafkajs treats as non-retriable.
    const roundRobin = PartitionAssigners.roundRobin;
    const other = kafka.consumer({
      groupId,
      partitionAssigners: [(config) => ({ ...roundRobin(config), name: 'OtherProtocol' })],
    });
    await other.connect();
    await other.subscribe({ topics: [topic] });
    await other.run({ eachMessage: async () => undefined });
    const sink = new RecordingSink();
    const consumer = new KafkaBatchConsumer(kafka, sink, { groupId, topics: [topic] });
    const crashes: { restart: boolean; error: string }[] = [];
    try {
      await expectEventually(
        async () => {
          const admin = kafka.admin();
          await admin.connect();
          try {
            const { groups } = await admin.describeGroups([groupId]);
            expect(groups[0]!.state).toBe('Stable');
          } finally {
            await admin.disconnect();
          }
        },
        { timeoutMs: 30_000 },
      );
      consumer['consumer'].on('consumer.crash', ({ payload }) => crashes.push({ restart: payload.restart, error: payload.error.name }));
      await consumer.start();
      await expectEventually(() => expect(consumer.stats.restarts).toBeGreaterThanOrEqual(1), { timeoutMs: 30_000 });
      await other.disconnect();
      const events = [envelope(), envelope()];
      await producer.send({ topic, messages: events.map((e) => ({ key: e.streamId, value: JSON.stringify(e) })) });
      await expectEventually(() => expect(sink.written.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId)), { timeoutMs: 60_000 });
    } finally {
      await other.disconnect();
      await consumer.stop();
    }
    expect(crashes.filter((c) => !c.restart).length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
