import { businessDate } from './business-date';
import { DomainError } from './domain-error';

/** What a command needs to know about the branch it is for. */
export interface BranchInfo {
  readonly branchId: string;
  readonly name: string;
  readonly currency: string;
  readonly timeZone: string;
  readonly cutoffMinutes: number;
  readonly openedOn: string;
  /** The last business day, once closed. */
  readonly closedOn: string | null;
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
  constructor(
    readonly branchId: string,
    readonly closedOn: string | null = null,
  ) {
    super(closedOn ? `branch ${branchId} closed after ${closedOn}` : `branch ${branchId} is closed`);
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

  /** An open branch (head-office changes need one); with `currencies`, every one must be the branch's currency. */
  async requireOpen(branchId: string, ...currencies: string[]): Promise<BranchInfo> {
    const branch = await this.find(branchId);
    if (branch.status === 'closed') throw new BranchClosedError(branchId);
    return requireCurrencies(branch, currencies);
  }

  /**
   * A branch trading on the business date of `occurredAt`: a closed branch still takes events of
   * its last days (a dealer system syncing late), none after its closing day.
   */
  async requireTradingAt(branchId: string, occurredAt: string, ...currencies: string[]): Promise<BranchInfo> {
    const branch = await this.find(branchId);
    if (branch.closedOn !== null && businessDate(occurredAt, branch) > branch.closedOn) {
      throw new BranchClosedError(branchId, branch.closedOn);
    }
    return requireCurrencies(branch, currencies);
  }
}

function requireCurrencies(branch: BranchInfo, currencies: readonly string[]): BranchInfo {
  const other = currencies.find((c) => c !== branch.currency);
  if (other !== undefined) throw new CurrencyMismatchError(branch.branchId, branch.currency, other);
  return branch;
}
