import { DomainEvent } from '@app/contracts';
import { businessDate } from '../business-date';
import { clickHouseInstant, factHead, FactHead } from '../fact-row';
import { Projection, ProjectionContext } from '../projection';

export const FACT_FOLLOW_UP_CALLS = 'fact_follow_up_calls';

export interface FollowUpCallFactRow extends FactHead {
  readonly follow_up_call_id: string;
  readonly repair_order_id: string;
  readonly repair_order_closed_at: string;
  /** Business date (branch calendar) of the RO close the call refers to. */
  readonly close_business_date: string;
  readonly caller_id: string;
  readonly reached: 0 | 1;
  readonly outcome: string;
  readonly global_position: string;
}

/**
 * A follow-up call, reached or not, on the call's business date in its branch's calendar. Whether it
 * came within N working days of the close is the query's business (the calendars and N may change).
 */
export const followUpCallsProjection: Projection<FollowUpCallFactRow> = {
  table: FACT_FOLLOW_UP_CALLS,
  project(event: DomainEvent, context: ProjectionContext): FollowUpCallFactRow[] {
    if (event.type !== 'FollowUpCallCompleted') return [];
    const p = event.payload;
    return [
      {
        ...factHead(event, context),
        follow_up_call_id: p.followUpCallId,
        repair_order_id: p.repairOrderId,
        repair_order_closed_at: clickHouseInstant(p.repairOrderClosedAt),
        close_business_date: businessDate(p.repairOrderClosedAt, context.calendar.entryFor(event.branchId)),
        caller_id: p.callerId,
        reached: p.reached ? 1 : 0,
        outcome: p.outcome,
        global_position: event.globalPosition,
      },
    ];
  },
};
