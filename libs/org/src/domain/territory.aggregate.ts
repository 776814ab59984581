import { buildEvent, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, NewEvent, TerritoryAssigned, UnknownBranchError } from '@app/contracts';
import { EffectiveBeforeOpeningError, OrgCommandBase, invalidOrgData } from './org-event';

export interface TerritoryAssignment {
  readonly effectiveFrom: string;
  /** null: no branch owns the area from that date on. */
  readonly branchId: string | null;
}

/** A market area's owners over time: one assignment per effective date (a later one at the same date corrects it). */
export interface TerritoryState {
  readonly assignments: readonly TerritoryAssignment[];
}

export const initialTerritory: TerritoryState = { assignments: [] };

export interface AssignTerritory extends OrgCommandBase {
  readonly type: 'AssignTerritory';
  readonly area: string;
  readonly branchId: string | null;
  readonly effectiveFrom: string;
}

/** What the handler found in the other streams. */
export interface TerritoryFacts {
  /** The day the branch opened; null when it never opened (or when the command names no branch). */
  readonly branchOpenedOn: string | null;
}

export function territoryStreamId(area: string): string {
  return `territory-${area}`;
}

/** The branch owning the area on a business date (the assignment with the latest effectiveFrom ≤ date); null when none. */
export function territoryOwnerOn(state: TerritoryState, date: string): string | null {
  let found: string | null = null;
  for (const a of state.assignments) if (a.effectiveFrom <= date) found = a.branchId;
  return found;
}

export function decideTerritory(command: AssignTerritory, state: TerritoryState, facts: TerritoryFacts): NewEvent[] {
  if (command.branchId !== null) {
    if (facts.branchOpenedOn === null) throw new UnknownBranchError(command.branchId);
    if (command.effectiveFrom < facts.branchOpenedOn) throw new EffectiveBeforeOpeningError(command.branchId, command.effectiveFrom, facts.branchOpenedOn);
  }
  const same = state.assignments.find((a) => a.effectiveFrom === command.effectiveFrom);
  if (same !== undefined && same.branchId === command.branchId) return [];
  return [
    buildEvent(
      TerritoryAssigned,
      { ...command, branchId: command.branchId ?? GROUP_WIDE_BRANCH_ID },
      { area: command.area, branchId: command.branchId, effectiveFrom: command.effectiveFrom },
      invalidOrgData,
    ),
  ];
}

export function evolveTerritory(state: TerritoryState, envelope: EventEnvelope): TerritoryState {
  const event = envelope as DomainEvent;
  if (event.type !== 'TerritoryAssigned') return state;
  const { effectiveFrom, branchId } = event.payload;
  const assignments = [...state.assignments.filter((a) => a.effectiveFrom !== effectiveFrom), { effectiveFrom, branchId }];
  return { assignments: assignments.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
}
