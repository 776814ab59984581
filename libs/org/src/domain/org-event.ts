import { DomainError, Exact } from '@app/contracts';

/** What every org command carries besides its own fields. */
export interface OrgCommandBase {
  readonly eventId: string;
  readonly occurredAt: string;
}

/** A payload the event schema refuses: a bug or a gap in the request validation, answered as 400. */
export class InvalidOrgDataError extends DomainError {
  readonly code = 'INVALID_ORG_DATA';
  readonly kind = 'invalid';
}

/** The error factory the shared event builder (`buildEvent` of @app/contracts) calls on a refused payload. */
export const invalidOrgData = (message: string, type: string): InvalidOrgDataError => new InvalidOrgDataError(`${type}: ${message}`);

export class UnknownRegionError extends DomainError {
  readonly code = 'UNKNOWN_REGION';
  readonly kind = 'invalid';
  constructor(readonly regionId: string) {
    super(`region ${regionId} is not defined`);
  }
}

export class UnknownEmployeeError extends DomainError {
  readonly code = 'UNKNOWN_EMPLOYEE';
  readonly kind = 'invalid';
  constructor(readonly employeeId: string) {
    super(`employee ${employeeId} has never been assigned to a branch`);
  }
}

export class EffectiveBeforeOpeningError extends DomainError {
  readonly code = 'EFFECTIVE_BEFORE_BRANCH_OPENED';
  readonly kind = 'invalid';
  constructor(branchId: string, effectiveFrom: string, openedOn: string) {
    super(`effectiveFrom ${effectiveFrom} is before branch ${branchId} opened on ${openedOn}`);
  }
}

/** Two decimal strings denote the same number (`1500000` = `1500000.00`). */
export function sameDecimal(a: string, b: string): boolean {
  return new Exact(a).eq(b);
}
