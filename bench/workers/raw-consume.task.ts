// The raw consume limit: read every message of the topics with no processing at all.
import { Consumer as PlatformaticConsumer, MessagesStreamModes } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { Json } from '../lib/child';

export interface ConsumeInput {
  readonly brokers: string[];
  readonly topics: string[];
  readonly groupId: string;
  readonly expected: number;
  readonly timeoutMs: number;
}

export interface ConsumeOutput {
  readonly [key: string]: Json;
  readonly messages: number;
  readonly bytes: number;
  /** First message received → last expected message received. */
  readonly seconds: number;
  /** Subscribe/join → first message. */
  readonly startupSeconds: number;
  readonly eventsPerSecond: number;
}

function deadline<T>(timeoutMs: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** kafkajs, whole batches, as the projector's consumer reads them (4 MB per partition). */
export async function kafkajsConsume(raw: Json): Promise<ConsumeOutput> {
  const input = raw as unknown as ConsumeInput;
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: input.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: input.groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  let messages = 0;
  let bytes = 0;
  let first = 0;
  let last = 0;
  const started = performance.now();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: input.topics, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        for (const message of batch.messages) bytes += message.value?.length ?? 0;
        messages += batch.messages.length;
        if (messages >= input.expected) {
          last = performance.now();
          done();
        }
      },
    });
    await deadline(input.timeoutMs, 'kafkajs consume', finished);
  } finally {
    await consumer.disconnect();
  }
  const seconds = (last - first) / 1000;
  return { messages, bytes, seconds, startupSeconds: (first - started) / 1000, eventsPerSecond: messages / seconds };
}

/** @platformatic/kafka, a consumer stream from the earliest offset, no processing. */
export async function platformaticConsume(raw: Json): Promise<ConsumeOutput> {
  const input = raw as unknown as ConsumeInput;
  const consumer = new PlatformaticConsumer({
    groupId: input.groupId,
    clientId: 'bench-platformatic',
    bootstrapBrokers: input.brokers,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let messages = 0;
  let bytes = 0;
  let first = 0;
  let last = 0;
  const started = performance.now();
  try {
    const stream = await consumer.consume({ topics: input.topics, mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const finished = new Promise<void>((resolve, reject) => {
      stream.on('data', (message: { value?: Buffer }) => {
        if (first === 0) first = performance.now();
        bytes += message.value?.length ?? 0;
        messages++;
        if (messages === input.expected) {
          last = performance.now();
          resolve();
        }
      });
      stream.on('error', reject);
    });
    await deadline(input.timeoutMs, '@platformatic/kafka consume', finished);
    await stream.close();
  } finally {
    await new Promise<void>((resolve, reject) => consumer.close(true, (error) => (error ? reject(error) : resolve())));
  }
  const seconds = (last - first) / 1000;
  return { messages, bytes, seconds, startupSeconds: (first - started) / 1000, eventsPerSecond: messages / seconds };
}
