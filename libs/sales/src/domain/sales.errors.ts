import { DomainError } from '@app/contracts';

/** A command naming another branch than the one its lead or vehicle sale belongs to. */
export class OtherBranchError extends DomainError {
  readonly code = 'OTHER_BRANCH';
  readonly kind = 'invalid';
  constructor(what: string, ownBranchId: string, givenBranchId: string) {
    super(`${what} belongs to branch ${ownBranchId}, not ${givenBranchId}`);
  }
}
