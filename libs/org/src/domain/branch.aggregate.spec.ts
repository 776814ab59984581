import { EventEnvelope, NewEvent } from '@app/contracts';
import {
  BranchAlreadyOpenedError,
  BranchClosedBeforeOpeningError,
  BranchCommand,
  BranchNotOpenError,
  decideBranch,
  evolveBranch,
  initialBranch,
  OpenBranch,
} from './branch.aggregate';

const open: OpenBranch = {
  type: 'OpenBranch',
  eventId: '11111111-1111-4111-8111-111111111111',
  occurredAt: '2026-01-01T00:00:00.000Z',
  branchId: 'SH-01',
  name: 'Shanghai Pudong 4S',
  brands: ['VW'],
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  cutoffMinutes: 0,
  openedOn: '2026-01-01',
};

function given(...events: NewEvent[]) {
  const state = events
    .map((e, i): EventEnvelope => ({ ...e, streamId: 'branch-SH-01', streamPosition: i + 1, globalPosition: String(i + 1), recordedAt: e.occurredAt, actor: { kind: 'system', id: 't' }, correlationId: 'c', causationId: null }))
    .reduce(evolveBranch, initialBranch);
  return { when: (command: BranchCommand) => () => decideBranch(command, state) };
}

describe('Branch', () => {
  it('opens with its currency, time zone and cut-off', () => {
    expect(given().when(open)()).toMatchObject([{ type: 'BranchOpened', branchId: 'SH-01', payload: { currency: 'CNY', cutoffMinutes: 0 } }]);
  });

  it('opens once', () => {
    const [opened] = decideBranch(open, initialBranch);
    expect(given(opened!).when(open)).toThrow(BranchAlreadyOpenedError);
  });

  it('closes an open branch, not before it opened, and only once', () => {
    const [opened] = decideBranch(open, initialBranch);
    const close = { type: 'CloseBranch' as const, eventId: '22222222-2222-4222-8222-222222222222', occurredAt: '2026-06-30T10:00:00.000Z', branchId: 'SH-01', closedOn: '2026-06-30', reason: 'merged' };
    const [closed] = given(opened!).when(close)();
    expect(closed).toMatchObject({ type: 'BranchClosed', payload: { closedOn: '2026-06-30' } });
    expect(given(opened!, closed!).when(close)).toThrow(BranchNotOpenError);
    expect(given(opened!).when({ ...close, closedOn: '2025-12-31' })).toThrow(BranchClosedBeforeOpeningError);
    expect(given().when(close)).toThrow(BranchNotOpenError);
  });
});
