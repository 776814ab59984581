import { Logger } from '@nestjs/common';
import { dlqTopicFor, DomainEvent, HEADER_DLQ_REASON, HEADER_DLQ_SOURCE, parseEvent } from '@app/contracts';
import { consumerRestarts, deadLetterCount, projectorLag } from '@app/observability';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Partitioners, Producer } from 'kafkajs';
import { EventSink } from './event-sink';

export interface BatchConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Start from the earliest offset when the group has none (a new projector reads everything). */
  readonly fromBeginning?: boolean;
  readonly maxBytesPerPartition?: number;
  readonly sessionTimeoutMs?: number;
  /**
   * Partitions whose batches are handled at the same time (default
   * {@link DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY}). The sink's writes for different partitions
   * overlap: one batch is decoded and projected while ClickHouse stores another, so the sink must
   * accept concurrent writes (the ClickHouse projection sink does: facts are keyed by event and
   * roll-ups are versioned by fact count, ADR 7). Batches of one partition stay in order, and each
   * partition's offsets are still committed only after its own batch was acknowledged.
   */
  readonly partitionsConsumedConcurrently?: number;
}

/**
 * More than the partitions one consumer is assigned (4 topics × KAFKA_TOPIC_PARTITIONS): every
 * batch of a fetch is handled at once, so a sink that stores concurrent writes together (the
 * ClickHouse projection sink) pays one insert round per fetch instead of one per partition. One
 * batch at a time left the projector idle almost half of the time while ClickHouse stored a batch,
 * and an event waited for every partition's insert round before its own (bench `projector` and
 * `freshness`, docs/performance.md).
 */
export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 64;

interface RetryControl {
  readonly heartbeat: () => Promise<void>;
  readonly isRunning: () => boolean;
  readonly isStale: () => boolean;
  /** topic[partition]@firstOffset, for the logs. */
  readonly where: string;
}

const FIRST_RETRY_DELAY_MS = 250;
const MAX_RETRY_DELAY_MS = 10_000;
const HEARTBEAT_EVERY_MS = 1_000;
/** A member in its group this long before it crashed restarts without the backoff of earlier crashes. */
const STABLE_MEMBER_MS = 60_000;

interface DeadLetter {
  readonly message: KafkaMessage;
  readonly reason: string;
}

/** Largest message the consumer accepts before sending it to the DLQ unread. */
export const MAX_EVENT_BYTES = 512 * 1024;

/** Decodes one Kafka message into an event, or says why it cannot. */
export function decodeMessage(message: KafkaMessage): { event: DomainEvent } | { reason: string } {
  if (!message.value) return { reason: 'empty message value' };
  if (message.value.length > MAX_EVENT_BYTES) {
    return { reason: `message of ${message.value.length} bytes exceeds ${MAX_EVENT_BYTES}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    return { reason: `invalid JSON: ${(error as Error).message}` };
  }
  const parsed = parseEvent(raw);
  return parsed.ok ? { event: parsed.event } : { reason: parsed.reason };
}

/**
 * A consumer-group member that hands whole batches to a sink. Offsets are committed only after
 * the sink acknowledged the batch and bad messages reached the dead-letter topic; an error in
 * between leaves the offsets where they were, so the batch is delivered again.
 */
export class KafkaBatchConsumer {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;
  private consumed = 0;
  private deadLettered = 0;
  private retries = 0;
  private restarts = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** A restart under way (connect, subscribe, run), awaited by {@link stop}. */
  private restarting: Promise<void> | undefined;
  /** Crashes in a row without a batch handled or a minute in the group between them, for the restart's backoff. */
  private failedRestarts = 0;
  private joinedAt: number | undefined;
  private crashDuringRestart: Error | undefined;

  constructor(
    kafka: Kafka,
    private readonly sink: EventSink,
    private readonly options: BatchConsumerOptions,
  ) {
    this.logger = new Logger(`BatchConsumer:${options.groupId}`);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 4 * 1024 * 1024,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
    });
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    // kafkajs restarts a crashed member itself only after a retriable error. Others (seen during a broker
    // restart: "Failed to find group coordinator", non-retriable) leave it disconnected for good while the
    // process lives on, its partitions unread. Such a member is started again here, with backoff.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.restartLater(payload.error);
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joinedAt = Date.now();
    });
  }

  get stats(): { consumed: number; deadLettered: number; retries: number; restarts: number } {
    return { consumed: this.consumed, deadLettered: this.deadLettered, retries: this.retries, restarts: this.restarts };
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.dlqProducer.connect();
    await this.runConsumer();
  }

  private async runConsumer(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    await this.restarting;
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  /** Starts the member again after a crash kafkajs will not recover from, until it runs or the consumer stops. */
  private restartLater(error: Error): void {
    if (this.stopping || this.restartTimer !== undefined) return;
    if (this.restarting !== undefined) {
      // A crash inside the restart's own run(): handled once that restart has settled.
      this.crashDuringRestart = error;
      return;
    }
    if (this.joinedAt !== undefined && Date.now() - this.joinedAt >= STABLE_MEMBER_MS) this.failedRestarts = 0;
    this.joinedAt = undefined;
    const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** this.failedRestarts);
    this.failedRestarts += 1;
    this.logger.error(`consumer crashed and kafkajs will not restart it (${error.name}: ${error.message}); restarting it in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      this.restarts += 1;
      consumerRestarts.inc({ consumer: this.options.groupId });
      this.restarting = this.restartNow().finally(() => {
        this.restarting = undefined;
      });
    }, delay);
  }

  private async restartNow(): Promise<void> {
    let failure: Error | undefined;
    this.crashDuringRestart = undefined;
    try {
      await this.runConsumer();
    } catch (error) {
      failure = error as Error;
    }
    failure ??= this.crashDuringRestart;
    this.crashDuringRestart = undefined;
    // Stopped meanwhile: leave nothing running. A failed attempt (thrown, or crashed inside run()) is tried again.
    if (this.stopping || failure) await this.consumer.disconnect().catch(() => undefined);
    if (failure && !this.stopping) {
      const again = failure;
      // Once `restarting` is cleared (this promise's finally), so the next attempt is scheduled, not absorbed.
      setImmediate(() => this.restartLater(again));
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const lastMessage = batch.messages.at(-1);
    if (lastMessage === undefined || !isRunning() || isStale()) return;
    const events: DomainEvent[] = [];
    const messageOf = new Map<string, KafkaMessage>();
    const deadLetters: DeadLetter[] = [];
    for (const message of batch.messages) {
      const decoded = decodeMessage(message);
      if ('event' in decoded) {
        events.push(decoded.event);
        messageOf.set(decoded.event.eventId, message);
      } else {
        deadLetters.push({ message, reason: decoded.reason });
      }
    }

    // An infrastructure error (ClickHouse down, the DLQ unreachable) keeps this batch in hand:
    // retried here with backoff while the member heartbeats, its offset unmoved.
    const control = { heartbeat, isRunning, isStale, where: `${batch.topic}[${batch.partition}]@${batch.firstOffset()}` };
    const result = events.length > 0 ? await this.untilDone(control, `sink ${this.sink.name}`, () => this.sink.write(events)) : { rejected: [] };
    if (result === undefined) return;
    for (const rejected of result.rejected) {
      const message = messageOf.get(rejected.eventId);
      if (message) deadLetters.push({ message, reason: rejected.reason });
    }
    await heartbeat();

    if (deadLetters.length > 0) {
      const sent = await this.untilDone(control, 'dead-letter topic', async () => {
        await this.sendToDlq(batch.topic, batch.partition, deadLetters);
        return true;
      });
      if (sent === undefined) return;
    }

    const last = lastMessage.offset;
    resolveOffset(last);
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    this.consumed += batch.messages.length;
    this.failedRestarts = 0;
    // The partition's lag at this fetch (its high watermark): events, and the age of the last one handled while behind.
    const behind = Math.max(0, Number(batch.offsetLag()));
    projectorLag.set(
      { topic: batch.topic, partition: String(batch.partition) },
      { events: behind, seconds: behind > 0 ? Math.max(0, (Date.now() - Number(lastMessage.timestamp)) / 1000) : 0 },
    );
    await heartbeat();
  }

  /**
   * Runs `work` until it succeeds, waiting 250 ms, 500 ms, … up to 10 s between attempts and
   * heartbeating meanwhile, so a long outage neither floods the logs and the store with retries nor
   * costs the member its partitions. Returns undefined, with nothing resolved, when the consumer
   * stops or the partition moves to another member: the batch is then delivered again.
   */
  private async untilDone<T>(control: RetryControl, what: string, work: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await work();
        if (attempt > 1) this.logger.log(`${control.where}: ${what} answered again after ${attempt - 1} failed attempt(s)`);
        return value;
      } catch (error) {
        if (!control.isRunning() || control.isStale()) return undefined;
        const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1));
        this.retries += 1;
        this.logger.warn(`${control.where}: ${what} failed (attempt ${attempt}), batch kept, retrying in ${delay} ms: ${(error as Error).message}`);
        const deadline = Date.now() + delay;
        while (Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(HEARTBEAT_EVERY_MS, deadline - Date.now())));
          if (!control.isRunning() || control.isStale()) return undefined;
          await control.heartbeat();
        }
      }
    }
  }

  private async sendToDlq(topic: string, partition: number, deadLetters: readonly DeadLetter[]): Promise<void> {
    for (const { message, reason } of deadLetters) {
      this.logger.warn(`dead-lettering ${topic}[${partition}]@${message.offset}: ${reason}`);
    }
    await this.dlqProducer.send({
      topic: dlqTopicFor(topic),
      acks: -1,
      messages: deadLetters.map(({ message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...copyHeaders(message.headers),
          [HEADER_DLQ_REASON]: reason,
          [HEADER_DLQ_SOURCE]: `${topic}/${partition}/${message.offset}`,
        },
      })),
    });
    this.deadLettered += deadLetters.length;
    deadLetterCount.inc({ consumer: this.options.groupId }, deadLetters.length);
  }
}

function copyHeaders(headers: IHeaders | undefined): IHeaders {
  return { ...(headers ?? {}) };
}
