import { buildEvent, DomainError, EventEnvelope, FollowUpCallCompleted, FollowUpCallCompletedV1, FollowUpOutcome, NewEvent } from '@app/contracts';
import { closedAtOrBefore, referencedRepairOrder, RepairOrderState } from './repair-order.aggregate';
import { ReferencedRepairOrderNotClosedError, invalidWorkshopEvent } from './workshop.errors';

/** One follow-up call to the customer of a closed RO; an RO may have several (attempts). */
export type FollowUpCallState = { readonly status: 'none' } | { readonly status: 'completed' };

export const initialFollowUpCall: FollowUpCallState = { status: 'none' };

export interface CompleteFollowUpCall {
  readonly type: 'CompleteFollowUpCall';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly followUpCallId: string;
  readonly repairOrderId: string;
  readonly callerId: string;
  readonly reached: boolean;
  readonly outcome: FollowUpOutcome;
  readonly notes: string | null;
  /** The RO called about, as its stream stands (loaded by the handler). */
  readonly repairOrder: RepairOrderState;
}

export type FollowUpCallCommand = CompleteFollowUpCall;

export class FollowUpCallAlreadyRecordedError extends DomainError {
  readonly code = 'FOLLOW_UP_CALL_ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(followUpCallId: string) {
    super(`follow-up call ${followUpCallId} was recorded before`);
  }
}

export function followUpCallStreamId(followUpCallId: string): string {
  return `follow-up-call-${followUpCallId}`;
}

export function decideFollowUpCall(command: FollowUpCallCommand, state: FollowUpCallState): NewEvent[] {
  switch (command.type) {
    case 'CompleteFollowUpCall': {
      if (state.status !== 'none') throw new FollowUpCallAlreadyRecordedError(command.followUpCallId);
      referencedRepairOrder(command.repairOrder, command.repairOrderId, command.branchId);
      const closedAt = closedAtOrBefore(command.repairOrder, command.occurredAt);
      if (closedAt === undefined) throw new ReferencedRepairOrderNotClosedError(command.repairOrderId, command.occurredAt);
      const payload: FollowUpCallCompletedV1 = {
        followUpCallId: command.followUpCallId,
        repairOrderId: command.repairOrderId,
        repairOrderClosedAt: closedAt,
        callerId: command.callerId,
        reached: command.reached,
        outcome: command.outcome,
        notes: command.notes,
      };
      return [buildEvent(FollowUpCallCompleted, command, payload, invalidWorkshopEvent)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${String(unhandled)}`);
    }
  }
}

export function evolveFollowUpCall(state: FollowUpCallState, event: EventEnvelope): FollowUpCallState {
  switch (event.type) {
    case FollowUpCallCompleted.type:
      return { status: 'completed' };
    default:
      return state;
  }
}
