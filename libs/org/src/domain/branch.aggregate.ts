import { BranchClosed, BranchClosedV1, BranchOpened, BranchOpenedV1, DomainError, EventEnvelope, NewEvent } from '@app/contracts';

export type BranchState =
  | { readonly status: 'unknown' }
  | { readonly status: 'open'; readonly branch: BranchOpenedV1 }
  | { readonly status: 'closed'; readonly branch: BranchOpenedV1; readonly closedOn: string };

export const initialBranch: BranchState = { status: 'unknown' };

export interface OpenBranch extends BranchOpenedV1 {
  readonly type: 'OpenBranch';
  readonly eventId: string;
  readonly occurredAt: string;
}

export interface CloseBranch {
  readonly type: 'CloseBranch';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly closedOn: string;
  readonly reason: string;
}

export type BranchCommand = OpenBranch | CloseBranch;

export class BranchAlreadyOpenedError extends DomainError {
  readonly code = 'BRANCH_ALREADY_OPENED';
  readonly kind = 'conflict';
  constructor(branchId: string) {
    super(`branch ${branchId} was opened before`);
  }
}

export class BranchNotOpenError extends DomainError {
  readonly code = 'BRANCH_NOT_OPEN';
  readonly kind = 'conflict';
  constructor(branchId: string, status: string) {
    super(`branch ${branchId} is ${status}, not open`);
  }
}

export class BranchClosedBeforeOpeningError extends DomainError {
  readonly code = 'BRANCH_CLOSED_BEFORE_OPENING';
  readonly kind = 'invalid';
  constructor(branchId: string) {
    super(`branch ${branchId} cannot close before the day it opened`);
  }
}

export function branchStreamId(branchId: string): string {
  return `branch-${branchId}`;
}

export function decideBranch(command: BranchCommand, state: BranchState): NewEvent[] {
  switch (command.type) {
    case 'OpenBranch': {
      if (state.status !== 'unknown') throw new BranchAlreadyOpenedError(command.branchId);
      const { type: _type, eventId, occurredAt, ...payload } = command;
      return [{ eventId, type: BranchOpened.type, schemaVersion: BranchOpened.schemaVersion, occurredAt, branchId: command.branchId, payload }];
    }
    case 'CloseBranch': {
      if (state.status !== 'open') throw new BranchNotOpenError(command.branchId, state.status);
      if (command.closedOn < state.branch.openedOn) throw new BranchClosedBeforeOpeningError(command.branchId);
      return [
        {
          eventId: command.eventId,
          type: BranchClosed.type,
          schemaVersion: BranchClosed.schemaVersion,
          occurredAt: command.occurredAt,
          branchId: command.branchId,
          payload: { branchId: command.branchId, closedOn: command.closedOn, reason: command.reason },
        },
      ];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveBranch(state: BranchState, event: EventEnvelope): BranchState {
  switch (event.type) {
    case BranchOpened.type:
      return { status: 'open', branch: event.payload as BranchOpenedV1 };
    case BranchClosed.type:
      return state.status === 'unknown' ? state : { status: 'closed', branch: state.branch, closedOn: (event.payload as BranchClosedV1).closedOn };
    default:
      return state;
  }
}
