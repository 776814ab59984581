import { BranchDirectory, CalendarScope } from '@app/contracts';
import { EventStore, loadAggregate } from '@app/event-store';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { branchStreamId, evolveBranch, initialBranch } from '../../domain/branch.aggregate';
import { assignmentOn, employeeStreamId, evolveEmployee, initialEmployee } from '../../domain/employee.aggregate';
import { evolveKpiSetting, initialKpiSetting, kpiSettingOn, kpiSettingStreamId } from '../../domain/kpi-setting.aggregate';
import { UnknownEmployeeError, UnknownRegionError } from '../../domain/org-event';
import { evolveRegion, initialRegion, regionStreamId } from '../../domain/region.aggregate';
import { TargetCell } from '../../domain/target.aggregate';
import { TargetCurrency, targetCurrencyProblem, targetKpiProblems, targetPeriodStart, TargetRuleError } from '../../domain/target-rules';

/** A target as the single commands and the plan rows carry it. */
export interface TargetToCheck {
  readonly cell: TargetCell;
  readonly value: string;
  readonly unit: string;
}

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

  /**
   * Every broken target rule (domain/target-rules.ts): an unknown KPI or one that takes no target,
   * a value below zero where the figure never is, a money unit that is not the currency of the
   * grain. The grain must exist (requireTargetGrain). The single commands and the plan import
   * both check with this.
   */
  async targetProblems(target: TargetToCheck, manager?: EntityManager, currencies?: Map<string, Promise<TargetCurrency>>): Promise<TargetRuleError[]> {
    const problems = targetKpiProblems(target);
    if (problems.some((p) => p.field !== 'value')) return problems;
    const currency = targetCurrencyProblem(target, await this.targetCurrencyOnce(target.cell, manager, currencies));
    return currency ? [...problems, currency] : problems;
  }

  /** targetCurrency, read once per grain and period start for the rows of one file (`currencies` is the file's memo). */
  private targetCurrencyOnce(
    cell: TargetCell,
    manager: EntityManager | undefined,
    currencies: Map<string, Promise<TargetCurrency>> | undefined,
  ): Promise<TargetCurrency> {
    if (!currencies) return this.targetCurrency(cell, manager);
    const key = JSON.stringify([cell.grain, cell.grainId, targetPeriodStart(cell.periodKind, cell.period)]);
    let currency = currencies.get(key);
    if (!currency) {
      currency = this.targetCurrency(cell, manager);
      currencies.set(key, currency);
    }
    return currency;
  }

  /** The grain exists and the target breaks no rule; else the first problem (400 with its code). */
  async requireValidTarget(target: TargetToCheck, manager?: EntityManager): Promise<void> {
    await this.requireTargetGrain(target.cell, manager);
    const [first] = await this.targetProblems(target, manager);
    if (first) throw first;
  }

  /**
   * The currency the money figure at the target's grain is reported in, as attainment compares
   * it: a branch's (and its departments') own currency; for a person, that of the branch the
   * employee is assigned to at the start of the period (else their first branch); for a region
   * and the group, the group currency in force on the first day of the period (the consolidated
   * figure: a region's branches may book in several currencies and move between regions).
   * The grain must exist (requireTargetGrain).
   */
  async targetCurrency(cell: TargetCell, manager?: EntityManager): Promise<TargetCurrency> {
    const start = targetPeriodStart(cell.periodKind, cell.period);
    const ofBranch = async (branchId: string, who: string) => {
      const { currency } = await this.branches.find(branchId);
      return { currency, because: `${who} books in ${currency}` };
    };
    switch (cell.grain) {
      case 'branch':
        return ofBranch(cell.grainId, `branch ${cell.grainId}`);
      case 'department': {
        const branchId = cell.grainId.slice(0, cell.grainId.lastIndexOf(':'));
        return ofBranch(branchId, `branch ${branchId}`);
      }
      case 'person': {
        const { state } = await loadAggregate(this.store, employeeStreamId(cell.grainId), initialEmployee, evolveEmployee, manager);
        const assignment = assignmentOn(state, start) ?? state.assignments[0];
        if (!assignment) throw new UnknownEmployeeError(cell.grainId);
        return ofBranch(assignment.branchId, `employee ${cell.grainId}'s branch ${assignment.branchId}`);
      }
      case 'region':
      case 'group': {
        const { state } = await loadAggregate(this.store, kpiSettingStreamId('group_currency'), initialKpiSetting, evolveKpiSetting, manager);
        const currency = kpiSettingOn('group_currency', state, start);
        return {
          currency,
          because: `${cell.grain === 'group' ? 'the group' : `region ${cell.grainId}`} is reported in the group currency, ${currency} on ${start}`,
        };
      }
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
