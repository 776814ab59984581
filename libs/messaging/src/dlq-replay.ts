import { HEADER_DLQ_REASON, HEADER_DLQ_SOURCE, HEADER_EVENT_ID } from '@app/contracts';
import { randomBytes } from 'node:crypto';
import { IHeaders, Kafka, KafkaMessage, Message, Partitioners } from 'kafkajs';
import { decodeMessage } from './batch-consumer';
import { chunkBySize, MAX_SEND_BYTES } from './event-publisher';

/** Header a replayed record carries: where in the dead-letter topic it came from. */
export const HEADER_DLQ_REPLAYED_FROM = 'dlq-replayed-from';
const DLQ_SUFFIX = '.dlq';

export interface DlqReplayOptions {
  /** A dead-letter topic, `<source topic>.dlq`. */
  readonly dlqTopic: string;
  /** Report what would be replayed; send nothing. */
  readonly dryRun?: boolean;
  /** Deadline for reading the dead-letter topic (default 60 s). */
  readonly timeoutMs?: number;
}

export type DlqRecordAction = 'replayed' | 'would-replay' | 'still-invalid';

export interface DlqRecordOutcome {
  readonly partition: number;
  readonly offset: string;
  /** `topic/partition/offset` of the original record. */
  readonly source: string;
  /** Why it was dead-lettered. */
  readonly reason: string;
  readonly action: DlqRecordAction;
  readonly eventId?: string;
  readonly type?: string;
  /** Why it still cannot be read, for `still-invalid`. */
  readonly stillInvalidBecause?: string;
}

export interface DlqReplayReport {
  readonly dlqTopic: string;
  readonly sourceTopic: string;
  readonly dryRun: boolean;
  readonly records: readonly DlqRecordOutcome[];
  readonly replayed: number;
  readonly stillInvalid: number;
}

/** The topic a dead-letter topic belongs to. */
export function sourceTopicOf(dlqTopic: string): string {
  if (!dlqTopic.endsWith(DLQ_SUFFIX) || dlqTopic.length === DLQ_SUFFIX.length) {
    throw new Error(`${JSON.stringify(dlqTopic)} is not a dead-letter topic: their names end in ${DLQ_SUFFIX}`);
  }
  return dlqTopic.slice(0, -DLQ_SUFFIX.length);
}

function header(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  if (value === undefined) return '';
  return (Array.isArray(value) ? value.join(',') : value).toString();
}

interface DeadLetterRecord {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads every record the dead-letter topic held when the call began (records dead-lettered again
 * meanwhile are left for the next run), in partition and offset order.
 */
async function readDeadLetters(kafka: Kafka, topic: string, timeoutMs: number): Promise<DeadLetterRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, { low: bigint; high: bigint }>;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    ends = new Map(offsets.map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
  } finally {
    await admin.disconnect();
  }
  const wanted = [...ends.values()].reduce((sum, { low, high }) => sum + Number(high - low), 0);
  if (wanted === 0) return [];

  // A throwaway group: the replay keeps no position of its own and leaves none behind.
  const groupId = `dlq-replay-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const records: DeadLetterRecord[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const complete = new Promise<void>((resolve) => {
      done = resolve;
    });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const end = ends.get(partition);
        if (end && BigInt(message.offset) < end.high && BigInt(message.offset) >= end.low) records.push({ partition, message });
        if (records.length >= wanted) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([complete, late]);
    clearTimeout(timer);
    if (outcome === 'late') throw new Error(`read ${records.length} of ${wanted} record(s) of ${topic} in ${timeoutMs} ms`);
  } finally {
    await consumer.disconnect();
    const admin2 = kafka.admin();
    await admin2.connect();
    await admin2.deleteGroups([groupId]).catch(() => undefined);
    await admin2.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.message.offset) - BigInt(b.message.offset)));
}

/**
 * Replays the records of a dead-letter topic onto its source topic, after a fix: each record that
 * the current code reads as an event goes back with its key (so its stream's partition) and its
 * headers, plus `dlq-replayed-from`; a record still unreadable stays where it is and is reported.
 *
 * Idempotent: the projector keys every row by event id, so replaying an event that is already
 * projected, or replaying the same records twice, changes no figure. An event the projector still
 * refuses (a branch still unknown) is dead-lettered again, with its reason.
 */
export async function replayDeadLetters(kafka: Kafka, options: DlqReplayOptions): Promise<DlqReplayReport> {
  const sourceTopic = sourceTopicOf(options.dlqTopic);
  const dryRun = options.dryRun ?? false;
  const records = await readDeadLetters(kafka, options.dlqTopic, options.timeoutMs ?? 60_000);
  const outcomes: DlqRecordOutcome[] = [];
  const outgoing: { message: Message; bytes: number }[] = [];
  for (const { partition, message } of records) {
    const base = {
      partition,
      offset: message.offset,
      source: header(message.headers, HEADER_DLQ_SOURCE),
      reason: header(message.headers, HEADER_DLQ_REASON),
    };
    const decoded = decodeMessage(message);
    if ('reason' in decoded) {
      outcomes.push({ ...base, action: 'still-invalid', stillInvalidBecause: decoded.reason, eventId: header(message.headers, HEADER_EVENT_ID) || undefined });
      continue;
    }
    outcomes.push({ ...base, action: dryRun ? 'would-replay' : 'replayed', eventId: decoded.event.eventId, type: decoded.event.type });
    const headers: IHeaders = { ...(message.headers ?? {}) };
    delete headers[HEADER_DLQ_REASON];
    delete headers[HEADER_DLQ_SOURCE];
    headers[HEADER_DLQ_REPLAYED_FROM] = `${options.dlqTopic}/${partition}/${message.offset}`;
    outgoing.push({ message: { key: message.key, value: message.value, headers }, bytes: (message.value?.length ?? 0) + (message.key?.length ?? 0) });
  }

  if (!dryRun && outgoing.length > 0) {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      for (const chunk of chunkBySize(outgoing, MAX_SEND_BYTES)) {
        await producer.send({ topic: sourceTopic, acks: -1, messages: chunk.map((c) => c.message) });
      }
    } finally {
      await producer.disconnect();
    }
  }
  const replayable = outcomes.filter((o) => o.action !== 'still-invalid').length;
  return {
    dlqTopic: options.dlqTopic,
    sourceTopic,
    dryRun,
    records: outcomes,
    replayed: dryRun ? 0 : replayable,
    stillInvalid: outcomes.length - replayable,
  };
}
