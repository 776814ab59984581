import { EventEnvelope } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { EventStore } from './event-store';

/** State of an aggregate folded from its stream, with the version it was read at. */
export interface LoadedAggregate<TState> {
  readonly state: TState;
  readonly version: number;
}

/** Reads a stream and folds it with a pure `evolve`. */
export async function loadAggregate<TState>(
  store: EventStore,
  streamId: string,
  initial: TState,
  evolve: (state: TState, event: EventEnvelope) => TState,
  manager?: EntityManager,
): Promise<LoadedAggregate<TState>> {
  const events = await store.readStream(streamId, manager);
  return {
    state: events.reduce(evolve, initial),
    version: events.at(-1)?.streamPosition ?? 0,
  };
}
