import { buildEvent, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, ModelBrandAssigned, NewEvent } from '@app/contracts';
import { OrgCommandBase, invalidOrgData } from './org-event';

export interface ModelBrandAssignment {
  readonly effectiveFrom: string;
  /** null: the model has no brand from that date on. */
  readonly brand: string | null;
}

/** A model's brands over time (head office's model catalogue): one assignment per effective date (a later one at the same date corrects it). */
export interface ModelBrandState {
  readonly assignments: readonly ModelBrandAssignment[];
}

export const initialModelBrand: ModelBrandState = { assignments: [] };

export interface AssignModelBrand extends OrgCommandBase {
  readonly type: 'AssignModelBrand';
  readonly model: string;
  readonly brand: string | null;
  readonly effectiveFrom: string;
}

export function modelBrandStreamId(model: string): string {
  return `model-brand-${model}`;
}

/** The brand of the model on a business date (the assignment with the latest effectiveFrom ≤ date); null when none. */
export function modelBrandOn(state: ModelBrandState, date: string): string | null {
  let found: string | null = null;
  for (const a of state.assignments) if (a.effectiveFrom <= date) found = a.brand;
  return found;
}

export function decideModelBrand(command: AssignModelBrand, state: ModelBrandState): NewEvent[] {
  const same = state.assignments.find((a) => a.effectiveFrom === command.effectiveFrom);
  if (same !== undefined && same.brand === command.brand) return [];
  return [
    buildEvent(
      ModelBrandAssigned,
      { ...command, branchId: GROUP_WIDE_BRANCH_ID },
      { model: command.model, brand: command.brand, effectiveFrom: command.effectiveFrom },
      invalidOrgData,
    ),
  ];
}

export function evolveModelBrand(state: ModelBrandState, envelope: EventEnvelope): ModelBrandState {
  const event = envelope as DomainEvent;
  if (event.type !== 'ModelBrandAssigned') return state;
  const { effectiveFrom, brand } = event.payload;
  const assignments = [...state.assignments.filter((a) => a.effectiveFrom !== effectiveFrom), { effectiveFrom, brand }];
  return { assignments: assignments.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
}
