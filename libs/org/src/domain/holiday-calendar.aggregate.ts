import { buildEvent, CalendarScope, DomainError, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, HolidayCalendarSet, NewEvent } from '@app/contracts';
import { OrgCommandBase, invalidOrgData } from './org-event';

export interface HolidayCalendar {
  readonly holidays: readonly string[];
  readonly extraWorkingDays: readonly string[];
}

export type HolidayCalendarState = { readonly version: 0 } | ({ readonly version: number } & HolidayCalendar);

export const initialHolidayCalendar: HolidayCalendarState = { version: 0 };

export interface SetHolidayCalendar extends OrgCommandBase, HolidayCalendar {
  readonly type: 'SetHolidayCalendar';
  readonly scope: CalendarScope;
  readonly scopeId: string;
  readonly year: number;
}

export type HolidayCalendarCommand = SetHolidayCalendar;

export class InvalidHolidayCalendarError extends DomainError {
  readonly code = 'INVALID_HOLIDAY_CALENDAR';
  readonly kind = 'invalid';
}

export function holidayCalendarStreamId(scope: CalendarScope, scopeId: string, year: number): string {
  return `holiday-calendar-${scope}-${scopeId}-${year}`;
}

const sortedUnique = (dates: readonly string[]) => [...new Set(dates)].sort();
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
const sameDates = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * A calendar replaces the scope's previous one for the year as a whole. Dates are kept sorted and
 * without repeats; every date lies in the year; an extra working day is a Saturday or Sunday; no
 * day is both. The same calendar again changes nothing.
 */
export function decideHolidayCalendar(command: HolidayCalendarCommand, state: HolidayCalendarState): NewEvent[] {
  switch (command.type) {
    case 'SetHolidayCalendar': {
      const holidays = sortedUnique(command.holidays);
      const extraWorkingDays = sortedUnique(command.extraWorkingDays);
      const outside = [...holidays, ...extraWorkingDays].filter((d) => !d.startsWith(`${command.year}-`));
      if (outside.length > 0) throw new InvalidHolidayCalendarError(`dates outside ${command.year}: ${outside.join(', ')}`);
      const both = holidays.filter((d) => extraWorkingDays.includes(d));
      if (both.length > 0) throw new InvalidHolidayCalendarError(`both a holiday and a working day: ${both.join(', ')}`);
      const weekdays = extraWorkingDays.filter((d) => !isWeekend(d));
      if (weekdays.length > 0) throw new InvalidHolidayCalendarError(`extra working days must fall on a Saturday or Sunday: ${weekdays.join(', ')}`);
      if ('holidays' in state && sameDates(state.holidays, holidays) && sameDates(state.extraWorkingDays, extraWorkingDays)) return [];
      const branchId = command.scope === 'branch' ? command.scopeId : GROUP_WIDE_BRANCH_ID;
      return [
        buildEvent(
          HolidayCalendarSet,
          { ...command, branchId },
          {
            scope: command.scope,
            scopeId: command.scopeId,
            year: command.year,
            holidays,
            extraWorkingDays,
            version: state.version + 1,
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

export function evolveHolidayCalendar(state: HolidayCalendarState, envelope: EventEnvelope): HolidayCalendarState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'HolidayCalendarSet': {
      const { version, holidays, extraWorkingDays } = event.payload;
      return { version, holidays, extraWorkingDays };
    }
    default:
      return state;
  }
}
