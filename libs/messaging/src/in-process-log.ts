import { DomainEvent, EventEnvelope, parseEvent } from '@app/contracts';
import { CheckpointStore, EventStore } from '@app/event-store';
import { deadLetterCount, projectorLag } from '@app/observability';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { EventRelay } from './event-relay';
import { EventSink } from './event-sink';

/** An event the in-process log could not hand to its sink, and why. The event itself stays in the store. */
export interface StoreDeadLetter {
  readonly eventId: string;
  readonly globalPosition: string;
  readonly type: string;
  readonly reason: string;
}

/**
 * The dead letters of the in-process log: a table beside the event store, one row per consumer
 * and event (the Kafka form has its `.dlq` topics instead). Written before the checkpoint moves,
 * so a bad event is never silently passed over.
 */
export class PostgresDeadLetters {
  constructor(
    private readonly dataSource: DataSource,
    readonly consumer: string,
  ) {}

  async ensureTable(): Promise<void> {
    await this.dataSource.query(`
      CREATE TABLE IF NOT EXISTS dead_letters (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        global_position bigint NOT NULL,
        type text NOT NULL,
        reason text NOT NULL,
        dead_lettered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async add(letters: readonly StoreDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO dead_letters (consumer, event_id, global_position, type, reason)
       SELECT $1, * FROM unnest($2::uuid[], $3::bigint[], $4::text[], $5::text[])
       ON CONFLICT (consumer, event_id) DO NOTHING`,
      [this.consumer, letters.map((l) => l.eventId), letters.map((l) => l.globalPosition), letters.map((l) => l.type), letters.map((l) => l.reason)],
    );
  }

  async list(): Promise<StoreDeadLetter[]> {
    const rows: { event_id: string; global_position: string; type: string; reason: string }[] = await this.dataSource.query(
      `SELECT event_id, global_position, type, reason FROM dead_letters WHERE consumer = $1 ORDER BY global_position`,
      [this.consumer],
    );
    return rows.map((r) => ({ eventId: r.event_id, globalPosition: r.global_position, type: r.type, reason: r.reason }));
  }
}

/**
 * The publishing end of the in-process log: each batch the commit-order reader hands over is
 * decoded and validated exactly as the Kafka consumer does it (`parseEvent`: upcasters, schema
 * checks), written to the sink, and its bad events dead-lettered. It resolves only once the sink
 * acknowledged, so the reader's checkpoint moves only after ClickHouse has the rows.
 */
export class SinkPublisher implements EventPublisher {
  private readonly logger: Logger;
  private written = 0;
  private deadLettered = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly deadLetters: PostgresDeadLetters,
  ) {
    this.logger = new Logger(`InProcessLog:${deadLetters.consumer}`);
  }

  get stats(): { written: number; deadLettered: number } {
    return { written: this.written, deadLettered: this.deadLettered };
  }

  async publish(envelopes: readonly EventEnvelope[]): Promise<void> {
    const events: DomainEvent[] = [];
    const letters: StoreDeadLetter[] = [];
    const envelopeOf = new Map<string, EventEnvelope>();
    for (const envelope of envelopes) {
      const parsed = parseEvent(envelope);
      if (parsed.ok) {
        events.push(parsed.event);
        envelopeOf.set(envelope.eventId, envelope);
      } else {
        letters.push(deadLetter(envelope, parsed.reason));
      }
    }
    const result = events.length > 0 ? await this.sink.write(events) : { rejected: [] };
    for (const { eventId, reason } of result.rejected) {
      const envelope = envelopeOf.get(eventId);
      if (envelope) letters.push(deadLetter(envelope, reason));
    }
    if (letters.length > 0) {
      for (const letter of letters) {
        this.logger.warn(`dead-lettering ${letter.type} ${letter.eventId} (position ${letter.globalPosition}): ${letter.reason}`);
      }
      await this.deadLetters.add(letters);
    }
    this.written += events.length - result.rejected.length;
    this.deadLettered += letters.length;
    if (letters.length > 0) deadLetterCount.inc({ consumer: this.deadLetters.consumer }, letters.length);
  }
}

function deadLetter(envelope: EventEnvelope, reason: string): StoreDeadLetter {
  return {
    eventId: envelope.eventId,
    globalPosition: envelope.globalPosition,
    type: envelope.type,
    reason,
  };
}

export interface StoreFeedOptions {
  /** Names the checkpoint, the leader lock and the dead letters; default `kpi-projector`. */
  readonly name?: string;
  /** Events per sink write; default 2,000. */
  readonly batchSize?: number;
  /** Pause when the store has nothing new; default 50 ms. */
  readonly idleMs?: number;
  /** Pause after an error before the batch is tried again; default 1 s. */
  readonly retryMs?: number;
}

/**
 * The in-process log of embedded mode (`npm start` without Kafka): the event store itself, read
 * in commit order by the relay's reader (`EventRelay`: checkpoint, leader lock, retry), with the
 * sink in place of Kafka. Every event committed is handed to the sink once, late commits of
 * concurrent transactions included; the checkpoint (`store-feed:<name>` in the checkpoints table)
 * moves only after the sink acknowledged. A crash between the two hands the batch over again,
 * which the idempotent sink absorbs, as it does a Kafka redelivery.
 */
export class StoreFeedConsumer {
  readonly checkpointName: string;
  readonly deadLetters: PostgresDeadLetters;
  private readonly publisher: SinkPublisher;
  private readonly relay: EventRelay;
  private unwatchLag: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    store: EventStore,
    private readonly checkpoints: CheckpointStore,
    sink: EventSink,
    options: StoreFeedOptions = {},
  ) {
    const name = options.name ?? 'kpi-projector';
    this.checkpointName = `store-feed:${name}`;
    this.deadLetters = new PostgresDeadLetters(dataSource, name);
    this.publisher = new SinkPublisher(sink, this.deadLetters);
    this.relay = new EventRelay(dataSource, store, checkpoints, this.publisher, {
      name: this.checkpointName,
      batchSize: options.batchSize ?? 2000,
      idleMs: options.idleMs ?? 50,
      retryMs: options.retryMs ?? 1000,
    });
  }

  get stats(): { written: number; deadLettered: number } {
    return this.publisher.stats;
  }

  /**
   * Creates the dead-letter table if needed and starts following the store. Its lag behind the
   * store is the projector's (`dealer_kpi_projector_lag_*{topic="event-store",partition="all"}`).
   */
  async start(): Promise<void> {
    await this.deadLetters.ensureTable();
    this.relay.start();
    this.unwatchLag = projectorLag.watch({ topic: 'event-store', partition: 'all' }, () => this.relay.lag());
  }

  /** Finishes the batch in hand (sink write and checkpoint), then stops. */
  async stop(): Promise<void> {
    this.unwatchLag?.();
    this.unwatchLag = undefined;
    await this.relay.stop();
  }

  /** Hands one batch to the sink without the loop or the lock (tests, tools); returns its size. */
  async runOnce(): Promise<number> {
    return this.relay.runOnce();
  }

  /**
   * Forgets the checkpoint, so that the next batch starts at the beginning of the store: for a
   * sink that lost its data (a new, empty ClickHouse database). Only while stopped.
   */
  async rewind(): Promise<void> {
    await this.dataSource.query(`DELETE FROM checkpoints WHERE name = $1`, [this.checkpointName]);
  }

  /** Events committed after the checkpoint: how far the sink is behind the store. */
  async lag(): Promise<number> {
    const position = await this.checkpoints.load(this.checkpointName);
    const rows: { behind: string }[] = await this.dataSource.query(
      `SELECT count(*)::text AS behind FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`,
      [position.transactionId, position.globalPosition],
    );
    return Number(rows[0]?.behind ?? 0);
  }
}
