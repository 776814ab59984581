import { EventEnvelope, EventMetadata, NewEvent } from '@app/contracts';
import { appendConflicts } from '@app/observability';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { EventIdConflictError, EventTooLargeError, MAX_EVENT_PAYLOAD_BYTES, WrongExpectedVersionError } from './event-store.errors';

/** `'any'` appends without a check; a number is the stream's version before this append (0 = new stream). */
export type ExpectedVersion = number | 'any';

export interface AppendResult {
  readonly events: EventEnvelope[];
  /** The stream's version after the append. */
  readonly streamVersion: number;
  /** True when every event id was already stored: nothing was appended. */
  readonly duplicate: boolean;
}

/** A position in commit order: the writing transaction, then the global position. */
export interface CommitPosition {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export const START_OF_STORE: CommitPosition = { transactionId: '0', globalPosition: '0' };

export interface CommittedEvent {
  readonly event: EventEnvelope;
  readonly position: CommitPosition;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  schema_version: number;
  branch_id: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: EventMetadata['actor'];
  correlation_id: string;
  causation_id: string | null;
  payload: unknown;
}

const COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_position, type,
  schema_version, branch_id, occurred_at, recorded_at, actor, correlation_id, causation_id, payload`;

function toEnvelope(row: EventRow): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    globalPosition: row.global_position,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    branchId: row.branch_id,
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    payload: row.payload,
  };
}

function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? (driverError.constraint ?? 'unknown') : undefined;
}

/**
 * The append-only Postgres event store. Appends are atomic and checked against the expected
 * stream version; the reader returns events in commit order and never skips a late commit.
 */
export class EventStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends in a transaction of its own. */
  async append(streamId: string, expectedVersion: ExpectedVersion, events: readonly NewEvent[], metadata: EventMetadata): Promise<AppendResult> {
    try {
      return await this.dataSource.transaction((manager) => this.appendWithin(manager, streamId, expectedVersion, events, metadata));
    } catch (error) {
      // A concurrent append of the same event ids won the race: answer as the retry it is.
      if (uniqueViolation(error) === 'events_event_id_unique') {
        const stored = await this.findByEventIds(
          this.dataSource.manager,
          events.map((e) => e.eventId),
        );
        if (stored.length === events.length) return this.duplicateResult(streamId, stored);
      }
      throw error;
    }
  }

  /**
   * Appends inside the caller's transaction, so that a command handler can record other rows
   * (an idempotency key, say) atomically with the events. A refusal for a conflict (wrong expected
   * version, event ids stored elsewhere) is counted in `dealer_kpi_event_store_append_conflicts_total`.
   */
  async appendWithin(
    manager: EntityManager,
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    return this.countingConflicts(() => this.appendChecked(manager, streamId, expectedVersion, events, metadata));
  }

  /**
   * Appends inside the caller's transaction right after the caller read the stream at `version` in
   * it (a command's load, decide, append): one INSERT and no probe. A lost race surfaces as the
   * insert's unique violation, which aborts the caller's transaction: WrongExpectedVersionError,
   * and the caller runs its transaction again (executeStreamCommand in IdempotentCommandRunner).
   * Event ids must be new (commands draw them at random): a stored one is an EventIdConflictError,
   * never a silent duplicate; `append` and `appendWithin` answer a retry of known ids instead.
   */
  async appendAfterRead(
    manager: EntityManager,
    streamId: string,
    version: number,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    return this.countingConflicts(async () => {
      try {
        return await this.insert(manager, streamId, version, version, events, metadata);
      } catch (error) {
        if (uniqueViolation(error) === 'events_event_id_unique') throw new EventIdConflictError(events.map((e) => e.eventId));
        throw error;
      }
    });
  }

  private async countingConflicts<T>(append: () => Promise<T>): Promise<T> {
    try {
      return await append();
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) appendConflicts.inc({ reason: 'wrong_expected_version' });
      if (error instanceof EventIdConflictError) appendConflicts.inc({ reason: 'event_id_conflict' });
      throw error;
    }
  }

  private async appendChecked(
    manager: EntityManager,
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    const eventIds = events.map((e) => e.eventId);
    // One round trip for the usual case (no known id): the stream's version and whether any id is stored.
    const [probe]: { version: number | null; known: boolean }[] = await manager.query(
      `SELECT (SELECT max(stream_position) FROM events WHERE stream_id = $1) AS version,
              EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2::uuid[])) AS known`,
      [streamId, eventIds],
    );
    if (probe?.known) {
      const known = await this.findByEventIds(manager, eventIds);
      if (known.length === events.length) return this.duplicateResult(streamId, known);
      if (known.length > 0) throw new EventIdConflictError(known.map((e) => e.eventId));
    }

    const current = probe?.version ?? 0;
    if (expectedVersion !== 'any' && expectedVersion !== current) {
      throw new WrongExpectedVersionError(streamId, expectedVersion, current);
    }
    return this.insert(manager, streamId, current, expectedVersion, events, metadata);
  }

  /** The INSERT of an append after stream version `current`; a unique violation is a typed conflict. */
  private async insert(
    manager: EntityManager,
    streamId: string,
    current: number,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    metadata: EventMetadata,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    const payloads = events.map((event) => {
      const json = JSON.stringify(event.payload);
      const bytes = Buffer.byteLength(json);
      if (bytes > MAX_EVENT_PAYLOAD_BYTES) throw new EventTooLargeError(event.type, bytes);
      return json;
    });
    const params: unknown[] = [];
    const tuples = events.map((event, index) => {
      const values = [
        event.eventId,
        streamId,
        current + index + 1,
        event.type,
        event.schemaVersion,
        event.branchId,
        event.occurredAt,
        JSON.stringify(metadata.actor),
        metadata.correlationId,
        metadata.causationId,
        payloads[index],
      ];
      const placeholders = values.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });

    try {
      const rows: EventRow[] = await manager.query(
        `INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, branch_id,
           occurred_at, actor, correlation_id, causation_id, payload)
         VALUES ${tuples.join(', ')}
         RETURNING ${COLUMNS}`,
        params,
      );
      return { events: rows.map(toEnvelope), streamVersion: current + events.length, duplicate: false };
    } catch (error) {
      if (uniqueViolation(error) === 'events_stream_position_unique' && expectedVersion !== 'any') {
        throw new WrongExpectedVersionError(streamId, expectedVersion, null);
      }
      throw error;
    }
  }

  async streamVersion(manager: EntityManager, streamId: string): Promise<number> {
    const rows: { version: number | null }[] = await manager.query(`SELECT max(stream_position) AS version FROM events WHERE stream_id = $1`, [streamId]);
    return rows[0]?.version ?? 0;
  }

  async readStream(streamId: string, manager: EntityManager = this.dataSource.manager): Promise<EventEnvelope[]> {
    const rows: EventRow[] = await manager.query(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_position`, [streamId]);
    return rows.map(toEnvelope);
  }

  /**
   * Up to `limit` events committed after `after`, in commit order. Only transactions older than
   * every transaction still running are read, so a slow transaction that commits later cannot
   * be overtaken: its events are returned once it has committed, before anything newer.
   * The ORDER BY names the table's columns (`events.…`): bare `transaction_id` would mean the
   * output column `transaction_id::text`, sorting ids as text (100 before 99) without the index.
   */
  async readCommittedAfter(after: CommitPosition, limit: number, manager: EntityManager = this.dataSource.manager): Promise<CommittedEvent[]> {
    const rows: EventRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [after.transactionId, after.globalPosition, limit],
    );
    return rows.map((row) => ({
      event: toEnvelope(row),
      position: { transactionId: row.transaction_id, globalPosition: row.global_position },
    }));
  }

  private async findByEventIds(manager: EntityManager, eventIds: string[]): Promise<EventEnvelope[]> {
    const rows: EventRow[] = await manager.query(`SELECT ${COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY global_position`, [eventIds]);
    return rows.map(toEnvelope);
  }

  private duplicateResult(streamId: string, stored: EventEnvelope[]): AppendResult {
    const streamVersion = Math.max(...stored.map((e) => e.streamPosition));
    if (stored.some((e) => e.streamId !== streamId)) {
      throw new EventIdConflictError(stored.map((e) => e.eventId));
    }
    return { events: stored, streamVersion, duplicate: true };
  }
}
