import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { expectEventually } from './expect-eventually';
import { uniqueId } from './test-database';

/** A kafkajs client on the broker the global setup started. */
export function testKafka(): Kafka {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: integration tests run under the jest global setup');
  return new Kafka({ clientId: uniqueId('test-'), brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

export interface ReadMessage {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Reads a topic from the beginning until `count` messages arrived (a throwaway consumer group). */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueId('reader-') });
  const received: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, message });
      },
    });
    await expectEventually(
      () => {
        if (received.length < count) throw new Error(`${received.length} of ${count} messages read from ${topic}`);
      },
      { timeoutMs },
    );
    return received;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * How many messages a topic holds (sum of high minus low watermarks). Retried while partition
 * leadership settles (a fresh topic answers "not the leader" for a moment).
 */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await expectEventually(() => admin.fetchTopicOffsets(topic), { timeoutMs: 10_000, intervalMs: 200 });
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
