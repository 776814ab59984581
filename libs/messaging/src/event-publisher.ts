import { contextOf, EventEnvelope, HEADER_EVENT_ID, HEADER_EVENT_TYPE, HEADER_SCHEMA_VERSION, topicFor } from '@app/contracts';
import { Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';

/** Where the relay sends committed events. */
export interface EventPublisher {
  publish(events: readonly EventEnvelope[]): Promise<void>;
}

/**
 * Largest request the publisher sends. Kafka refuses a record batch over `message.max.bytes`
 * (1 MB by default), and kafkajs puts all of one partition's messages of a send into one batch:
 * a relay batch of one busy stream (a branch's parts ledger) could pass it and stall the relay.
 */
export const MAX_SEND_BYTES = 512 * 1024;

/** Splits messages, in order, into runs whose values and keys add up to at most `maxBytes` each. */
export function chunkBySize<T extends { readonly bytes: number }>(items: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length > 0 && size + item.bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class UnroutableEventError extends Error {
  readonly code = 'UNROUTABLE_EVENT';
  constructor(readonly event: EventEnvelope) {
    super(`event ${event.eventId} has type ${event.type}, which belongs to no bounded context`);
  }
}

/**
 * Publishes to the context's topic with the stream id as key, so a stream's events stay in order
 * on one partition. Acks from all in-sync replicas; idempotent producer, one request in flight.
 */
export class KafkaEventPublisher implements EventPublisher {
  private producer: Producer;
  private connected = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix: string,
  ) {
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2, as the Java client: a stream's key lands on the same partition from any client.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await this.connect();
    const outgoing = events.map((event) => {
      const context = contextOf(event.type);
      if (!context) throw new UnroutableEventError(event);
      const value = JSON.stringify(event);
      const message: Message = {
        key: event.streamId,
        value,
        headers: {
          [HEADER_EVENT_TYPE]: event.type,
          [HEADER_SCHEMA_VERSION]: String(event.schemaVersion),
          [HEADER_EVENT_ID]: event.eventId,
        },
      };
      return { topic: topicFor(context, this.topicPrefix), message, bytes: Buffer.byteLength(value) + event.streamId.length };
    });
    try {
      // In order, chunk after chunk: a stream's events keep their order on its partition.
      for (const chunk of chunkBySize(outgoing, MAX_SEND_BYTES)) {
        const byTopic = new Map<string, Message[]>();
        for (const { topic, message } of chunk) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
        const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
        await this.producer.sendBatch({ topicMessages, acks: -1 });
      }
    } catch (error) {
      // After exhausted retries an idempotent producer's sequence numbers may be out of step with
      // the broker: start the next attempt with a fresh producer id.
      await this.disconnect().catch(() => undefined);
      this.producer = this.newProducer();
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    if (this.connected) {
      this.connected = false;
      await this.producer.disconnect();
    }
  }
}
