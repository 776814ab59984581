import {
  buildEvent,
  DomainError,
  EventEnvelope,
  Money,
  NewEvent,
  WarrantyClaimDecided,
  WarrantyClaimDecidedV1,
  WarrantyClaimSubmitted,
  WarrantyClaimSubmittedV1,
  WarrantyDecision,
  zeroMoney,
} from '@app/contracts';
import { referencedRepairOrder, RepairOrderState } from './repair-order.aggregate';
import { BranchMismatchError, isBefore, OccurredTooEarlyError, invalidWorkshopEvent } from './workshop.errors';

/** A warranty claim to the manufacturer: submitted once, decided once. */
export type WarrantyClaimState =
  | { readonly status: 'none' }
  | {
      readonly status: 'submitted' | 'decided';
      readonly branchId: string;
      readonly submittedAt: string;
      readonly claim: WarrantyClaimSubmittedV1;
    };

export const initialWarrantyClaim: WarrantyClaimState = { status: 'none' };

export interface SubmitWarrantyClaim {
  readonly type: 'SubmitWarrantyClaim';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly warrantyClaimId: string;
  readonly repairOrderId: string;
  readonly manufacturerClaimNumber: string | null;
  readonly claimed: Money;
  /** The RO named in the claim, as its stream stands (loaded by the handler). */
  readonly repairOrder: RepairOrderState;
}

export interface DecideWarrantyClaim {
  readonly type: 'DecideWarrantyClaim';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly warrantyClaimId: string;
  readonly decision: WarrantyDecision;
  /** Null means zero (a rejection). */
  readonly approved: Money | null;
  readonly reason: string | null;
}

export type WarrantyClaimCommand = SubmitWarrantyClaim | DecideWarrantyClaim;

export class WarrantyClaimAlreadySubmittedError extends DomainError {
  readonly code = 'WARRANTY_CLAIM_ALREADY_SUBMITTED';
  readonly kind = 'conflict';
  constructor(warrantyClaimId: string) {
    super(`warranty claim ${warrantyClaimId} was submitted before`);
  }
}

export class WarrantyClaimNotFoundError extends DomainError {
  readonly code = 'WARRANTY_CLAIM_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(warrantyClaimId: string) {
    super(`warranty claim ${warrantyClaimId} was never submitted`);
  }
}

export class WarrantyClaimAlreadyDecidedError extends DomainError {
  readonly code = 'WARRANTY_CLAIM_ALREADY_DECIDED';
  readonly kind = 'conflict';
  constructor(warrantyClaimId: string) {
    super(`warranty claim ${warrantyClaimId} was decided before`);
  }
}

export function warrantyClaimStreamId(warrantyClaimId: string): string {
  return `warranty-claim-${warrantyClaimId}`;
}

export function decideWarrantyClaim(command: WarrantyClaimCommand, state: WarrantyClaimState): NewEvent[] {
  switch (command.type) {
    case 'SubmitWarrantyClaim': {
      if (state.status !== 'none') throw new WarrantyClaimAlreadySubmittedError(command.warrantyClaimId);
      const repairOrder = referencedRepairOrder(command.repairOrder, command.repairOrderId, command.branchId);
      if (isBefore(command.occurredAt, repairOrder.openedAt)) {
        throw new OccurredTooEarlyError('the claim', command.occurredAt, repairOrder.openedAt, 'the opening of the RO');
      }
      const payload: WarrantyClaimSubmittedV1 = {
        warrantyClaimId: command.warrantyClaimId,
        repairOrderId: command.repairOrderId,
        vin: repairOrder.vin,
        manufacturerClaimNumber: command.manufacturerClaimNumber,
        claimed: command.claimed,
      };
      return [buildEvent(WarrantyClaimSubmitted, command, payload, invalidWorkshopEvent)];
    }
    case 'DecideWarrantyClaim': {
      if (state.status === 'none') throw new WarrantyClaimNotFoundError(command.warrantyClaimId);
      if (state.branchId !== command.branchId) {
        throw new BranchMismatchError(`warranty claim ${command.warrantyClaimId}`, state.branchId, command.branchId);
      }
      if (state.status === 'decided') throw new WarrantyClaimAlreadyDecidedError(command.warrantyClaimId);
      if (isBefore(command.occurredAt, state.submittedAt)) {
        throw new OccurredTooEarlyError('the decision', command.occurredAt, state.submittedAt, 'the submission');
      }
      const payload: WarrantyClaimDecidedV1 = {
        warrantyClaimId: command.warrantyClaimId,
        repairOrderId: state.claim.repairOrderId,
        decision: command.decision,
        claimed: state.claim.claimed,
        approved: command.approved ?? zeroMoney(state.claim.claimed.currency),
        reason: command.reason,
      };
      return [buildEvent(WarrantyClaimDecided, command, payload, invalidWorkshopEvent)];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveWarrantyClaim(state: WarrantyClaimState, event: EventEnvelope): WarrantyClaimState {
  switch (event.type) {
    case WarrantyClaimSubmitted.type:
      return { status: 'submitted', branchId: event.branchId, submittedAt: event.occurredAt, claim: event.payload as WarrantyClaimSubmittedV1 };
    case WarrantyClaimDecided.type:
      return state.status === 'none' ? state : { ...state, status: 'decided' };
    default:
      return state;
  }
}
