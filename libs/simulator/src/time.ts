/** Months (`YYYY-MM`), local dates (`YYYY-MM-DD`) and instants in a branch's time zone. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DAY_MS = 86_400_000;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export function addMonths(month: string, count: number): string {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `from`..`to` inclusive. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function dateOf(month: string, day: number): string {
  return `${month}-${String(day).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The last month that has ended everywhere before `now`'s month began: the month before `now` (UTC). */
export function lastCompleteMonth(now: Date): string {
  return addMonths(now.toISOString().slice(0, 7), -1);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
function wallClock(instant: number, timeZone: string): { date: string; minutes: number; offsetMs: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const asUtc = Date.parse(`${date}T${parts.hour}:${parts.minute}:${parts.second}Z`);
  return { date, minutes, offsetMs: asUtc - Math.floor(instant / 1000) * 1000 };
}

/** The local date of an instant in a time zone. */
export function localDate(instant: number, timeZone: string): string {
  return wallClock(instant, timeZone).date;
}

/** The instant of a local wall-clock time (`minuteOfDay` may exceed 24 h: the next day). */
export function zonedInstant(date: string, minuteOfDay: number, timeZone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000;
  let guess = naive - wallClock(naive, timeZone).offsetMs;
  guess = naive - wallClock(guess, timeZone).offsetMs;
  return guess;
}

export function iso(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}
