/**
 * Working days for follow-up within N working days (3个工作日内回访率): each branch's calendar
 * (branch → its region on the date → group, else Monday to Friday) and deadlines counted in it.
 */

/** The default number of working days N (head-office setting `follow_up_working_days`). */
export const DEFAULT_FOLLOW_UP_WORKING_DAYS = 3;

/** Decides whether a date (`YYYY-MM-DD`) is a working day. */
export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function epochDay(date: string): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ms / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day number (epochDay's inverse). */
export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Monday to Friday. */
export function isWeekday(date: string): boolean {
  const weekday = new Date(epochDay(date) * DAY_MS).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** Saturdays and Sundays off, nothing else: the calendar when head office has set none. */
export const WEEKDAYS_ONLY: WorkingDayCalendar = { isWorkingDay: isWeekday };

/** No run of non-working days is longer than this: a calendar that claims so is broken. */
const MAX_DAYS_SCANNED = 3_660;

/**
 * The n-th working day after `date` (`date` itself not counted; n = 0 gives `date`). A close on Friday
 * 13 Feb 2026 with holidays on 16 and 17 Feb: addWorkingDays('2026-02-13', 3) = '2026-02-20'.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a number of working days: ${n}`);
  let day = epochDay(date);
  let left = n;
  for (let scanned = 0; left > 0; scanned += 1) {
    if (scanned >= MAX_DAYS_SCANNED) throw new RangeError(`no ${n} working days within ${MAX_DAYS_SCANNED} days after ${date}`);
    day += 1;
    if (calendar.isWorkingDay(fromEpochDay(day))) left -= 1;
  }
  return fromEpochDay(day);
}

/** The working days in (from, to]: after `from`, up to and including `to`; 0 when to <= from. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingDayCalendar): number {
  const last = epochDay(to);
  let count = 0;
  for (let day = epochDay(from) + 1; day <= last; day += 1) if (calendar.isWorkingDay(fromEpochDay(day))) count += 1;
  return count;
}

/** One day of a holiday calendar in force (dim_holiday_calendar). */
export interface CalendarDay {
  readonly scope: string;
  readonly scopeId: string;
  readonly date: string;
  readonly dayKind: string;
}

/** A branch → region assignment from `validFrom` on. */
export interface RegionAssignment {
  readonly branchId: string;
  readonly regionId: string;
  readonly validFrom: string;
}

/**
 * A branch's working days: the first calendar with an entry for the date, in the order branch → the
 * region the branch belonged to on that date → group, decides ('working_day' or 'holiday'); without
 * an entry, Monday to Friday are working days.
 */
export function branchWorkingDayCalendar(branchId: string, days: readonly CalendarDay[], assignments: readonly RegionAssignment[]): WorkingDayCalendar {
  const kinds = new Map<string, string>();
  for (const d of days) kinds.set(`${d.scope}\u0000${d.scopeId}\u0000${d.date}`, d.dayKind);
  const own = assignments.filter((a) => a.branchId === branchId).sort((x, y) => x.validFrom.localeCompare(y.validFrom));
  const regionOn = (date: string): string => {
    let region = '';
    for (const a of own) if (a.validFrom <= date) region = a.regionId;
    return region;
  };
  return {
    isWorkingDay(date: string): boolean {
      const region = regionOn(date);
      const kind =
        kinds.get(`branch\u0000${branchId}\u0000${date}`) ??
        (region === '' ? undefined : kinds.get(`region\u0000${region}\u0000${date}`)) ??
        kinds.get(`group\u0000group\u0000${date}`);
      return kind === undefined ? isWeekday(date) : kind === 'working_day';
    },
  };
}

/**
 * A region's or the group's own working days, for what is scheduled for the unit as a whole (a
 * region or group pack's business day N): the region's calendar, then the group's, decides; the
 * group's alone for the group; without an entry, Monday to Friday. Branch calendars do not count
 * (the branches of a region may keep different ones).
 */
export function unitWorkingDayCalendar(level: 'region' | 'group', unitId: string, days: readonly CalendarDay[]): WorkingDayCalendar {
  const kinds = new Map<string, string>();
  for (const d of days) {
    if ((level === 'region' && d.scope === 'region' && d.scopeId === unitId) || (d.scope === 'group' && d.scopeId === 'group')) {
      kinds.set(`${d.scope}\u0000${d.date}`, d.dayKind);
    }
  }
  return {
    isWorkingDay(date: string): boolean {
      const kind = (level === 'region' ? kinds.get(`region\u0000${date}`) : undefined) ?? kinds.get(`group\u0000${date}`);
      return kind === undefined ? isWeekday(date) : kind === 'working_day';
    },
  };
}
