import { DomainError, DomainEvent } from '@app/contracts';
import { createHash } from 'node:crypto';
import { UnknownBranchCalendarError } from './store-branch-calendar';
import { ClickHouseClient } from '@app/clickhouse';
import { PROJECTOR_EVENTS } from '@app/kpi';
import { EventSink, RejectedEvent, SinkResult } from '@app/messaging';
import { projectorBatchDuration, projectorBatchEvents, secondsSince } from '@app/observability';
import { branchesNeeded, Projection, ProjectionContext } from './projection';
import { Rollup } from './rollups/rollup';

/** Errors that say the event cannot be projected as it is (a rule, a value out of range, an unknown branch). */
function isBadData(error: unknown): error is Error {
  return error instanceof DomainError || error instanceof RangeError || error instanceof UnknownBranchCalendarError;
}

/** Rows of one or more batches waiting for ClickHouse, with the writes to answer once stored. */
interface PendingStore {
  readonly rowsByTable: Map<string, object[]>;
  /** The batch's events (id and store position), for the inserts' deduplication tokens. */
  readonly events: readonly EventRef[];
  /** Rows of projector_events for every event of the batch (with {@link SinkOptions.recordPositions}). */
  readonly positions: readonly object[];
  resolve(): void;
  reject(error: unknown): void;
}

export interface SinkOptions {
  /**
   * Write a projector_events row for every event of a batch, after its facts and roll-up keys
   * were acknowledged: the as-of mark and read-your-writes (docs/adr/0018-as-of-marks.md). The
   * live projector does; a rebuild into shadow tables does not (its facts are not live yet).
   */
  readonly recordPositions?: boolean;
}

interface EventRef {
  readonly eventId: string;
  readonly globalPosition: string | undefined;
}

/**
 * The `insert_deduplication_token` of one table's insert for a group of batches: the table, the
 * store positions of the first and last event, the event count, and a sha256 over the events' ids
 * and the rows themselves. Deterministic: the same events projected by the same code give the same
 * token, so a re-sent insert (a retry after a timeout, a redelivered batch grouped the same way) is
 * dropped by the engine (Replicated tables by default; a plain MergeTree only with
 * `non_replicated_deduplication_window`). Rows that differ (the projection code changed between
 * two deliveries) give another token and are stored, and ReplacingMergeTree keeps the last.
 * Exactness never depends on it: every read goes through FINAL (docs/adr/0022-clickhouse-cluster.md).
 */
export function deduplicationToken(table: string, events: readonly EventRef[], rows: readonly object[]): string {
  const hash = createHash('sha256').update(table).update('\0');
  for (const e of events) hash.update(e.eventId).update(',');
  hash.update('\0').update(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
  const positions = events.map((e) => e.globalPosition).filter((p): p is string => p !== undefined);
  const range = positions.length > 0 ? `${positions[0]}-${positions[positions.length - 1]}` : 'na';
  return `${table}:${range}:${events.length}:${hash.digest('hex').slice(0, 32)}`;
}

/** `2026-01-04T09:00:00.000Z` → `2026-01-04 09:00:00.000` (ClickHouse DateTime64 text). */
const clickhouseInstant = (iso: string): string => iso.replace('T', ' ').replace('Z', '');

/**
 * Projects a batch of events into ClickHouse fact tables: one insert per table per batch. The
 * fact tables are ReplacingMergeTrees keyed by event id and read with FINAL, so writing an event
 * twice (redelivery, replay) changes no figure. Resolves only once ClickHouse acknowledged.
 *
 * Concurrent writes (the consumer handles several partitions at once) are stored together: rows
 * of batches that arrive while another group is being stored go into the next group, one insert
 * per table and one roll-up refresh for all of them. A group that fails fails every write in it,
 * and each batch is delivered again.
 */
export class ClickHouseProjectionSink implements EventSink {
  readonly name = 'clickhouse-projections';
  private readonly waiting: PendingStore[] = [];
  private storing = false;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly projections: readonly Projection[],
    private readonly context: ProjectionContext,
    /** Refreshed after the facts are written, for the keys the batch touched. */
    private readonly rollups: readonly Rollup[] = [],
    private readonly options: SinkOptions = {},
  ) {}

  /** Writes a batch, counted in `dealer_kpi_projector_batch_events` and timed in `dealer_kpi_projector_batch_duration_seconds`. */
  async write(events: readonly DomainEvent[]): Promise<SinkResult> {
    const started = performance.now();
    try {
      const result = await this.project(events);
      projectorBatchEvents.observe(events.length);
      projectorBatchDuration.observe({ outcome: 'ok' }, secondsSince(started));
      return result;
    } catch (error) {
      projectorBatchDuration.observe({ outcome: 'error' }, secondsSince(started));
      throw error;
    }
  }

  private async project(events: readonly DomainEvent[]): Promise<SinkResult> {
    // An error here (the store is down) is an outage: the batch is retried, no offset moves.
    await this.context.calendar.prepare?.(branchesNeeded(events, this.projections));
    const rowsByTable = new Map<string, object[]>();
    const rejected: RejectedEvent[] = [];
    for (const event of events) {
      let projected: [string, object[]][];
      try {
        projected = this.projections.map((p) => [p.table, p.project(event, this.context)]);
      } catch (error) {
        // Bad data goes to the DLQ and the rest of the batch goes on. Anything else (a bug) stops
        // the batch: it is retried and seen, rather than losing the event's figures quietly.
        if (!isBadData(error)) throw error;
        rejected.push({ eventId: event.eventId, reason: `projection failed: ${error.message}` });
        continue;
      }
      for (const [table, rows] of projected) {
        if (rows.length === 0) continue;
        const list = rowsByTable.get(table) ?? [];
        list.push(...rows);
        rowsByTable.set(table, list);
      }
    }
    // Rejected events too: the projector has passed them (they are in the dead-letter queue).
    const positions = this.options.recordPositions
      ? events.map((e) => ({ global_position: e.globalPosition, recorded_at: clickhouseInstant(e.recordedAt) }))
      : [];
    const refs = events.map((e) => ({ eventId: e.eventId, globalPosition: e.globalPosition }));
    if (rowsByTable.size > 0 || positions.length > 0) await this.store(rowsByTable, refs, positions);
    return { rejected };
  }

  private store(rowsByTable: Map<string, object[]>, events: readonly EventRef[], positions: readonly object[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rowsByTable, events, positions, resolve, reject });
      if (!this.storing) void this.storeWaiting();
    });
  }

  /** Stores the waiting rows group after group until none are left; never rejects (each write learns its outcome). */
  private async storeWaiting(): Promise<void> {
    this.storing = true;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0);
      try {
        await this.insertAndRefresh(
          mergeRows(group.map((g) => g.rowsByTable)),
          group.flatMap((g) => g.events),
          group.flatMap((g) => g.positions),
        );
        for (const pending of group) pending.resolve();
      } catch (error) {
        for (const pending of group) pending.reject(error);
      }
    }
    this.storing = false;
  }

  /**
   * The tables' inserts run side by side (each is idempotent: facts are keyed by event, and each
   * insert carries a {@link deduplicationToken}), then the
   * roll-ups' refreshes, which must see every fact of the group, side by side too. Every call is
   * settled before the first failure is thrown, so a group delivered again never overlaps its own
   * inserts still in flight. Last, the events' positions: only once every fact and roll-up key
   * is acknowledged does a read that asks for one of them go on.
   */
  private async insertAndRefresh(rowsByTable: ReadonlyMap<string, object[]>, events: readonly EventRef[], positions: readonly object[]): Promise<void> {
    await settleAll(
      [...rowsByTable].map(
        ([table, rows]) =>
          () =>
            this.client.insert(table, rows, { deduplicationToken: deduplicationToken(table, events, rows) }),
      ),
    );
    await settleAll(this.rollups.map((rollup) => () => rollup.refresh(this.client, rowsByTable)));
    if (positions.length > 0) await this.client.insert(PROJECTOR_EVENTS, positions);
  }
}

/** Starts every call, waits for all of them (one throwing at once included), then throws the first failure, if any. */
async function settleAll(calls: readonly (() => Promise<void>)[]): Promise<void> {
  const failed = (await Promise.allSettled(calls.map((call) => Promise.resolve().then(call)))).find(
    (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
  );
  if (failed) throw failed.reason;
}

function mergeRows(parts: readonly Map<string, object[]>[]): Map<string, object[]> {
  if (parts.length === 1 && parts[0]) return parts[0];
  const merged = new Map<string, object[]>();
  for (const part of parts) {
    for (const [table, rows] of part) {
      const list = merged.get(table) ?? [];
      for (const row of rows) list.push(row);
      merged.set(table, list);
    }
  }
  return merged;
}
