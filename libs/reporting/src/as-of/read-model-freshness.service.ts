import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import { kpiRollupIsCurrent, positionState, projectorPosition, ReadModelPosition, requestRollupRound, ROLLUP_KPI_MONTH, rollupPosition } from '@app/kpi';
import { BadRequestException, HttpStatus, Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AsOfMark, isPosition, LAG_COUNT_LIMIT, MIN_POSITION_MESSAGE, ReadModel, ReportSource } from './as-of.types';
import { maxWaitFromEnv } from './read-your-writes.settings';

/** Seconds a PROJECTION_BEHIND answer asks the client to wait (Retry-After). */
export const PROJECTION_BEHIND_RETRY_SECONDS = 2;

const POLL_FIRST_MS = 25;
const POLL_MAX_MS = 250;

const badRequest = (code: string, message: string) =>
  new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, code, message, errors: [{ field: 'minPosition', messages: [message] }] });

/** A request's `minPosition`: undefined when absent; 400 VALIDATION_FAILED on anything but one position. */
export function parseMinPosition(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (!isPosition(raw)) throw badRequest('VALIDATION_FAILED', MIN_POSITION_MESSAGE);
  return raw;
}

/**
 * The as-of mark of reports and read-your-writes (docs/adr/0018-as-of-marks.md): how far the
 * facts and the KPI month roll-up have got in the event store, and a bounded wait for a position.
 * The store head comes from Postgres when this process has it (the platform; the reporting API
 * with DATABASE_URL); without it the marks carry no lag.
 */
@Injectable()
export class ReadModelFreshness {
  /** READ_YOUR_WRITES_MAX_WAIT_MS, read (and checked) at start. */
  readonly maxWaitMs: number;

  constructor(
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Optional() private readonly store?: DataSource,
  ) {
    this.maxWaitMs = maxWaitFromEnv(process.env.READ_YOUR_WRITES_MAX_WAIT_MS);
  }

  get clickhouseClient(): ClickHouseClient {
    return this.clickhouse;
  }

  /** The read model a report of this source reads now: the roll-up only while it holds the current definition. */
  async readModelOf(source: ReportSource): Promise<ReadModel> {
    return source === 'kpi-month-rollup' && (await kpiRollupIsCurrent(this.clickhouse)) ? 'kpi-month-rollup' : 'facts';
  }

  /**
   * What a report does before it reads: waits (bounded) until `minPosition` is in the read model
   * it reads, then takes its mark (before the read, so the figures include at least that).
   * 400 UNKNOWN_POSITION when the store has no such event; 503 PROJECTION_BEHIND when the wait ran out.
   */
  async prepare(minPosition: string | undefined, source: ReportSource): Promise<AsOfMark> {
    const model = await this.readModelOf(source);
    if (minPosition !== undefined) await this.waitFor(minPosition, model);
    return this.mark(model);
  }

  async waitFor(position: string, model: ReadModel): Promise<void> {
    if (this.store) {
      const known: unknown[] = await this.store.query(`SELECT 1 FROM events WHERE global_position = $1::bigint`, [position]);
      if (known.length === 0) throw badRequest('UNKNOWN_POSITION', `the event store has no event at position ${position}`);
    }
    const rollup = model === 'kpi-month-rollup' ? ROLLUP_KPI_MONTH : undefined;
    const deadline = Date.now() + this.maxWaitMs;
    let pause = POLL_FIRST_MS;
    let asked = false;
    for (;;) {
      const state = await positionState(this.clickhouse, position, rollup);
      if (state.projected && (rollup === undefined || state.inRollup)) return;
      // The facts have it, the roll-up not yet: ask this process's refresher (if any) for a round now.
      if (rollup !== undefined && state.projected && !asked) {
        requestRollupRound();
        asked = true;
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, POLL_MAX_MS);
    }
    const asOf = await this.mark(model);
    const what = model === 'kpi-month-rollup' ? 'the KPI month roll-up' : 'the projector';
    throw new ServiceUnavailableException({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'PROJECTION_BEHIND',
      message: `${what} has not reached position ${position} within ${this.maxWaitMs} ms (it is at ${asOf.position ?? 'nothing yet'}); retry later`,
      minPosition: position,
      asOf,
      retryAfterSeconds: PROJECTION_BEHIND_RETRY_SECONDS,
    });
  }

  /** The mark of a read model now, with its lag behind the store. */
  async mark(model: ReadModel): Promise<AsOfMark> {
    const [position, head] = await Promise.all([
      model === 'kpi-month-rollup' ? rollupPosition(this.clickhouse, ROLLUP_KPI_MONTH) : projectorPosition(this.clickhouse),
      this.storeHead(),
    ]);
    const base = { readModel: model, position: position.position, recordedAt: position.recordedAt };
    if (!head) return { ...base, lag: { events: null, seconds: null }, storeHead: null };
    return { ...base, lag: await this.lagOf(position, head), storeHead: head };
  }

  /** The store's last committed event (position order); nulls for an empty store; undefined without a store. */
  async storeHead(): Promise<{ position: string | null; recordedAt: string | null } | undefined> {
    if (!this.store) return undefined;
    const rows: { position: string; recorded_at: Date }[] = await this.store.query(
      `SELECT global_position::text AS position, recorded_at FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? { position: row.position, recordedAt: row.recorded_at.toISOString() } : { position: null, recordedAt: null };
  }

  private async lagOf(mark: ReadModelPosition, head: { position: string | null; recordedAt: string | null }): Promise<AsOfMark['lag']> {
    if (head.position === null) return { events: 0, seconds: 0 };
    const rows: { behind: string }[] = await (this.store as DataSource).query(
      `SELECT count(*)::text AS behind FROM (SELECT 1 FROM events WHERE global_position > $1::bigint LIMIT ${LAG_COUNT_LIMIT}) AS after_mark`,
      [mark.position ?? '0'],
    );
    const events = Number(rows[0]?.behind ?? 0);
    if (events === 0) return { events, seconds: 0 };
    // Nothing projected yet: how long that is behind is unknown.
    if (mark.recordedAt === null || head.recordedAt === null) return { events, seconds: null };
    return { events, seconds: Math.max(0, Math.round((Date.parse(head.recordedAt) - Date.parse(mark.recordedAt)) / 1000)) };
  }
}
