import { UniformBranchCalendar } from '../business-date';
import { ProjectionContext } from '../projection';
import { followUpCallsProjection } from './follow-up.projection';
import { complaintLogged, envelope, shanghai } from './workshop-events.spec-helper';

const context: ProjectionContext = { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) };

describe('followUpCallsProjection', () => {
  it('records a call on its business date with the close it refers to and whether the customer was reached', () => {
    const call = envelope(
      'FollowUpCallCompleted',
      {
        followUpCallId: 'F-1',
        repairOrderId: 'RO-1',
        repairOrderClosedAt: shanghai('2026-02-13', '17:00'),
        callerId: 'E-9',
        reached: true,
        outcome: 'satisfied',
        notes: null,
      },
      { branchId: 'SH-01', occurredAt: shanghai('2026-02-20', '23:30') },
    );
    expect(followUpCallsProjection.project(call, context)).toEqual([
      {
        event_id: call.eventId,
        branch_id: 'SH-01',
        business_date: '2026-02-20',
        occurred_at: '2026-02-20 15:30:00.000',
        follow_up_call_id: 'F-1',
        repair_order_id: 'RO-1',
        repair_order_closed_at: '2026-02-13 09:00:00.000',
        close_business_date: '2026-02-13',
        caller_id: 'E-9',
        reached: 1,
        outcome: 'satisfied',
        global_position: call.globalPosition,
      },
    ]);
  });

  it('keeps a call that did not reach the customer, flagged 0, and ignores other events', () => {
    const missed = envelope(
      'FollowUpCallCompleted',
      {
        followUpCallId: 'F-2',
        repairOrderId: 'RO-1',
        repairOrderClosedAt: shanghai('2026-02-13'),
        callerId: 'E-9',
        reached: false,
        outcome: 'no_answer',
        notes: 'left a message',
      },
      { branchId: 'SH-01', occurredAt: shanghai('2026-02-18') },
    );
    expect(followUpCallsProjection.project(missed, context)).toEqual([
      expect.objectContaining({ reached: 0, outcome: 'no_answer', business_date: '2026-02-18' }),
    ]);
    expect(followUpCallsProjection.project(complaintLogged('SH-01', 'C1', 'service', shanghai('2026-02-18')), context)).toEqual([]);
  });
});
