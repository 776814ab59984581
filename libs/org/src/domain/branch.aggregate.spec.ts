import { DeciderSpecification } from '@app/contracts/testing';
import {
  BranchAlreadyOpenedError,
  BranchClosedBeforeOpeningError,
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

const given = DeciderSpecification.for({ decide: decideBranch, evolve: evolveBranch, initialState: initialBranch, streamId: 'branch-SH-01' });

describe('Branch', () => {
  it('opens with its currency, time zone and cut-off', () => {
    given()
      .when(open)
      .then([{ type: 'BranchOpened', branchId: 'SH-01', payload: { currency: 'CNY', cutoffMinutes: 0 } }]);
  });

  it('opens once', () => {
    const [opened] = decideBranch(open, initialBranch);
    given([opened!]).when(open).thenThrows(BranchAlreadyOpenedError);
  });

  it('closes an open branch, not before it opened, and only once', () => {
    const [opened] = decideBranch(open, initialBranch);
    const close = {
      type: 'CloseBranch' as const,
      eventId: '22222222-2222-4222-8222-222222222222',
      occurredAt: '2026-06-30T10:00:00.000Z',
      branchId: 'SH-01',
      closedOn: '2026-06-30',
      reason: 'merged',
    };
    const {
      events: [closed],
    } = given([opened!])
      .when(close)
      .then([{ type: 'BranchClosed', payload: { closedOn: '2026-06-30' } }]);
    given([opened!, closed!]).when(close).thenThrows(BranchNotOpenError);
    given([opened!])
      .when({ ...close, closedOn: '2025-12-31' })
      .thenThrows(BranchClosedBeforeOpeningError);
    given().when(close).thenThrows(BranchNotOpenError);
  });
});
