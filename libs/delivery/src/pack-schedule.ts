import { addDays, addMonths, epochDay, fromEpochDay, WorkingDayCalendar } from '@app/kpi';
import { MAX_BUSINESS_DAY } from '../../reporting/web/assets/pack-rules.js';

/**
 * When a subscribed pack is due (docs/adr/0023-scheduled-pack-delivery.md). Pure: the caller hands
 * in "now", the branch's time zone and its working-day calendar (branch → region → group holidays,
 * else Monday to Friday: libs/kpi working-days.ts), so restarts, replicas and tests agree.
 *
 * - monthly on business day N (1..MAX_BUSINESS_DAY): on the N-th working day of a month, the previous month
 *   (closed, complete) is sent;
 * - weekly on a weekday (1 = Monday … 7 = Sunday): on that weekday, the month to date of the day
 *   before (on Monday 1 December, the whole of November).
 *
 * A delivery is due from SEND_AT_LOCAL_MINUTES (07:00) on its day, in the branch's time zone.
 */
export type PackSchedule = { readonly kind: 'monthly'; readonly businessDay: number } | { readonly kind: 'weekly'; readonly weekday: number };

/** 1..MAX_BUSINESS_DAY: the one constant the API and the dashboard's form share (its rule text names it). */
export { MAX_BUSINESS_DAY };
/** 07:00 local time: before the working day starts, after the night's projections. */
export const SEND_AT_LOCAL_MINUTES = 7 * 60;

export interface DueDelivery {
  /** Unique per subscription: `monthly:2026-11` or `weekly:2026-12-07` (the idempotency key with the subscription id). */
  readonly periodKey: string;
  /** The month of the pack (`YYYY-MM`). */
  readonly period: string;
  /** The local date the delivery is due on (`YYYY-MM-DD`). */
  readonly dueDate: string;
  /** The instant it became due. */
  readonly dueAt: Date;
  /** Weekly packs: the last day the month to date covers; monthly packs: the month's last day. */
  readonly through: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): { date: string; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/** The local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return partsIn(instant, timeZone).date;
}

/** The instant of a local date and time (minutes after midnight) in a time zone; DST gaps move forward. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), 0, minutes);
  const offsetAt = (instant: number): number => {
    const p = partsIn(new Date(instant), timeZone);
    return Date.UTC(Number(p.date.slice(0, 4)), Number(p.date.slice(5, 7)) - 1, Number(p.date.slice(8, 10)), 0, p.minutes) - instant;
  };
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(epochDay(date) * 86_400_000).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The N-th working day of a month (`YYYY-MM`) in the calendar; the month's last working day when
 * it has fewer (a month of holidays), its first day when it has none.
 */
export function nthWorkingDayOfMonth(month: string, n: number, calendar: WorkingDayCalendar): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`not a business day number: ${n}`);
  const first = `${month}-01`;
  const last = addDays(addMonths(first, 1), -1);
  let found: string | undefined;
  let count = 0;
  for (let day = epochDay(first); day <= epochDay(last); day += 1) {
    const date = fromEpochDay(day);
    if (!calendar.isWorkingDay(date)) continue;
    found = date;
    count += 1;
    if (count === n) return date;
  }
  return found ?? first;
}

/**
 * The latest delivery of the schedule that is due at `now` (its instant ≤ now), or undefined when
 * the schedule is invalid. The caller skips occurrences due before the subscription existed and
 * relies on the (subscription, periodKey) key for the rest.
 */
export function latestDueDelivery(
  schedule: PackSchedule,
  now: Date,
  timeZone: string,
  calendar: WorkingDayCalendar,
  sendAtMinutes = SEND_AT_LOCAL_MINUTES,
): DueDelivery {
  const today = localDate(now, timeZone);
  switch (schedule.kind) {
    case 'monthly': {
      if (!Number.isInteger(schedule.businessDay) || schedule.businessDay < 1 || schedule.businessDay > MAX_BUSINESS_DAY) {
        throw new RangeError(`businessDay must be 1 to ${MAX_BUSINESS_DAY}`);
      }
      const occurrence = (month: string): DueDelivery => {
        const dueDate = nthWorkingDayOfMonth(month, schedule.businessDay, calendar);
        const period = addMonths(`${month}-01`, -1).slice(0, 7);
        return {
          periodKey: `monthly:${period}`,
          period,
          dueDate,
          dueAt: zonedInstant(dueDate, sendAtMinutes, timeZone),
          through: addDays(`${month}-01`, -1),
        };
      };
      const current = occurrence(today.slice(0, 7));
      return current.dueAt.getTime() <= now.getTime() ? current : occurrence(addMonths(`${today.slice(0, 7)}-01`, -1).slice(0, 7));
    }
    case 'weekly': {
      if (!Number.isInteger(schedule.weekday) || schedule.weekday < 1 || schedule.weekday > 7) throw new RangeError('weekday must be 1 (Monday) to 7 (Sunday)');
      const back = (isoWeekday(today) - schedule.weekday + 7) % 7;
      const occurrence = (dueDate: string): DueDelivery => {
        const through = addDays(dueDate, -1);
        return { periodKey: `weekly:${dueDate}`, period: through.slice(0, 7), dueDate, dueAt: zonedInstant(dueDate, sendAtMinutes, timeZone), through };
      };
      const current = occurrence(addDays(today, -back));
      return current.dueAt.getTime() <= now.getTime() ? current : occurrence(addDays(today, -back - 7));
    }
  }
}
