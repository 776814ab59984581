/**
 * Business date = the local date of (occurredAt − cut-off) in the branch's time zone. A workshop
 * open until 01:00 has a 01:00 cut-off, so work booked at 00:30 belongs to the previous day.
 */
export interface BranchCalendarEntry {
  readonly timeZone: string;
  /** Minutes after local midnight at which the business day turns; 0 by default. */
  readonly cutoffMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `YYYY-MM-DD` */
export function businessDate(occurredAt: string, calendar: BranchCalendarEntry): string {
  const instant = Date.parse(occurredAt);
  if (Number.isNaN(instant)) throw new RangeError(`not an instant: ${occurredAt}`);
  return formatter(calendar.timeZone).format(new Date(instant - calendar.cutoffMinutes * 60_000));
}

/** Where a projection learns each branch's time zone and cut-off. */
export interface BranchCalendar {
  /** Makes `entryFor` answer for these branches; called once per batch before projecting it. */
  prepare?(branchIds: readonly string[]): Promise<void>;
  entryFor(branchId: string): BranchCalendarEntry;
}

/** Every branch in one time zone with a midnight cut-off: for tests of pure projections. */
export class UniformBranchCalendar implements BranchCalendar {
  constructor(private readonly entry: BranchCalendarEntry) {}
  entryFor(): BranchCalendarEntry {
    return this.entry;
  }
}
