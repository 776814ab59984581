import { BranchRegionAssigned, buildEvent, DomainEvent, EventEnvelope, NewEvent, UnknownBranchError } from '@app/contracts';
import { EffectiveBeforeOpeningError, OrgCommandBase, invalidOrgData, UnknownRegionError } from './org-event';

export interface RegionAssignment {
  readonly effectiveFrom: string;
  readonly regionId: string;
}

/** A branch's region history: one assignment per effective date (a later one at the same date corrects it). */
export interface BranchRegionState {
  readonly assignments: readonly RegionAssignment[];
}

export const initialBranchRegion: BranchRegionState = { assignments: [] };

export interface AssignBranchRegion extends OrgCommandBase {
  readonly type: 'AssignBranchRegion';
  readonly branchId: string;
  readonly regionId: string;
  readonly effectiveFrom: string;
}

export type BranchRegionCommand = AssignBranchRegion;

/** What the handler found in the other streams. */
export interface BranchRegionFacts {
  readonly regionDefined: boolean;
  /** null when the branch was never opened. */
  readonly branchOpenedOn: string | null;
}

export function branchRegionStreamId(branchId: string): string {
  return `branch-region-${branchId}`;
}

/** The region a branch belongs to on a business date (the assignment with the latest effectiveFrom ≤ date). */
export function regionOn(state: BranchRegionState, date: string): string | null {
  let found: string | null = null;
  for (const a of state.assignments) if (a.effectiveFrom <= date) found = a.regionId;
  return found;
}

export function decideBranchRegion(command: BranchRegionCommand, state: BranchRegionState, facts: BranchRegionFacts): NewEvent[] {
  switch (command.type) {
    case 'AssignBranchRegion': {
      if (facts.branchOpenedOn === null) throw new UnknownBranchError(command.branchId);
      if (!facts.regionDefined) throw new UnknownRegionError(command.regionId);
      if (command.effectiveFrom < facts.branchOpenedOn) {
        throw new EffectiveBeforeOpeningError(command.branchId, command.effectiveFrom, facts.branchOpenedOn);
      }
      const same = state.assignments.find((a) => a.effectiveFrom === command.effectiveFrom);
      if (same?.regionId === command.regionId) return [];
      return [
        buildEvent(
          BranchRegionAssigned,
          command,
          {
            branchId: command.branchId,
            regionId: command.regionId,
            effectiveFrom: command.effectiveFrom,
          },
          invalidOrgData,
        ),
      ];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveBranchRegion(state: BranchRegionState, envelope: EventEnvelope): BranchRegionState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'BranchRegionAssigned': {
      const { effectiveFrom, regionId } = event.payload;
      const assignments = [...state.assignments.filter((a) => a.effectiveFrom !== effectiveFrom), { effectiveFrom, regionId }];
      return { assignments: assignments.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
    }
    default:
      return state;
  }
}
