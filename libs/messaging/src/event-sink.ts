import { DomainEvent } from '@app/contracts';

export interface RejectedEvent {
  readonly eventId: string;
  readonly reason: string;
}

export interface SinkResult {
  /** Events the sink refused as bad data; they go to the dead-letter topic. */
  readonly rejected: readonly RejectedEvent[];
}

/**
 * Where a consumer writes. `write` resolves only once the rows are durable (ClickHouse
 * acknowledged the insert) and must be idempotent: the same event written twice leaves the same
 * figures. It throws on infrastructure errors; the batch is then retried and no offset moves.
 */
export interface EventSink {
  readonly name: string;
  write(events: readonly DomainEvent[]): Promise<SinkResult>;
}
