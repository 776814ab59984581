import { EventEnvelope, NewEvent } from '@app/contracts';

/**
 * Folds events as `decide` returned them (before the store gave them positions) into a state:
 * the "given" of the given/when/then specs, and any in-memory replay of decisions.
 */
export function foldHistory<TState>(
  initial: TState,
  evolve: (state: TState, event: EventEnvelope) => TState,
  streamId: string,
  events: readonly NewEvent[],
): TState {
  return events
    .map(
      (event, index): EventEnvelope => ({
        ...event,
        streamId,
        streamPosition: index + 1,
        globalPosition: String(index + 1),
        recordedAt: event.occurredAt,
        actor: { kind: 'user', id: 'spec' },
        correlationId: 'spec',
        causationId: null,
      }),
    )
    .reduce(evolve, initial);
}
