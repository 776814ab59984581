import { DomainError } from '@app/contracts';

/** Store errors carry stable codes; the HTTP layer maps them to status codes. */
export abstract class EventStoreError extends DomainError {}

export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'STREAM_VERSION_CONFLICT';
  readonly kind = 'conflict';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `stream ${streamId} was modified concurrently (expected version ${expectedVersion})`
        : `stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}`,
    );
  }
}

/**
 * A command without If-Match lost an append race: another command appended to the stream between
 * its read and its append. Its transaction is aborted (the insert's unique violation), so the whole
 * transaction is run again on the new state (IdempotentCommandRunner); after the last attempt it
 * answers as the WrongExpectedVersionError it is (409).
 */
export class AppendRaceLostError extends WrongExpectedVersionError {}

export class EventIdConflictError extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT';
  readonly kind = 'conflict';
  constructor(readonly eventIds: string[]) {
    super(`some but not all of the events were appended before: ${eventIds.join(', ')}`);
  }
}

/** Largest payload the store accepts: far below what Kafka and the consumers take (512 KB). */
export const MAX_EVENT_PAYLOAD_BYTES = 256 * 1024;

export class EventTooLargeError extends EventStoreError {
  readonly code = 'EVENT_TOO_LARGE';
  readonly kind = 'invalid';
  constructor(
    readonly eventType: string,
    readonly bytes: number,
  ) {
    super(`a ${eventType} of ${bytes} bytes is larger than the ${MAX_EVENT_PAYLOAD_BYTES} bytes an event may hold; split the command`);
  }
}
