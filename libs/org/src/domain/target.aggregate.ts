import {
  buildEvent,
  DomainError,
  DomainEvent,
  EventEnvelope,
  GROUP_ID,
  GROUP_WIDE_BRANCH_ID,
  NewEvent,
  TargetGrain,
  TargetKind,
  TargetPeriodKind,
  TargetRevised,
  TargetSet,
} from '@app/contracts';
import { createHash } from 'node:crypto';
import { OrgCommandBase, invalidOrgData, sameDecimal } from './org-event';

/** KPI × period × grain × model × segment × kind: one stream per cell, every version kept. */
export interface TargetCell {
  readonly kpi: string;
  readonly periodKind: TargetPeriodKind;
  readonly period: string;
  readonly grain: TargetGrain;
  /** "group" for the group; region id; branch id; `<branchId>:<department>`; employee id. */
  readonly grainId: string;
  readonly model: string | null;
  readonly segment: string | null;
  readonly kind: TargetKind;
}

export interface TargetVersion {
  readonly version: number;
  readonly value: string;
  readonly unit: string;
}

export interface TargetState {
  /** Every version, oldest first; the last one is in force. */
  readonly versions: readonly TargetVersion[];
}

export const initialTarget: TargetState = { versions: [] };

export interface SetTarget extends OrgCommandBase {
  readonly type: 'SetTarget';
  readonly cell: TargetCell;
  readonly value: string;
  readonly unit: string;
}

export interface ReviseTarget extends OrgCommandBase {
  readonly type: 'ReviseTarget';
  readonly cell: TargetCell;
  readonly value: string;
  readonly unit: string;
  /** The version the client saw; another version in force is a conflict. */
  readonly supersedesVersion: number;
  readonly reason: string | null;
}

/** A row of a plan file: sets the cell, revises it when its value differs, or changes nothing. */
export interface PlanTarget extends OrgCommandBase {
  readonly type: 'PlanTarget';
  readonly cell: TargetCell;
  readonly value: string;
  readonly unit: string;
  readonly reason: string;
}

export type TargetCommand = SetTarget | ReviseTarget | PlanTarget;

export class TargetAlreadySetError extends DomainError {
  readonly code = 'TARGET_ALREADY_SET';
  readonly kind = 'conflict';
  constructor(current: TargetVersion) {
    super(`the target is set (version ${current.version}: ${current.value} ${current.unit}); revise it instead`);
  }
}

export class TargetNotSetError extends DomainError {
  readonly code = 'TARGET_NOT_SET';
  readonly kind = 'not-found';
  constructor() {
    super('the target cell has no version to revise; set it first');
  }
}

export class StaleTargetVersionError extends DomainError {
  readonly code = 'STALE_TARGET_VERSION';
  readonly kind = 'conflict';
  constructor(supersedes: number, current: number) {
    super(`the revision supersedes version ${supersedes}, but version ${current} is in force`);
  }
}

export class TargetUnchangedError extends DomainError {
  readonly code = 'TARGET_UNCHANGED';
  readonly kind = 'invalid';
  constructor(current: TargetVersion) {
    super(`version ${current.version} already has ${current.value} ${current.unit}`);
  }
}

/** A stable text of the cell: the stream id hashes it, plan files detect repeated cells with it. */
export function targetCellKey(cell: TargetCell): string {
  return JSON.stringify([cell.kpi, cell.periodKind, cell.period, cell.grain, cell.grainId, cell.model, cell.segment, cell.kind]);
}

/** `target-<kpi>-<period>-<kind>-<hash of the whole cell>`: readable, and short whatever the model name. */
export function targetStreamId(cell: TargetCell): string {
  const hash = createHash('sha256').update(targetCellKey(cell)).digest('hex').slice(0, 24);
  return `target-${cell.kpi}-${cell.period}-${cell.kind}-${hash}`;
}

/** The envelope branch of a target event: its branch for branch and department targets, else "*". */
export function targetEnvelopeBranchId(cell: TargetCell): string {
  switch (cell.grain) {
    case 'branch':
      return cell.grainId;
    case 'department':
      return cell.grainId.slice(0, cell.grainId.lastIndexOf(':'));
    case 'group':
    case 'region':
    case 'person':
      return GROUP_WIDE_BRANCH_ID;
  }
}

export function currentTarget(state: TargetState): TargetVersion | null {
  return state.versions.at(-1) ?? null;
}

function sameTarget(current: TargetVersion, value: string, unit: string): boolean {
  return current.unit === unit && sameDecimal(current.value, value);
}

function set(command: SetTarget | PlanTarget): NewEvent {
  return buildEvent(
    TargetSet,
    { ...command, branchId: targetEnvelopeBranchId(command.cell) },
    {
      ...command.cell,
      value: command.value,
      unit: command.unit,
      version: 1,
    },
    invalidOrgData,
  );
}

function revise(command: ReviseTarget | PlanTarget, current: TargetVersion, reason: string | null): NewEvent {
  return buildEvent(
    TargetRevised,
    { ...command, branchId: targetEnvelopeBranchId(command.cell) },
    {
      ...command.cell,
      value: command.value,
      unit: command.unit,
      version: current.version + 1,
      supersedesVersion: current.version,
      reason,
    },
    invalidOrgData,
  );
}

export function decideTarget(command: TargetCommand, state: TargetState): NewEvent[] {
  const current = currentTarget(state);
  switch (command.type) {
    case 'SetTarget':
      if (current === null) return [set(command)];
      // The same target again (a retry) changes nothing; another value needs a revision.
      if (sameTarget(current, command.value, command.unit)) return [];
      throw new TargetAlreadySetError(current);
    case 'ReviseTarget':
      if (current === null) throw new TargetNotSetError();
      if (command.supersedesVersion !== current.version) throw new StaleTargetVersionError(command.supersedesVersion, current.version);
      if (sameTarget(current, command.value, command.unit)) throw new TargetUnchangedError(current);
      return [revise(command, current, command.reason)];
    case 'PlanTarget':
      if (current === null) return [set(command)];
      if (sameTarget(current, command.value, command.unit)) return [];
      return [revise(command, current, command.reason)];
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveTarget(state: TargetState, envelope: EventEnvelope): TargetState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'TargetSet':
    case 'TargetRevised': {
      const { version, value, unit } = event.payload;
      return { versions: [...state.versions, { version, value, unit }] };
    }
    default:
      return state;
  }
}

/** The cell with the group grain id filled in and blank model/segment as null. */
export function normalizeTargetCell(
  cell: Omit<TargetCell, 'grainId' | 'model' | 'segment'> & {
    readonly grainId?: string | null;
    readonly model?: string | null;
    readonly segment?: string | null;
  },
): TargetCell {
  const blankToNull = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());
  return {
    kpi: cell.kpi,
    periodKind: cell.periodKind,
    period: cell.period,
    grain: cell.grain,
    grainId: cell.grain === 'group' ? (blankToNull(cell.grainId) ?? GROUP_ID) : (cell.grainId ?? '').trim(),
    model: blankToNull(cell.model),
    segment: blankToNull(cell.segment),
    kind: cell.kind,
  };
}
