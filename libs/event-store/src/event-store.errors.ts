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
