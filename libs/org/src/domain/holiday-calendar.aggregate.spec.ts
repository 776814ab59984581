import { NewEvent } from '@app/contracts';
import { at, fold } from './given.spec-helper';
import {
  decideHolidayCalendar,
  evolveHolidayCalendar,
  HolidayCalendarState,
  initialHolidayCalendar,
  InvalidHolidayCalendarError,
  SetHolidayCalendar,
} from './holiday-calendar.aggregate';

const given = (...events: NewEvent[]): HolidayCalendarState => fold(initialHolidayCalendar, evolveHolidayCalendar, 'holiday-calendar-branch-SH-01-2026', events);
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
    expect(decideHolidayCalendar(setCalendar(), given())).toMatchObject([
      {
        type: 'HolidayCalendarSet',
        branchId: 'SH-01',
        payload: { scope: 'branch', scopeId: 'SH-01', year: 2026, holidays: ['2026-01-01', '2026-02-17'], extraWorkingDays: ['2026-02-14'], version: 1 },
      },
    ]);
  });

  it('is group-wide on the "*" envelope', () => {
    expect(decideHolidayCalendar(setCalendar({ scope: 'group', scopeId: 'group' }), given())[0]?.branchId).toBe('*');
  });

  it('is replaced as a whole by the next version; the same calendar again changes nothing', () => {
    const v1 = decideHolidayCalendar(setCalendar(), initialHolidayCalendar);
    expect(decideHolidayCalendar(setCalendar({ holidays: ['2026-01-01', '2026-02-17'] }), given(...v1))).toEqual([]);
    expect(decideHolidayCalendar(setCalendar({ holidays: ['2026-01-01'] }), given(...v1))).toMatchObject([{ payload: { holidays: ['2026-01-01'], version: 2 } }]);
  });

  it('refuses dates outside the year, a day that is both, and a weekday as extra working day', () => {
    expect(() => decideHolidayCalendar(setCalendar({ holidays: ['2025-12-31'] }), given())).toThrow(InvalidHolidayCalendarError);
    expect(() => decideHolidayCalendar(setCalendar({ holidays: ['2026-02-14'] }), given())).toThrow(/both a holiday and a working day/);
    expect(() => decideHolidayCalendar(setCalendar({ extraWorkingDays: ['2026-02-16'] }), given())).toThrow(/Saturday or Sunday/);
  });
});
