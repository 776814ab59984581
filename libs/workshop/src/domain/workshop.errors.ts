import { DomainError } from '@app/contracts';

/** A command whose event would not match its published schema (cross-field rules the DTO cannot see). */
export class InvalidWorkshopEventError extends DomainError {
  readonly code = 'INVALID_WORKSHOP_EVENT';
  readonly kind = 'invalid';
  constructor(type: string, problems: readonly string[]) {
    super(`${type}: ${problems.join('; ')}`);
  }
}

/** The error factory the shared event builder (`buildEvent` of @app/contracts) calls on a refused payload. */
export const invalidWorkshopEvent = (message: string, type: string): InvalidWorkshopEventError => new InvalidWorkshopEventError(type, [message]);

/** The command names another branch than the one the stream belongs to. */
export class BranchMismatchError extends DomainError {
  readonly code = 'BRANCH_MISMATCH';
  readonly kind = 'invalid';
  constructor(what: string, expected: string, given: string) {
    super(`${what} belongs to branch ${expected}, not ${given}`);
  }
}

/** Something claims to have happened before what it depends on (a close before the opening, say). */
export class OccurredTooEarlyError extends DomainError {
  readonly code = 'OCCURRED_TOO_EARLY';
  readonly kind = 'invalid';
  constructor(what: string, occurredAt: string, notBefore: string, reference: string) {
    super(`${what} at ${occurredAt} cannot precede ${reference} at ${notBefore}`);
  }
}

/** A repair order named in the body (not the path) does not exist. */
export class ReferencedRepairOrderNotFoundError extends DomainError {
  readonly code = 'REFERENCED_REPAIR_ORDER_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(readonly repairOrderId: string) {
    super(`repair order ${repairOrderId} is not known`);
  }
}

/** A repair order named in the body was never closed (before the given instant). */
export class ReferencedRepairOrderNotClosedError extends DomainError {
  readonly code = 'REFERENCED_REPAIR_ORDER_NOT_CLOSED';
  readonly kind = 'unprocessable';
  constructor(repairOrderId: string, at: string) {
    super(`repair order ${repairOrderId} had not been closed by ${at}`);
  }
}

/** Something named in the body belongs to another branch than the command's. */
export class ReferenceBranchMismatchError extends DomainError {
  readonly code = 'REFERENCE_BRANCH_MISMATCH';
  readonly kind = 'unprocessable';
  constructor(what: string, expected: string, given: string) {
    super(`${what} belongs to branch ${expected}, not ${given}`);
  }
}

/** Instants as the store returns them and as commands carry them compare as dates, not strings. */
export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);
