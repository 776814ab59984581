import { EventEnvelope, EventMetadata, NewEvent } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { loadAggregate } from './decider';
import { EventStore } from './event-store';
import { AppendRaceLostError, WrongExpectedVersionError } from './event-store.errors';

export interface StreamCommandResult {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventIds: string[];
  /**
   * The store's global position of each event, in the order of `eventIds`. A read that asks for
   * the last one (`minPosition`) includes the command's figures (docs/adr/0018-as-of-marks.md).
   */
  readonly positions: string[];
  /** The last of `positions`; null when nothing was appended. */
  readonly position: string | null;
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
 * Load, decide, append: the whole of a command handler, inside the caller's transaction, in two
 * round trips (the read of the stream and the INSERT). The append is checked against the version
 * that was read. A client that sent If-Match gets a 409 on any concurrent change; without If-Match,
 * a command that lost an append race to another one throws AppendRaceLostError, and
 * IdempotentCommandRunner runs its transaction again on the new state (up to
 * COMMAND_ATTEMPTS times), so unrelated concurrent commands on one stream both succeed while the
 * rules still see every event.
 */
export async function executeStreamCommand<TState>(store: EventStore, manager: EntityManager, command: StreamCommand<TState>): Promise<StreamCommandResult> {
  try {
    return await attemptStreamCommand(store, manager, command);
  } catch (error) {
    // Without If-Match a version conflict can only be a race lost between reading and appending.
    if (error instanceof WrongExpectedVersionError && !(error instanceof AppendRaceLostError) && command.expectedVersion === undefined) {
      throw new AppendRaceLostError(error.streamId, error.expectedVersion, error.actualVersion);
    }
    throw error;
  }
}

async function attemptStreamCommand<TState>(store: EventStore, manager: EntityManager, command: StreamCommand<TState>): Promise<StreamCommandResult> {
  const { state, version } = await loadAggregate(store, command.streamId, command.initial, command.evolve, manager);
  if (command.expectedVersion !== undefined && command.expectedVersion !== version) {
    throw new WrongExpectedVersionError(command.streamId, command.expectedVersion, version);
  }
  const events = command.decide(state, version);
  if (events.length === 0) return { streamId: command.streamId, streamVersion: version, eventIds: [], positions: [], position: null };
  const result = await store.appendAfterRead(manager, command.streamId, version, events, command.metadata);
  const positions = result.events.map((e) => e.globalPosition);
  return {
    streamId: command.streamId,
    streamVersion: result.streamVersion,
    eventIds: result.events.map((e) => e.eventId),
    positions,
    position: positions[positions.length - 1] ?? null,
  };
}
