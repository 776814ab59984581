import { DomainEvent } from '@app/contracts';
import { BranchCalendar } from './business-date';

export interface ProjectionContext {
  readonly calendar: BranchCalendar;
}

/** A pure function from one event to the rows of one fact table. */
export interface Projection<TRow extends object = object> {
  readonly table: string;
  project(event: DomainEvent, context: ProjectionContext): TRow[];
  /**
   * Branches other than the event's own whose calendar `project` asks for (a comeback is dated
   * in the original repair order's branch), so the sink can prepare them before projecting.
   */
  otherBranches?(event: DomainEvent): readonly string[];
}

/** Every branch whose calendar projecting these events needs. */
export function branchesNeeded(events: readonly DomainEvent[], projections: readonly Projection[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    ids.add(event.branchId);
    for (const projection of projections) for (const id of projection.otherBranches?.(event) ?? []) ids.add(id);
  }
  return [...ids];
}
