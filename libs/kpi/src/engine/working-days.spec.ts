import { addWorkingDays, branchWorkingDayCalendar, CalendarDay, isWeekday, unitWorkingDayCalendar, WEEKDAYS_ONLY, workingDaysBetween } from './working-days';

const day = (scope: string, scopeId: string, date: string, dayKind: 'holiday' | 'working_day'): CalendarDay => ({ scope, scopeId, date, dayKind });

describe('working days', () => {
  // The catalogue's worked example: SH-01 closes an RO on Friday 13 Feb 2026, holidays on Monday 16 and Tuesday 17.
  const sh01 = branchWorkingDayCalendar('SH-01', [day('branch', 'SH-01', '2026-02-16', 'holiday'), day('branch', 'SH-01', '2026-02-17', 'holiday')], []);

  it('counts 18, 19 and 20 Feb as the 3 working days after Friday 13 Feb', () => {
    expect(addWorkingDays('2026-02-13', 3, sh01)).toBe('2026-02-20');
    expect(workingDaysBetween('2026-02-13', '2026-02-20', sh01)).toBe(3);
    expect(workingDaysBetween('2026-02-13', '2026-02-23', sh01)).toBe(4);
    expect(addWorkingDays('2026-02-13', 0, sh01)).toBe('2026-02-13');
    expect(workingDaysBetween('2026-02-20', '2026-02-13', sh01)).toBe(0);
  });

  it('without a calendar, Saturdays and Sundays are off', () => {
    expect(isWeekday('2026-02-14')).toBe(false);
    expect(isWeekday('2026-02-16')).toBe(true);
    expect(addWorkingDays('2026-02-13', 3, WEEKDAYS_ONLY)).toBe('2026-02-18');
    expect(addWorkingDays('2026-12-31', 1, WEEKDAYS_ONLY)).toBe('2027-01-01');
  });

  it('branch wins over its region (as of the date), which wins over the group; an extra working day counts', () => {
    const days = [
      day('group', 'group', '2026-02-18', 'holiday'),
      day('region', 'EAST', '2026-02-18', 'working_day'),
      day('group', 'group', '2026-02-19', 'holiday'),
      day('branch', 'SH-01', '2026-02-19', 'working_day'),
      day('region', 'EAST', '2026-02-20', 'holiday'),
      day('group', 'group', '2026-02-21', 'working_day'),
    ];
    const assignments = [
      { branchId: 'SH-01', regionId: 'EAST', validFrom: '2025-01-01' },
      { branchId: 'SH-01', regionId: 'NORTH', validFrom: '2026-02-20' },
      { branchId: 'BJ-01', regionId: 'EAST', validFrom: '2025-01-01' },
    ];
    const calendar = branchWorkingDayCalendar('SH-01', days, assignments);
    // 18: region EAST says working; 19: branch says working over the group's holiday; 20: in NORTH by then, EAST's holiday does not apply; 21: the group's working Saturday.
    expect(['2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'].map((d) => calendar.isWorkingDay(d))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(branchWorkingDayCalendar('BJ-01', days, assignments).isWorkingDay('2026-02-20')).toBe(false);
    expect(branchWorkingDayCalendar('XX-01', days, assignments).isWorkingDay('2026-02-18')).toBe(false);
  });

  it("a region's own calendar is its region's, then the group's; the group's is the group's alone; branch calendars do not count", () => {
    const days = [
      day('group', 'group', '2026-02-18', 'holiday'),
      day('region', 'EAST', '2026-02-18', 'working_day'),
      day('group', 'group', '2026-02-19', 'holiday'),
      day('branch', 'SH-01', '2026-02-19', 'working_day'),
      day('region', 'EAST', '2026-02-20', 'holiday'),
      day('region', 'NORTH', '2026-02-23', 'holiday'),
      day('group', 'group', '2026-02-21', 'working_day'),
    ];
    const dates = ['2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'];
    expect(dates.map((d) => unitWorkingDayCalendar('region', 'EAST', days).isWorkingDay(d))).toEqual([true, false, false, true, false, true]);
    expect(dates.map((d) => unitWorkingDayCalendar('region', 'NORTH', days).isWorkingDay(d))).toEqual([false, false, true, true, false, false]);
    expect(dates.map((d) => unitWorkingDayCalendar('group', 'group', days).isWorkingDay(d))).toEqual([false, false, true, true, false, true]);
  });

  it('rejects a negative number of days, a malformed date and a calendar without working days', () => {
    expect(() => addWorkingDays('2026-02-13', -1, WEEKDAYS_ONLY)).toThrow(RangeError);
    expect(() => addWorkingDays('13/02/2026', 1, WEEKDAYS_ONLY)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-13', 1, { isWorkingDay: () => false })).toThrow(RangeError);
  });
});
