import { EventEnvelope, NewEvent } from '@app/contracts';

/**
 * Given / when / then for pure deciders, after Emmett's `DeciderSpecification`
 * (event-driven-io/emmett, src/packages/emmett/src/testing/deciderSpecification.ts):
 *
 *     const given = DeciderSpecification.for({ decide: decideLead, evolve: evolveLead, initialState: initialLead });
 *     given([created]).when(testDrive).then([{ type: 'TestDriveCompleted' }]);
 *     given().when(testDrive).thenThrows(LeadNotFoundError);
 *
 * No mocks: past events are folded with `evolve` from `initialState`, the command is decided on
 * the state they leave, and the result is compared. Extra arguments of `decide` (facts a handler
 * looked up) follow the command in `when`.
 */
export interface Decider<Command, State, Rest extends unknown[] = []> {
  readonly decide: (command: Command, state: State, ...rest: Rest) => readonly NewEvent[];
  readonly evolve: (state: State, event: EventEnvelope) => State;
  readonly initialState: State;
  /** The stream the given events are stored in (no decider reads it). */
  readonly streamId?: string;
}

/** An error class, a stable error code (`DomainError.code`), or a pattern the message must match. */
export type ExpectedError<E extends Error> = (new (...args: never[]) => E) | string | RegExp;

/** What the decided events are compared with: each expected event is matched field by field (as `toMatchObject`). */
export type ExpectedEvents = readonly object[];

export interface Then<State> {
  /** The decider returns exactly as many events as expected, each matching its expected fields. */
  then(expected: ExpectedEvents): { readonly events: readonly NewEvent[]; readonly state: State };
  /** The decider returns no event (the command changes nothing). */
  thenNothingHappened(): State;
  /**
   * The decider throws: an instance of the class, an error with the code, or one whose message
   * matches; `message` adds a pattern the message must match. Returns the error for more checks.
   */
  thenThrows<E extends Error = Error>(expected?: ExpectedError<E>, message?: RegExp): E;
}

export interface Given<Command, State, Rest extends unknown[]> {
  /** The state the given events leave. */
  readonly state: State;
  when(command: Command, ...rest: Rest): Then<State>;
}

export type DeciderSpecification<Command, State, Rest extends unknown[]> = (events?: NewEvent | readonly NewEvent[]) => Given<Command, State, Rest>;

/** Events as decided, stored the way a stream hands them back (positions from `first`). */
function storedEvents(events: readonly NewEvent[], streamId = 'stream-under-test', first = 1): EventEnvelope[] {
  return events.map((event, index) => ({
    ...event,
    streamId,
    streamPosition: first + index,
    globalPosition: String(first + index),
    recordedAt: event.occurredAt,
    actor: { kind: 'user', id: 'spec' },
    correlationId: 'spec',
    causationId: null,
  }));
}

/** The state `events` leave, folded from `state` (by default the decider's initial state). */
export function foldEvents<Command, State, Rest extends unknown[]>(
  decider: Decider<Command, State, Rest>,
  events: readonly NewEvent[],
  state: State = decider.initialState,
  first = 1,
): State {
  return storedEvents(events, decider.streamId, first).reduce(decider.evolve, state);
}

/** The events of commands decided one after another, each on the state its predecessors left. */
export function decideInTurn<Command, State, Rest extends unknown[]>(
  decider: Decider<Command, State, Rest>,
  commands: readonly Command[],
  ...rest: Rest
): NewEvent[] {
  const events: NewEvent[] = [];
  let state = decider.initialState;
  for (const command of commands) {
    const decided = decider.decide(command, state, ...rest);
    state = foldEvents(decider, decided, state, events.length + 1);
    events.push(...decided);
  }
  return events;
}

function describeExpected(expected: ExpectedError<Error> | undefined): string {
  if (expected === undefined) return 'an error';
  if (typeof expected === 'string') return `an error with code ${expected}`;
  if (expected instanceof RegExp) return `an error matching ${String(expected)}`;
  return expected.name;
}

function specificationFor<Command, State, Rest extends unknown[]>(decider: Decider<Command, State, Rest>): DeciderSpecification<Command, State, Rest> {
  return (given = []) => {
    const past = Array.isArray(given) ? (given as readonly NewEvent[]) : [given as NewEvent];
    const state = foldEvents(decider, past);
    return {
      state,
      when: (command, ...rest) => {
        const decide = () => decider.decide(command, state, ...rest);
        return {
          then: (expected) => {
            const events = decide();
            expect(events).toMatchObject(expected);
            return { events, state: foldEvents(decider, events, state, past.length + 1) };
          },
          thenNothingHappened: () => {
            expect(decide()).toEqual([]);
            return state;
          },
          thenThrows: <E extends Error>(expected?: ExpectedError<E>, message?: RegExp): E => {
            let events: readonly NewEvent[];
            try {
              events = decide();
            } catch (error) {
              if (typeof expected === 'function') expect(error).toBeInstanceOf(expected);
              else if (typeof expected === 'string') expect(error).toMatchObject({ code: expected });
              else expect(error).toBeInstanceOf(Error);
              if (expected instanceof RegExp) expect((error as Error).message).toMatch(expected);
              if (message) expect((error as Error).message).toMatch(message);
              return error as E;
            }
            throw new Error(`expected ${describeExpected(expected)} to be thrown, but the decider returned ${JSON.stringify(events, null, 2)}`);
          },
        };
      },
    };
  };
}

export const DeciderSpecification = { for: specificationFor };
