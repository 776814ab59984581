import { DeciderSpecification } from '@app/contracts/testing';
import {
  decideHolidayCalendar,
  evolveHolidayCalendar,
  initialHolidayCalendar,
  InvalidHolidayCalendarError,
  SetHolidayCalendar,
} from './holiday-calendar.aggregate';
import { at } from './org-command.spec-helper';

const given = DeciderSpecification.for({
  decide: decideHolidayCalendar,
  evolve: evolveHolidayCalendar,
  initialState: initialHolidayCalendar,
  streamId: 'holiday-calendar-branch-SH-01-2026',
});
const setCalendar = (overrides: Partial<SetHolidayCalendar> = {}): SetHolidayCalendar => ({
  type: 'SetHolidayCalendar',
  ...at(),
  scope: 'branch',
  scopeId: 'SH-01',
  year: 2026,
  holidays: ['2026-02-17', '2026-01-01', '2026-02-17'],
  extraWorkingDays: ['2026-02-14'],
  ...overrides,
});

describe('Holiday calendar', () => {
  it('is set for a scope and year with sorted, distinct dates, on the branch envelope', () => {
    given()
      .when(setCalendar())
      .then([
        {
          type: 'HolidayCalendarSet',
          branchId: 'SH-01',
          payload: { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-01-01', '2026-02-17'], extraWorkingDays: ['2026-02-14'], version: 1 },
        },
      ]);
  });

  it('is group-wide on the "*" envelope', () => {
    given()
      .when(setCalendar({ scope: 'group', scopeId: 'group' }))
      .then([{ branchId: '*' }]);
  });

  it('is replaced as a whole by the next version; the same calendar again changes nothing', () => {
    const v1 = decideHolidayCalendar(setCalendar(), initialHolidayCalendar);
    given(v1)
      .when(setCalendar({ holidays: ['2026-01-01', '2026-02-17'] }))
      .thenNothingHappened();
    given(v1)
      .when(setCalendar({ holidays: ['2026-01-01'] }))
      .then([{ payload: { holidays: ['2026-01-01'], version: 2 } }]);
  });

  it('refuses dates outside the year, a day that is both, and a weekday as extra working day', () => {
    given()
      .when(setCalendar({ holidays: ['2025-12-31'] }))
      .thenThrows(InvalidHolidayCalendarError);
    given()
      .when(setCalendar({ holidays: ['2026-02-14'] }))
      .thenThrows(/both a holiday and a working day/);
    given()
      .when(setCalendar({ extraWorkingDays: ['2026-02-16'] }))
      .thenThrows(/Saturday or Sunday/);
  });
});
