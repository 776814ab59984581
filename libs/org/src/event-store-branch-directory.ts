import { BranchDirectory, BranchInfo, UnknownBranchError } from '@app/contracts';
import { EventStore, loadAggregate } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import { branchStreamId, evolveBranch, initialBranch } from './domain/branch.aggregate';

/** Reads a branch's own stream: always current, one indexed query per command. */
@Injectable()
export class EventStoreBranchDirectory extends BranchDirectory {
  constructor(private readonly store: EventStore) {
    super();
  }

  async find(branchId: string): Promise<BranchInfo> {
    const { state } = await loadAggregate(this.store, branchStreamId(branchId), initialBranch, evolveBranch);
    if (state.status === 'unknown') throw new UnknownBranchError(branchId);
    const { name, currency, timeZone, cutoffMinutes, openedOn } = state.branch;
    return {
      branchId,
      name,
      currency,
      timeZone,
      cutoffMinutes,
      openedOn,
      closedOn: state.status === 'closed' ? state.closedOn : null,
      status: state.status,
    };
  }
}
