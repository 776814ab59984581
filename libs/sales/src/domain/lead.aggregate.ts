import {
  buildEvent,
  CustomerSegment,
  DomainError,
  EventEnvelope,
  LeadCreated,
  LeadCreatedV2,
  LeadSource,
  NewEvent,
  TestDriveCompleted,
  TestDriveCompletedV1,
} from '@app/contracts';
import { OtherBranchError } from './sales.errors';

/** A lead: a prospect in one branch's sales funnel, with the test drives it made. */
export type LeadState =
  { readonly status: 'unknown' } | { readonly status: 'open'; readonly leadId: string; readonly branchId: string; readonly testDrives: number };

export const initialLead: LeadState = { status: 'unknown' };

export interface CreateLead {
  readonly type: 'CreateLead';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly leadId: string;
  readonly source: LeadSource;
  readonly segment: CustomerSegment;
  readonly consultantId: string;
  readonly modelOfInterest: string | null;
  readonly customerId: string | null;
  /** The customer who referred the prospect (a referral lead only); absent or null when not recorded. */
  readonly referrerCustomerId?: string | null;
}

export interface CompleteTestDrive {
  readonly type: 'CompleteTestDrive';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly leadId: string;
  readonly model: string;
  readonly consultantId: string;
}

export type LeadCommand = CreateLead | CompleteTestDrive;

export class LeadAlreadyCreatedError extends DomainError {
  readonly code = 'LEAD_ALREADY_CREATED';
  readonly kind = 'conflict';
  constructor(readonly leadId: string) {
    super(`lead ${leadId} was created before`);
  }
}

export class LeadNotFoundError extends DomainError {
  readonly code = 'LEAD_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly leadId: string) {
    super(`lead ${leadId} does not exist`);
  }
}

export class InvalidLeadError extends DomainError {
  readonly code = 'INVALID_LEAD';
  readonly kind = 'invalid';
}

export class InvalidTestDriveError extends DomainError {
  readonly code = 'INVALID_TEST_DRIVE';
  readonly kind = 'invalid';
}

export function leadStreamId(leadId: string): string {
  return `lead-${leadId}`;
}

export function decideLead(command: LeadCommand, state: LeadState): NewEvent[] {
  switch (command.type) {
    case 'CreateLead': {
      if (state.status !== 'unknown') throw new LeadAlreadyCreatedError(command.leadId);
      const payload: LeadCreatedV2 = {
        leadId: command.leadId,
        source: command.source,
        segment: command.segment,
        consultantId: command.consultantId,
        modelOfInterest: command.modelOfInterest,
        customerId: command.customerId,
        ...(command.referrerCustomerId ? { referrerCustomerId: command.referrerCustomerId } : {}),
      };
      return [buildEvent(LeadCreated, command, payload, (m) => new InvalidLeadError(m))];
    }
    case 'CompleteTestDrive': {
      if (state.status === 'unknown') throw new LeadNotFoundError(command.leadId);
      if (state.branchId !== command.branchId) throw new OtherBranchError(`lead ${command.leadId}`, state.branchId, command.branchId);
      const payload: TestDriveCompletedV1 = { leadId: command.leadId, model: command.model, consultantId: command.consultantId };
      return [buildEvent(TestDriveCompleted, command, payload, (m) => new InvalidTestDriveError(m))];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveLead(state: LeadState, event: EventEnvelope): LeadState {
  switch (event.type) {
    case LeadCreated.type: {
      const payload = event.payload as LeadCreatedV2;
      return { status: 'open', leadId: payload.leadId, branchId: event.branchId, testDrives: 0 };
    }
    case TestDriveCompleted.type:
      return state.status === 'open' ? { ...state, testDrives: state.testDrives + 1 } : state;
    default:
      return state;
  }
}
