import { DomainEvent } from '@app/contracts';
import { businessDate } from './business-date';
import { ProjectionContext } from './projection';

/** ClickHouse's DateTime64 text form: `YYYY-MM-DD hh:mm:ss.sss` in UTC. */
export function clickHouseInstant(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}

/** The columns most fact rows start with: the event, its branch and its business date. */
export interface FactHead {
  readonly event_id: string;
  readonly branch_id: string;
  readonly business_date: string;
  readonly occurred_at: string;
}

export function factHead(event: DomainEvent, { calendar }: ProjectionContext): FactHead {
  return {
    event_id: event.eventId,
    branch_id: event.branchId,
    business_date: businessDate(event.occurredAt, calendar.entryFor(event.branchId)),
    occurred_at: clickHouseInstant(event.occurredAt),
  };
}

/** A two-decimal amount with its sign flipped, exactly (the projections' import of the money module's). */
export { negateAmount } from '@app/contracts';
