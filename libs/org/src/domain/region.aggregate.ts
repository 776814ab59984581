import { buildEvent, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, NewEvent, RegionDefined } from '@app/contracts';
import { OrgCommandBase, invalidOrgData } from './org-event';

export type RegionState = { readonly status: 'unknown' } | { readonly status: 'defined'; readonly name: string };

export const initialRegion: RegionState = { status: 'unknown' };

export interface DefineRegion extends OrgCommandBase {
  readonly type: 'DefineRegion';
  readonly regionId: string;
  readonly name: string;
}

export type RegionCommand = DefineRegion;

export function regionStreamId(regionId: string): string {
  return `region-${regionId}`;
}

/** Defining a region again with another name renames it; with the same name it changes nothing. */
export function decideRegion(command: RegionCommand, state: RegionState): NewEvent[] {
  switch (command.type) {
    case 'DefineRegion': {
      if (state.status === 'defined' && state.name === command.name) return [];
      return [buildEvent(RegionDefined, { ...command, branchId: GROUP_WIDE_BRANCH_ID }, { regionId: command.regionId, name: command.name }, invalidOrgData)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveRegion(state: RegionState, envelope: EventEnvelope): RegionState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'RegionDefined':
      return { status: 'defined', name: event.payload.name };
    default:
      return state;
  }
}
