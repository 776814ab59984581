import { branchWorkingDayCalendar, WEEKDAYS_ONLY } from '@app/kpi';
import { isoWeekday, latestDueDelivery, localDate, nthWorkingDayOfMonth, zonedInstant } from './pack-schedule';

const SHANGHAI = 'Asia/Shanghai';
const MADRID = 'Europe/Madrid';

describe('pack schedule', () => {
  describe('nthWorkingDayOfMonth', () => {
    it('skips weekends: business day 1 of February 2026 (Sunday the 1st) is Monday the 2nd; day 5 is Friday the 6th', () => {
      expect(nthWorkingDayOfMonth('2026-02', 1, WEEKDAYS_ONLY)).toBe('2026-02-02');
      expect(nthWorkingDayOfMonth('2026-02', 5, WEEKDAYS_ONLY)).toBe('2026-02-06');
      expect(nthWorkingDayOfMonth('2026-02', 6, WEEKDAYS_ONLY)).toBe('2026-02-09');
    });

    it("skips the branch's holidays and counts its extra working days (branch → region → group calendar)", () => {
      // National Day week 2026: 1-7 October off; Saturday 10 October a working day (调休).
      const holidays = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({
        scope: 'group',
        scopeId: 'group',
        date,
        dayKind: 'holiday',
      }));
      const calendar = branchWorkingDayCalendar('SH-01', [...holidays, { scope: 'branch', scopeId: 'SH-01', date: '2026-10-10', dayKind: 'working_day' }], []);
      expect(nthWorkingDayOfMonth('2026-10', 1, calendar)).toBe('2026-10-08');
      expect(nthWorkingDayOfMonth('2026-10', 3, calendar)).toBe('2026-10-10');
      expect(nthWorkingDayOfMonth('2026-10', 4, calendar)).toBe('2026-10-12');
      // Another branch keeps Saturday off.
      expect(nthWorkingDayOfMonth('2026-10', 3, branchWorkingDayCalendar('BJ-01', holidays, []))).toBe('2026-10-12');
    });

    it('falls back to the last working day of a month with fewer than N, and refuses N < 1', () => {
      const almostAllOff = { isWorkingDay: (d: string) => d === '2026-03-30' || d === '2026-03-31' };
      expect(nthWorkingDayOfMonth('2026-03', 5, almostAllOff)).toBe('2026-03-31');
      expect(() => nthWorkingDayOfMonth('2026-03', 0, WEEKDAYS_ONLY)).toThrow(RangeError);
    });
  });

  describe('time zones', () => {
    it('turns a local date and time into the instant, across DST, and back', () => {
      expect(zonedInstant('2026-01-05', 7 * 60, SHANGHAI).toISOString()).toBe('2026-01-04T23:00:00.000Z');
      expect(zonedInstant('2026-01-05', 7 * 60, MADRID).toISOString()).toBe('2026-01-05T06:00:00.000Z');
      expect(zonedInstant('2026-07-06', 7 * 60, MADRID).toISOString()).toBe('2026-07-06T05:00:00.000Z');
      // 29 March 2026 02:00 → 03:00 in Madrid: 02:30 does not exist and moves forward.
      expect(zonedInstant('2026-03-29', 150, MADRID).toISOString()).toBe('2026-03-29T01:30:00.000Z');
      expect(localDate(new Date('2026-01-31T16:30:00Z'), SHANGHAI)).toBe('2026-02-01');
      expect(localDate(new Date('2026-01-31T16:30:00Z'), MADRID)).toBe('2026-01-31');
      expect(isoWeekday('2026-12-07')).toBe(1);
      expect(isoWeekday('2026-12-13')).toBe(7);
    });
  });

  describe('latestDueDelivery, monthly', () => {
    const third = { kind: 'monthly', businessDay: 3 } as const;

    it('is the previous month from 07:00 local time on the N-th working day on', () => {
      // January 2026: Thursday 1st is a holiday (New Year): business days are Fri 2, Mon 5, Tue 6.
      const calendar = branchWorkingDayCalendar('SH-01', [{ scope: 'group', scopeId: 'group', date: '2026-01-01', dayKind: 'holiday' }], []);
      const due = latestDueDelivery(third, new Date('2026-01-05T23:00:00Z'), SHANGHAI, calendar);
      expect(due).toMatchObject({ periodKey: 'monthly:2025-12', period: '2025-12', dueDate: '2026-01-06', through: '2025-12-31' });
      expect(due.dueAt.toISOString()).toBe('2026-01-05T23:00:00.000Z');
      // A minute earlier the latest due one is December's (November's pack).
      const before = latestDueDelivery(third, new Date('2026-01-05T22:59:00Z'), SHANGHAI, calendar);
      expect(before).toMatchObject({ periodKey: 'monthly:2025-11', period: '2025-11', dueDate: '2025-12-03' });
      // Without the holiday, business day 3 is Monday the 5th.
      expect(latestDueDelivery(third, new Date('2026-01-10T00:00:00Z'), SHANGHAI, WEEKDAYS_ONLY).dueDate).toBe('2026-01-05');
    });

    it("uses the branch's time zone for the month boundary: the same instant is a new month in Shanghai, not in Madrid", () => {
      const instant = new Date('2026-01-31T23:30:00Z'); // Sunday 1 February 07:30 in Shanghai, Sunday 00:30 in Madrid
      const first = { kind: 'monthly', businessDay: 1 } as const;
      // Business day 1 of February 2026 is Monday the 2nd: neither is due yet; both answer January's occurrence (December's pack).
      expect(latestDueDelivery(first, instant, SHANGHAI, WEEKDAYS_ONLY).periodKey).toBe('monthly:2025-12');
      expect(latestDueDelivery(first, instant, MADRID, WEEKDAYS_ONLY).periodKey).toBe('monthly:2025-12');
      // Monday 2 February 07:00 in Shanghai is Sunday 23:00 UTC: due there, not yet in Madrid.
      const monday = new Date('2026-02-01T23:00:00Z');
      expect(latestDueDelivery(first, monday, SHANGHAI, WEEKDAYS_ONLY).periodKey).toBe('monthly:2026-01');
      expect(latestDueDelivery(first, monday, MADRID, WEEKDAYS_ONLY).periodKey).toBe('monthly:2025-12');
      expect(latestDueDelivery(first, new Date('2026-02-02T06:00:00Z'), MADRID, WEEKDAYS_ONLY).periodKey).toBe('monthly:2026-01');
    });

    it('crosses the year: in January the pack is December of the year before', () => {
      const due = latestDueDelivery({ kind: 'monthly', businessDay: 10 }, new Date('2027-01-20T00:00:00Z'), 'UTC', WEEKDAYS_ONLY);
      expect(due).toMatchObject({ periodKey: 'monthly:2026-12', period: '2026-12', dueDate: '2027-01-14' });
    });

    it('refuses a business day outside 1..10', () => {
      expect(() => latestDueDelivery({ kind: 'monthly', businessDay: 11 }, new Date(), 'UTC', WEEKDAYS_ONLY)).toThrow(RangeError);
    });
  });

  describe('latestDueDelivery, weekly', () => {
    const mondays = { kind: 'weekly', weekday: 1 } as const;

    it('is the month to date of the day before, from 07:00 local time on the weekday', () => {
      const due = latestDueDelivery(mondays, new Date('2026-12-09T12:00:00Z'), SHANGHAI, WEEKDAYS_ONLY);
      expect(due).toMatchObject({ periodKey: 'weekly:2026-12-07', period: '2026-12', dueDate: '2026-12-07', through: '2026-12-06' });
      // Monday 7 December 06:59 in Shanghai: still the week before.
      expect(latestDueDelivery(mondays, new Date('2026-12-06T22:59:00Z'), SHANGHAI, WEEKDAYS_ONLY).periodKey).toBe('weekly:2026-11-30');
    });

    it('on a Monday the 1st, the month to date is the whole month before', () => {
      const due = latestDueDelivery(mondays, new Date('2027-02-01T08:00:00Z'), 'UTC', WEEKDAYS_ONLY);
      expect(due).toMatchObject({ periodKey: 'weekly:2027-02-01', period: '2027-01', through: '2027-01-31' });
    });

    it('Sunday is 7; a weekday outside 1..7 is refused', () => {
      expect(latestDueDelivery({ kind: 'weekly', weekday: 7 }, new Date('2026-12-09T12:00:00Z'), MADRID, WEEKDAYS_ONLY).dueDate).toBe('2026-12-06');
      expect(() => latestDueDelivery({ kind: 'weekly', weekday: 0 }, new Date(), 'UTC', WEEKDAYS_ONLY)).toThrow(RangeError);
    });
  });
});
