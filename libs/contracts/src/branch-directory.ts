import { DomainError } from './domain-error';

/** What a command needs to know about the branch it is for. */
export interface BranchInfo {
  readonly branchId: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly cutoffMinutes: number;
  readonly status: 'open' | 'closed';
}

export class UnknownBranchError extends DomainError {
  readonly code = 'UNKNOWN_BRANCH';
  readonly kind = 'invalid';
  constructor(readonly branchId: string) {
    super(`branch ${branchId} is not known to head office`);
  }
}

export class BranchClosedError extends DomainError {
  readonly code = 'BRANCH_CLOSED';
  readonly kind = 'invalid';
  constructor(readonly branchId: string) {
    super(`branch ${branchId} is closed`);
  }
}

export class CurrencyMismatchError extends DomainError {
  readonly code = 'CURRENCY_MISMATCH';
  readonly kind = 'invalid';
  constructor(
    readonly branchId: string,
    readonly expected: string,
    readonly given: string,
  ) {
    super(`branch ${branchId} books in ${expected}, not ${given}`);
  }
}

/**
 * Head office's branches as the command side sees them. Services reject commands for an unknown
 * or closed branch, and money in another currency than the branch's.
 */
export abstract class BranchDirectory {
  /** The branch, or UnknownBranchError. */
  abstract find(branchId: string): Promise<BranchInfo>;

  /** An open branch; with `currencies`, every one must be the branch's currency. */
  async requireOpen(branchId: string, ...currencies: string[]): Promise<BranchInfo> {
    const branch = await this.find(branchId);
    if (branch.status === 'closed') throw new BranchClosedError(branchId);
    const other = currencies.find((c) => c !== branch.currency);
    if (other !== undefined) throw new CurrencyMismatchError(branchId, branch.currency, other);
    return branch;
  }
}
