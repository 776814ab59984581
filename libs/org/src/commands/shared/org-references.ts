import { BranchDirectory, CalendarScope } from '@app/contracts';
import { EventStore, loadAggregate } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { branchStreamId, evolveBranch, initialBranch } from '../../domain/branch.aggregate';
import { employeeStreamId, evolveEmployee, initialEmployee } from '../../domain/employee.aggregate';
import { UnknownEmployeeError, UnknownRegionError } from '../../domain/org-event';
import { evolveRegion, initialRegion, regionStreamId } from '../../domain/region.aggregate';
import { TargetCell } from '../../domain/target.aggregate';

/**
 * What org commands check in other streams: regions, employees and (through the BranchDirectory,
 * like every other service) branches. Reads inside the command's transaction where one is given.
 */
@Injectable()
export class OrgReferences {
  constructor(
    private readonly store: EventStore,
    private readonly branches: BranchDirectory,
  ) {}

  /** The day the branch opened, or null if it never did. */
  async branchOpenedOn(branchId: string, manager?: EntityManager): Promise<string | null> {
    const { state } = await loadAggregate(this.store, branchStreamId(branchId), initialBranch, evolveBranch, manager);
    return state.status === 'unknown' ? null : state.branch.openedOn;
  }

  async regionDefined(regionId: string, manager?: EntityManager): Promise<boolean> {
    const { state } = await loadAggregate(this.store, regionStreamId(regionId), initialRegion, evolveRegion, manager);
    return state.status === 'defined';
  }

  async requireRegion(regionId: string, manager?: EntityManager): Promise<void> {
    if (!(await this.regionDefined(regionId, manager))) throw new UnknownRegionError(regionId);
  }

  async requireEmployee(employeeId: string, manager?: EntityManager): Promise<void> {
    const { version } = await loadAggregate(this.store, employeeStreamId(employeeId), initialEmployee, evolveEmployee, manager);
    if (version === 0) throw new UnknownEmployeeError(employeeId);
  }

  /** A known branch (a closed one too: plans and calendars of past periods stay editable). */
  async requireKnownBranch(branchId: string): Promise<void> {
    await this.branches.find(branchId);
  }

  /** An open branch: assignments from now on. */
  async requireOpenBranch(branchId: string): Promise<void> {
    await this.branches.requireOpen(branchId);
  }

  /** The region, branch, department's branch or employee the target is for exists. */
  async requireTargetGrain(cell: TargetCell, manager?: EntityManager): Promise<void> {
    switch (cell.grain) {
      case 'group':
        return;
      case 'region':
        return this.requireRegion(cell.grainId, manager);
      case 'branch':
        return this.requireKnownBranch(cell.grainId);
      case 'department':
        return this.requireKnownBranch(cell.grainId.slice(0, cell.grainId.lastIndexOf(':')));
      case 'person':
        return this.requireEmployee(cell.grainId, manager);
    }
  }

  /** The group (scopeId "group"), a defined region or a known branch. */
  async requireCalendarScope(scope: CalendarScope, scopeId: string, manager?: EntityManager): Promise<void> {
    switch (scope) {
      case 'group':
        return;
      case 'region':
        return this.requireRegion(scopeId, manager);
      case 'branch':
        return this.requireKnownBranch(scopeId);
    }
  }
}
