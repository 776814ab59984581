import { ClickHouseClient } from '@app/clickhouse';
import { percent } from './decimal';
import { dateIn } from './service-kpis.queries';
import { CLOSED_ROS_CTE, filterParams, grainOf, PERIOD_AND_BRANCHES, ServiceKpiFilter, ServiceKpiGrain } from './service-kpi.filter';

/** The default number of working days N (head-office setting `follow_up_working_days`). */
export const DEFAULT_FOLLOW_UP_WORKING_DAYS = 3;

// ───────────────────────────────────────── working days ─────────────────────────────────────────

/** Decides whether a date (`YYYY-MM-DD`) is a working day. */
export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function epochDay(date: string): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ms / DAY_MS;
}

function fromEpochDay(day: number): string {
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

// ───────────────────────────────────────── the KPI ─────────────────────────────────────────

export interface FollowUpFilter extends ServiceKpiFilter {
  /** The instant the report is made; its date in `timeZone` decides `provisional`. */
  readonly now: Date | string;
  /** Default 'UTC'. */
  readonly timeZone?: string;
}

export interface FollowUpWithinWorkingDaysRow {
  readonly grain: ServiceKpiGrain;
  /** branch id, or region id at region grain */
  readonly unitId: string;
  /** `YYYY-MM` */
  readonly month: string;
  /** ROs closed in the month, internal and PDI excluded (denominator) */
  readonly closedRepairOrders: number;
  /** Of them, those with a reached follow-up call within N working days of the close (numerator) */
  readonly reachedWithinWorkingDays: number;
  /** reached ÷ closed × 100, half-up to 2 places; null without closed ROs */
  readonly ratePercent: string | null;
  /** `YYYY-MM-DD`: the latest deadline (close + N working days) of the month's closed ROs */
  readonly provisionalUntil: string;
  /** The report's date is on or before `provisionalUntil`: calls may still come in. */
  readonly provisional: boolean;
}

/**
 * Follow-up within N working days (3个工作日内回访率) = ROs closed in the month (the closed-RO set of
 * the other service KPIs: internal and PDI excluded, a close undone in the same month not counted)
 * with a reached follow-up call on or after the close's business date and no later than N working
 * days after it ÷ ROs closed in the month. N is the `follow_up_working_days` setting in force on the
 * close date (default 3); working days are those of the branch's calendar (branch → its region on
 * the date → group, else Monday to Friday). Region figures are Σ ÷ Σ of their branches' ROs.
 */
export async function followUpWithin3WorkingDays(client: ClickHouseClient, filter: FollowUpFilter, attempt = 1): Promise<FollowUpWithinWorkingDaysRow[]> {
  const params = filterParams(filter);
  const from = String(params.from);
  const days = epochDay(String(params.to)) - epochDay(from);
  // Every close falls in [from, to): the deadline of a close on each of those days is worked out
  // here, per branch with closes, from its calendar and the N in force on the day, and handed to
  // the query as offsets from {from}; ClickHouse then counts the ROs, not this process.
  const [branches, assignments, calendarRows, settings] = await Promise.all([
    client.query<{ branch_id: string }>(
      `SELECT DISTINCT toString(f.branch_id) AS branch_id FROM fact_service_revenue AS f WHERE ${PERIOD_AND_BRANCHES('f')} ORDER BY branch_id`,
      params,
    ),
    client.query<{ branch_id: string; region_id: string; valid_from: string }>(
      `SELECT toString(branch_id) AS branch_id, toString(region_id) AS region_id, toString(valid_from) AS valid_from FROM org_branch_region_assignments FINAL`,
    ),
    client.query<{ scope: string; scope_id: string; day: string; day_kind: string }>(
      `SELECT toString(h.scope) AS scope, h.scope_id AS scope_id, toString(h.date) AS day, h.day_kind AS day_kind FROM dim_holiday_calendar AS h WHERE h.date >= {from:Date}`,
      { from },
    ),
    client.query<{ valid_from: string; value: string }>(
      `SELECT toString(valid_from) AS valid_from, value FROM org_kpi_settings FINAL WHERE key = 'follow_up_working_days' ORDER BY valid_from`,
    ),
  ]);
  if (branches.length === 0) return [];
  const branchIds = branches.map((b) => b.branch_id);
  const regionAssignments = assignments.map((a) => ({ branchId: a.branch_id, regionId: a.region_id, validFrom: a.valid_from }));
  const calendarDays = calendarRows.map((d) => ({ scope: d.scope, scopeId: d.scope_id, date: d.day, dayKind: d.day_kind }));
  const windows = settings.map((s) => ({ validFrom: s.valid_from, days: Number.parseInt(s.value, 10) })).filter((w) => Number.isInteger(w.days) && w.days >= 0);
  const workingDaysOn = (date: string): number => {
    let n = DEFAULT_FOLLOW_UP_WORKING_DAYS;
    for (const w of windows) if (w.validFrom <= date) n = w.days;
    return n;
  };
  const first = epochDay(from);
  const offsets: number[] = [];
  for (const branchId of branchIds) {
    const calendar = branchWorkingDayCalendar(branchId, calendarDays, regionAssignments);
    for (let day = 0; day < days; day += 1) {
      const close = fromEpochDay(first + day);
      offsets.push(epochDay(addWorkingDays(close, workingDaysOn(close), calendar)) - first);
    }
  }

  const cellsRows = await client.query<{ unit: string; month: string; closed: string; reached: string; until: string; unknown: string }>(
    `WITH ${CLOSED_ROS_CTE},
     ros AS (
       SELECT c.unit AS unit, c.month AS month, c.branch_id AS br, c.repair_order_id AS ro, c.close_date AS close_date,
              minIfOrNull(k.business_date, k.reached = 1 AND k.business_date >= c.close_date) AS first_reached
         FROM closed AS c
         LEFT JOIN (SELECT branch_id, repair_order_id, business_date, reached FROM fact_follow_up_calls AS k FINAL
                     WHERE k.reached = 1 AND k.business_date >= {from:Date}
                       AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, k.branch_id))) AS k
           ON c.branch_id = k.branch_id AND c.repair_order_id = k.repair_order_id
        GROUP BY unit, month, br, ro, close_date
     ),
     dated AS (
       SELECT unit, month, first_reached, indexOf({deadline_branches:Array(String)}, br) AS b,
              addDays({from:Date}, {deadline_offsets:Array(UInt32)}[(b - 1) * {deadline_days:UInt32} + dateDiff('day', {from:Date}, close_date) + 1]) AS deadline
         FROM ros
     )
     SELECT unit, formatDateTime(month, '%Y-%m') AS month, count() AS closed,
            countIf(first_reached IS NOT NULL AND first_reached <= deadline) AS reached,
            toString(max(deadline)) AS until, countIf(b = 0) AS unknown
       FROM dated
      GROUP BY unit, month
      ORDER BY unit, month`,
    { ...params, deadline_branches: branchIds, deadline_offsets: offsets, deadline_days: days },
  );
  if (cellsRows.some((c) => Number(c.unknown) > 0)) {
    // A branch's first closes in the period arrived between the two queries: once more, with it.
    if (attempt < 3) return followUpWithin3WorkingDays(client, filter, attempt + 1);
    throw new Error('follow-up within N working days: closed ROs of a branch kept arriving without a calendar worked out for it');
  }

  const today = dateIn(filter.now, filter.timeZone ?? 'UTC');
  const grain = grainOf(filter);
  const cells = cellsRows.map((c) => ({ unitId: c.unit, month: c.month, closed: Number(c.closed), reached: Number(c.reached), until: c.until }));
  return cells.map((c) => ({
    grain,
    unitId: c.unitId,
    month: c.month,
    closedRepairOrders: c.closed,
    reachedWithinWorkingDays: c.reached,
    ratePercent: percent(c.reached, c.closed, 2),
    provisionalUntil: c.until,
    provisional: today <= c.until,
  }));
}
