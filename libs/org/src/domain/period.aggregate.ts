import { buildEvent, DomainError, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, NewEvent, PERIOD_MONTH_PATTERN, PeriodClosed } from '@app/contracts';
import { OrgCommandBase, invalidOrgData } from './org-event';

export class PeriodAlreadyClosedError extends DomainError {
  readonly code = 'PERIOD_ALREADY_CLOSED';
  readonly kind = 'conflict';
  constructor(period: string, closedAt: string) {
    super(`period ${period} was closed at ${closedAt}; its "as closed" figures are frozen`);
  }
}

export class PeriodNotEndedError extends DomainError {
  readonly code = 'PERIOD_NOT_ENDED';
  readonly kind = 'conflict';
  constructor(period: string) {
    super(`period ${period} has not ended yet; a month can be closed from the first day of the next month`);
  }
}

export class InvalidPeriodError extends DomainError {
  readonly code = 'INVALID_PERIOD';
  readonly kind = 'invalid';
  constructor(period: string) {
    super(`period must be a month YYYY-MM, not ${JSON.stringify(period)}`);
  }
}

export interface PeriodState {
  readonly closedAt: string | null;
}

export const initialPeriod: PeriodState = { closedAt: null };

export interface ClosePeriod extends OrgCommandBase {
  readonly type: 'ClosePeriod';
  readonly period: string;
  readonly reason: string | null;
}

export function periodStreamId(period: string): string {
  return `period-${period}`;
}

/** The first instant after the month in every time zone (UTC+14): a close before it would freeze a month still trading. */
function monthEndedEverywhere(period: string, at: string): boolean {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const firstOfNext = Date.UTC(month === 12 ? year + 1 : year, month === 12 ? 0 : month, 1) - 14 * 3_600_000;
  return Date.parse(at) >= firstOfNext;
}

/**
 * Head office closes a month once: the figures of events recorded before the close are frozen as
 * "as closed"; events recorded later (a late survey, a comeback) restate the month beside them.
 */
export function decidePeriod(command: ClosePeriod, state: PeriodState): NewEvent[] {
  if (!PERIOD_MONTH_PATTERN.test(command.period)) throw new InvalidPeriodError(command.period);
  if (state.closedAt !== null) throw new PeriodAlreadyClosedError(command.period, state.closedAt);
  if (!monthEndedEverywhere(command.period, command.occurredAt)) throw new PeriodNotEndedError(command.period);
  return [buildEvent(PeriodClosed, { ...command, branchId: GROUP_WIDE_BRANCH_ID }, { period: command.period, reason: command.reason }, invalidOrgData)];
}

export function evolvePeriod(state: PeriodState, envelope: EventEnvelope): PeriodState {
  const event = envelope as DomainEvent;
  return event.type === 'PeriodClosed' ? { closedAt: event.occurredAt } : state;
}
