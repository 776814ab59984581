import {
  buildEvent,
  DomainError,
  EmployeeAssignmentInfo,
  EventEnvelope,
  NewEvent,
  SalesActivityKind,
  SalesActivityLogged,
  SalesActivityLoggedV1,
} from '@app/contracts';

/** A call or visit a sales consultant logged (one stream per activity id). */
export type SalesActivityState =
  { readonly status: 'unknown' } | { readonly status: 'logged'; readonly activityId: string; readonly branchId: string; readonly consultantId: string };

export const initialSalesActivity: SalesActivityState = { status: 'unknown' };

export interface LogSalesActivity {
  readonly type: 'LogSalesActivity';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly activityId: string;
  readonly consultantId: string;
  readonly kind: SalesActivityKind;
  readonly leadId: string | null;
  readonly customerId: string | null;
  readonly note: string | null;
}

export type SalesActivityCommand = LogSalesActivity;

/** What the decision needs besides the stream: the consultant's assignment on the activity's business date. */
export interface SalesActivityFacts {
  /** The business date of `occurredAt` in the branch's calendar. */
  readonly businessDate: string;
  /** The consultant's assignment in force on that date, or null. */
  readonly assignment: EmployeeAssignmentInfo | null;
}

export class SalesActivityAlreadyLoggedError extends DomainError {
  readonly code = 'SALES_ACTIVITY_ALREADY_LOGGED';
  readonly kind = 'conflict';
  constructor(readonly activityId: string) {
    super(`sales activity ${activityId} was logged before`);
  }
}

/**
 * The consultant named is not a sales consultant of the branch on the activity's business date.
 * The message names only the requested branch and date: where the employee is assigned instead
 * (branch, role, start) may be outside the caller's scope, so it is not told.
 */
export class NotASalesConsultantError extends DomainError {
  readonly code = 'NOT_A_SALES_CONSULTANT';
  readonly kind = 'unprocessable';
  constructor(consultantId: string, branchId: string, date: string) {
    super(`employee ${consultantId} is not a sales consultant of branch ${branchId} on ${date}`);
  }
}

export class InvalidSalesActivityError extends DomainError {
  readonly code = 'INVALID_SALES_ACTIVITY';
  readonly kind = 'invalid';
}

export function salesActivityStreamId(activityId: string): string {
  return `sales-activity-${activityId}`;
}

/**
 * Logs a call or a visit: once per activity id, for an employee assigned to the branch as a sales
 * consultant on the business date of the activity (the people whose quota the KPIs count).
 */
export function decideSalesActivity(command: SalesActivityCommand, state: SalesActivityState, facts: SalesActivityFacts): NewEvent[] {
  switch (command.type) {
    case 'LogSalesActivity': {
      if (state.status !== 'unknown') throw new SalesActivityAlreadyLoggedError(command.activityId);
      const a = facts.assignment;
      if (a === null || a.branchId !== command.branchId || a.role !== 'sales_consultant') {
        throw new NotASalesConsultantError(command.consultantId, command.branchId, facts.businessDate);
      }
      const payload: SalesActivityLoggedV1 = {
        activityId: command.activityId,
        consultantId: command.consultantId,
        kind: command.kind,
        leadId: command.leadId,
        customerId: command.customerId,
        note: command.note,
      };
      return [buildEvent(SalesActivityLogged, command, payload, (m) => new InvalidSalesActivityError(m))];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveSalesActivity(state: SalesActivityState, event: EventEnvelope): SalesActivityState {
  switch (event.type) {
    case SalesActivityLogged.type: {
      const payload = event.payload as SalesActivityLoggedV1;
      return { status: 'logged', activityId: payload.activityId, branchId: event.branchId, consultantId: payload.consultantId };
    }
    default:
      return state;
  }
}
