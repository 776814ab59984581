import { EventEnvelope, NewEvent } from '@app/contracts';

let counter = 0;

/** A v4-shaped UUID for tests. */
export function testEventId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`;
}

/** Base fields of an org command in tests. */
export function at(occurredAt = '2026-01-10T02:00:00.000Z') {
  return { eventId: testEventId(), occurredAt };
}

/** Stored envelopes of decided events, as a stream would hand them back. */
export function stored(streamId: string, events: readonly NewEvent[]): EventEnvelope[] {
  return events.map((e, i) => ({
    ...e,
    streamId,
    streamPosition: i + 1,
    globalPosition: String(i + 1),
    recordedAt: e.occurredAt,
    actor: { kind: 'system', id: 'test' },
    correlationId: 'c',
    causationId: null,
  }));
}

/** Given past events, fold them into state with `evolve`. */
export function fold<S>(initial: S, evolve: (state: S, event: EventEnvelope) => S, streamId: string, events: readonly NewEvent[]): S {
  return stored(streamId, events).reduce(evolve, initial);
}
