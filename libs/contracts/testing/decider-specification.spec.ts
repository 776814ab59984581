import { DomainError, EventEnvelope, NewEvent } from '@app/contracts';
import { DeciderSpecification, decideInTurn, foldEvents } from './decider-specification';

class CounterOverflowError extends DomainError {
  readonly code = 'COUNTER_OVERFLOW';
  readonly kind = 'invalid';
}

interface Add {
  readonly by: number;
}

const added = (by: number, n: number): NewEvent => ({
  eventId: `e-${n}`,
  type: 'Added',
  schemaVersion: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  branchId: 'SH-01',
  payload: { by },
});

/** A counter up to `limit`: adding 0 changes nothing. */
const counter = {
  decide: (command: Add, state: number, limit = 10): NewEvent[] => {
    if (state + command.by > limit) throw new CounterOverflowError(`${state} + ${command.by} is over ${limit}`);
    return command.by === 0 ? [] : [added(command.by, state)];
  },
  evolve: (state: number, event: EventEnvelope) => state + (event.payload as { by: number }).by,
  initialState: 0,
};
const given = DeciderSpecification.for(counter);

describe('DeciderSpecification', () => {
  it('folds the given events, decides the command and compares each event field by field', () => {
    const { events, state } = given([added(2, 0), added(3, 2)])
      .when({ by: 4 })
      .then([{ type: 'Added', payload: { by: 4 } }]);
    expect(events).toHaveLength(1);
    expect(state).toBe(9);
    expect(given(added(1, 0)).state).toBe(1);
  });

  it('fails when the events differ, are more or fewer than expected', () => {
    expect(() =>
      given()
        .when({ by: 1 })
        .then([{ payload: { by: 2 } }]),
    ).toThrow();
    expect(() => given().when({ by: 1 }).then([])).toThrow();
    expect(() =>
      given()
        .when({ by: 1 })
        .then([{ type: 'Added' }, { type: 'Added' }]),
    ).toThrow();
    expect(() => given().when({ by: 1 }).thenNothingHappened()).toThrow();
    given().when({ by: 0 }).thenNothingHappened();
  });

  it('passes the extra arguments of decide after the command', () => {
    given([added(5, 0)])
      .when({ by: 5 }, 5)
      .thenThrows(CounterOverflowError);
    given([added(5, 0)])
      .when({ by: 5 }, 20)
      .then([{ payload: { by: 5 } }]);
  });

  it('expects an error by class, by code or by message, and hands it back', () => {
    const error = given([added(9, 0)])
      .when({ by: 2 })
      .thenThrows(CounterOverflowError, /over 10/);
    expect(error.message).toBe('9 + 2 is over 10');
    given([added(9, 0)])
      .when({ by: 2 })
      .thenThrows('COUNTER_OVERFLOW');
    given([added(9, 0)])
      .when({ by: 2 })
      .thenThrows(/is over/);
    given([added(9, 0)])
      .when({ by: 2 })
      .thenThrows();
  });

  it('fails when nothing is thrown, or another error than expected', () => {
    expect(() => given().when({ by: 1 }).thenThrows(CounterOverflowError)).toThrow(/expected CounterOverflowError to be thrown/);
    expect(() => given().when({ by: 1 }).thenThrows()).toThrow(/expected an error to be thrown/);
    expect(() =>
      given([added(9, 0)])
        .when({ by: 2 })
        .thenThrows(TypeError),
    ).toThrow();
    expect(() =>
      given([added(9, 0)])
        .when({ by: 2 })
        .thenThrows('OTHER_CODE'),
    ).toThrow();
    expect(() =>
      given([added(9, 0)])
        .when({ by: 2 })
        .thenThrows(CounterOverflowError, /under/),
    ).toThrow();
  });

  it('decides commands in turn and folds events into state', () => {
    const events = decideInTurn(counter, [{ by: 1 }, { by: 0 }, { by: 2 }]);
    expect(events.map((e) => e.payload)).toEqual([{ by: 1 }, { by: 2 }]);
    expect(foldEvents(counter, events)).toBe(3);
    expect(() => decideInTurn(counter, [{ by: 6 }, { by: 6 }])).toThrow(CounterOverflowError);
  });
});
