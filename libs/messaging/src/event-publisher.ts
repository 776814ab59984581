import {
  contextOf,
  EventEnvelope,
  HEADER_EVENT_ID,
  HEADER_EVENT_TYPE,
  HEADER_SCHEMA_VERSION,
  topicFor,
} from '@app/contracts';
import { Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';

/** Where the relay sends committed events. */
export interface EventPublisher {
  publish(events: readonly EventEnvelope[]): Promise<void>;
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
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const context = contextOf(event.type);
      if (!context) throw new UnroutableEventError(event);
      const topic = topicFor(context, this.topicPrefix);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: event.streamId,
        value: JSON.stringify(event),
        headers: {
          [HEADER_EVENT_TYPE]: event.type,
          [HEADER_SCHEMA_VERSION]: String(event.schemaVersion),
          [HEADER_EVENT_ID]: event.eventId,
        },
      });
      byTopic.set(topic, messages);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    try {
      await this.producer.sendBatch({ topicMessages, acks: -1 });
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
