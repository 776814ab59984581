import { DomainEvent } from '@app/contracts';
import { BranchCalendar } from './business-date';

export interface ProjectionContext {
  readonly calendar: BranchCalendar;
}

/** A pure function from one event to the rows of one fact table. */
export interface Projection<TRow extends object = object> {
  readonly table: string;
  project(event: DomainEvent, context: ProjectionContext): TRow[];
}
