import { Logger } from '@nestjs/common';
import { CheckpointStore, EventStore } from '@app/event-store';
import { Lag, relayPublished } from '@app/observability';
import { DataSource, QueryRunner } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { InterruptiblePause } from './interruptible-pause';

export interface EventRelayOptions {
  /** Checkpoint name; also names the leader lock. */
  readonly name?: string;
  readonly batchSize?: number;
  /** Pause when the store has nothing new. */
  readonly idleMs?: number;
  /** Pause after an error before trying again. */
  readonly retryMs?: number;
}

/** Events counted past a checkpoint for the lag gauges, at most (a cheap count on a store far ahead). */
export const LAG_COUNT_LIMIT = 100_000;

/**
 * Tails the event store in commit order and publishes to Kafka, then moves its checkpoint.
 * At least once: a crash between publish and checkpoint republishes the batch, and consumers
 * deduplicate by event id. Only one relay of a name is active at a time (a Postgres advisory
 * lock), so every service instance can host one.
 */
export class EventRelay {
  private readonly logger: Logger;
  /** Checkpoint name (and the `relay` label of its metrics). */
  readonly name: string;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly retryMs: number;
  private readonly pause = new InterruptiblePause();
  private running: Promise<void> | undefined;
  private stopping = false;
  private lockHolder: QueryRunner | undefined;
  private published = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly publisher: EventPublisher,
    options: EventRelayOptions = {},
  ) {
    this.name = options.name ?? 'kafka-relay';
    this.batchSize = options.batchSize ?? 1000;
    this.idleMs = options.idleMs ?? 20;
    this.retryMs = options.retryMs ?? 1000;
    this.logger = new Logger(`EventRelay:${this.name}`);
  }

  get publishedCount(): number {
    return this.published;
  }

  /**
   * Publishes one batch; returns how many events it published. While the relay holds its lock it
   * reads through the lock's own connection: if that connection dies (and the lock with it, so
   * another relay may take over), the read fails and this relay stops publishing.
   */
  async runOnce(): Promise<number> {
    const position = await this.checkpoints.load(this.name);
    const batch = await this.store.readCommittedAfter(position, this.batchSize, this.lockHolder?.manager);
    const last = batch.at(-1);
    if (last === undefined) return 0;
    await this.publisher.publish(batch.map((c) => c.event));
    await this.checkpoints.save(this.name, last.position);
    this.published += batch.length;
    relayPublished.inc({ relay: this.name }, batch.length);
    return batch.length;
  }

  /**
   * How far this relay's checkpoint is behind the store: events committed after it (counted up to
   * {@link LAG_COUNT_LIMIT}) and the age of the oldest of them in seconds (0 when caught up). Read
   * by the lag gauges at scrape time, from the checkpoint (whichever instance holds the lock).
   */
  async lag(): Promise<Lag> {
    const position = await this.checkpoints.load(this.name);
    const rows: { behind: number; oldest: Date | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS behind, min(recorded_at) AS oldest FROM (
         SELECT recorded_at FROM events
          WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          ORDER BY events.transaction_id, events.global_position
          LIMIT ${LAG_COUNT_LIMIT}) AS ahead`,
      [position.transactionId, position.globalPosition],
    );
    const events = rows[0]?.behind ?? 0;
    const oldest = rows[0]?.oldest;
    return { events, seconds: events > 0 && oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0 };
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.running;
    this.running = undefined;
    await this.releaseLock();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!(await this.holdLock())) {
          await this.pause.wait(this.retryMs);
          continue;
        }
        const count = await this.runOnce();
        if (count < this.batchSize && !this.stopping) await this.pause.wait(this.idleMs);
      } catch (error) {
        this.logger.error(`relay failed, retrying in ${this.retryMs} ms: ${(error as Error).message}`);
        await this.releaseLock();
        if (!this.stopping) await this.pause.wait(this.retryMs);
      }
    }
  }

  private async holdLock(): Promise<boolean> {
    if (this.lockHolder) return true;
    const runner = this.dataSource.createQueryRunner();
    let held = false;
    try {
      await runner.connect();
      const rows = (await runner.query(`SELECT pg_try_advisory_lock(hashtext('event-relay'), hashtext($1)) AS locked`, [this.name])) as { locked: boolean }[];
      held = rows[0]?.locked === true;
    } finally {
      if (!held) await runner.release();
    }
    if (held) {
      this.lockHolder = runner;
      this.logger.log('holding the relay lock: publishing');
    }
    return held;
  }

  private async releaseLock(): Promise<void> {
    const runner = this.lockHolder;
    this.lockHolder = undefined;
    if (!runner) return;
    try {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('event-relay'), hashtext($1))`, [this.name]);
    } catch (error) {
      // The connection is gone, and the lock with it.
      this.logger.warn(`could not release the relay lock: ${(error as Error).message}`);
    } finally {
      await runner.release();
    }
  }
}
