import { EventEnvelope, EventMetadata, NewEvent } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { loadAggregate } from './decider';
import { EventStore } from './event-store';
import { WrongExpectedVersionError } from './event-store.errors';

export interface StreamCommandResult {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventIds: string[];
}

export interface StreamCommand<TState> {
  readonly streamId: string;
  readonly initial: TState;
  readonly evolve: (state: TState, event: EventEnvelope) => TState;
  /** Pure: the events the command produces in this state, or a DomainError. */
  readonly decide: (state: TState, version: number) => NewEvent[];
  readonly metadata: EventMetadata;
  /** From the client (If-Match); otherwise the version that was read. */
  readonly expectedVersion?: number;
}

/**
 * Load, decide, append: the whole of a command handler, inside the caller's transaction. The
 * append is checked against the version that was read, so a concurrent change is a 409.
 */
export async function executeStreamCommand<TState>(
  store: EventStore,
  manager: EntityManager,
  command: StreamCommand<TState>,
): Promise<StreamCommandResult> {
  const { state, version } = await loadAggregate(store, command.streamId, command.initial, command.evolve, manager);
  if (command.expectedVersion !== undefined && command.expectedVersion !== version) {
    throw new WrongExpectedVersionError(command.streamId, command.expectedVersion, version);
  }
  const events = command.decide(state, version);
  if (events.length === 0) return { streamId: command.streamId, streamVersion: version, eventIds: [] };
  const result = await store.appendWithin(manager, command.streamId, version, events, command.metadata);
  return { streamId: command.streamId, streamVersion: result.streamVersion, eventIds: result.events.map((e) => e.eventId) };
}
