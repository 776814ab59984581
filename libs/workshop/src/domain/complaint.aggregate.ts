import {
  buildEvent,
  ComplaintChannel,
  ComplaintLogged,
  ComplaintLoggedV1,
  ComplaintResolved,
  ComplaintResolvedV1,
  CsiKind,
  DomainError,
  EventEnvelope,
  Money,
  NewEvent,
} from '@app/contracts';
import { referencedRepairOrder, RepairOrderState } from './repair-order.aggregate';
import { BranchMismatchError, isBefore, OccurredTooEarlyError, invalidWorkshopEvent } from './workshop.errors';

/** A customer complaint: logged once, resolved once. */
export type ComplaintState =
  { readonly status: 'none' } | { readonly status: 'logged' | 'resolved'; readonly branchId: string; readonly loggedAt: string; readonly kind: CsiKind };

export const initialComplaint: ComplaintState = { status: 'none' };

export interface LogComplaint {
  readonly type: 'LogComplaint';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly complaintId: string;
  readonly kind: CsiKind;
  readonly channel: ComplaintChannel;
  readonly repairOrderId: string | null;
  readonly vehicleSaleId: string | null;
  readonly customerId: string | null;
  readonly description: string;
  /** The RO complained about, when one is named (loaded by the handler). */
  readonly repairOrder: RepairOrderState | null;
}

export interface ResolveComplaint {
  readonly type: 'ResolveComplaint';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly complaintId: string;
  readonly resolution: string;
  readonly compensation: Money | null;
}

export type ComplaintCommand = LogComplaint | ResolveComplaint;

export class ComplaintAlreadyLoggedError extends DomainError {
  readonly code = 'COMPLAINT_ALREADY_LOGGED';
  readonly kind = 'conflict';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was logged before`);
  }
}

export class ComplaintNotFoundError extends DomainError {
  readonly code = 'COMPLAINT_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was never logged`);
  }
}

export class ComplaintAlreadyResolvedError extends DomainError {
  readonly code = 'COMPLAINT_ALREADY_RESOLVED';
  readonly kind = 'conflict';
  constructor(complaintId: string) {
    super(`complaint ${complaintId} was resolved before`);
  }
}

export function complaintStreamId(complaintId: string): string {
  return `complaint-${complaintId}`;
}

export function decideComplaint(command: ComplaintCommand, state: ComplaintState): NewEvent[] {
  switch (command.type) {
    case 'LogComplaint': {
      if (state.status !== 'none') throw new ComplaintAlreadyLoggedError(command.complaintId);
      if (command.repairOrderId !== null) {
        referencedRepairOrder(command.repairOrder ?? { status: 'none' }, command.repairOrderId, command.branchId);
      }
      const payload: ComplaintLoggedV1 = {
        complaintId: command.complaintId,
        kind: command.kind,
        channel: command.channel,
        repairOrderId: command.repairOrderId,
        vehicleSaleId: command.vehicleSaleId,
        customerId: command.customerId,
        description: command.description,
      };
      return [buildEvent(ComplaintLogged, command, payload, invalidWorkshopEvent)];
    }
    case 'ResolveComplaint': {
      if (state.status === 'none') throw new ComplaintNotFoundError(command.complaintId);
      if (state.branchId !== command.branchId) throw new BranchMismatchError(`complaint ${command.complaintId}`, state.branchId, command.branchId);
      if (state.status === 'resolved') throw new ComplaintAlreadyResolvedError(command.complaintId);
      if (isBefore(command.occurredAt, state.loggedAt)) {
        throw new OccurredTooEarlyError('the resolution', command.occurredAt, state.loggedAt, 'the complaint');
      }
      const payload: ComplaintResolvedV1 = {
        complaintId: command.complaintId,
        kind: state.kind,
        loggedAt: state.loggedAt,
        resolution: command.resolution,
        compensation: command.compensation,
      };
      return [buildEvent(ComplaintResolved, command, payload, invalidWorkshopEvent)];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveComplaint(state: ComplaintState, event: EventEnvelope): ComplaintState {
  switch (event.type) {
    case ComplaintLogged.type: {
      const p = event.payload as ComplaintLoggedV1;
      return { status: 'logged', branchId: event.branchId, loggedAt: event.occurredAt, kind: p.kind };
    }
    case ComplaintResolved.type:
      return state.status === 'none' ? state : { ...state, status: 'resolved' };
    default:
      return state;
  }
}
