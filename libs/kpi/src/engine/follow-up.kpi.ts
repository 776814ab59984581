import { ClickHouseClient } from '@app/clickhouse';
import { closedRepairOrders, componentContext } from './component-sql';
import { addMonths } from './periods';
import { addWorkingDays, branchWorkingDayCalendar, DEFAULT_FOLLOW_UP_WORKING_DAYS, epochDay, fromEpochDay } from './working-days';

/** Which months, branches and regions, at which grain (the group sums the regions). */
export interface FollowUpQuery {
  /** First month, `YYYY-MM`. */
  readonly fromMonth: string;
  /** Last month, `YYYY-MM`, inclusive. */
  readonly toMonth: string;
  readonly grain: 'branch' | 'region';
  readonly branchIds?: readonly string[];
  readonly regionIds?: readonly string[];
}

export interface FollowUpCell {
  /** Branch id, or region id (as of the close) at region grain. */
  readonly unitId: string;
  /** `YYYY-MM` */
  readonly month: string;
  /** ROs closed in the month (the engine's closed-RO set): the denominator. */
  readonly closedRepairOrders: number;
  /** Of them, those with a reached call within N working days of the close: the numerator. */
  readonly reachedWithinWorkingDays: number;
  /** `YYYY-MM-DD`: the latest deadline (close + N working days) of the month's closed ROs. */
  readonly provisionalUntil: string;
}

/**
 * Follow-up within N working days (3个工作日内回访率): of the ROs closed in the month (closedRepairOrders,
 * the set every service KPI counts: internal and PDI excluded, a close undone in the same month not
 * counted), those with a reached follow-up call on or after the close's business date and no later
 * than N working days after it. N is the `follow_up_working_days` setting in force on the close date
 * (default 3); working days are those of the branch's calendar (working-days.ts). Regions (as of the
 * close) sum their branches' ROs. The deadlines are worked out here per branch and close date and
 * handed to ClickHouse as offsets from {from}; ClickHouse counts the ROs.
 */
export async function followUpWithinWorkingDays(client: ClickHouseClient, query: FollowUpQuery, attempt = 1): Promise<FollowUpCell[]> {
  const from = `${query.fromMonth}-01`;
  const to = addMonths(`${query.toMonth}-01`, 1);
  if (to <= from) throw new RangeError(`toMonth ${query.toMonth} is before fromMonth ${query.fromMonth}`);
  const params = { from, to, branches: [...(query.branchIds ?? [])], regions: [...(query.regionIds ?? [])] };
  const days = epochDay(to) - epochDay(from);
  const closed = closedRepairOrders(componentContext('month'));
  const [branches, assignments, calendarRows, settings] = await Promise.all([
    client.query<{ branch_id: string }>(`SELECT DISTINCT toString(c.branch_id) AS branch_id FROM ${closed} AS c ORDER BY branch_id`, params),
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

  const unit = query.grain === 'region' ? 'c.region_id' : 'c.branch_id';
  const cells = await client.query<{ unit: string; month: string; closed: string; reached: string; until: string; unknown: string }>(
    `WITH ros AS (
       SELECT toString(${unit}) AS unit, c.month AS month, c.branch_id AS br, c.repair_order_id AS ro, c.close_date AS close_date,
              minIfOrNull(k.business_date, k.reached = 1 AND k.business_date >= c.close_date) AS first_reached
         FROM ${closed} AS c
         LEFT JOIN (SELECT branch_id, repair_order_id, business_date, reached FROM fact_follow_up_calls AS k FINAL
                     WHERE k.reached = 1 AND k.business_date >= {from:Date}
                       AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, k.branch_id))) AS k
           ON c.branch_id = k.branch_id AND c.repair_order_id = k.repair_order_id
        WHERE empty({regions:Array(String)}) OR has({regions:Array(String)}, c.region_id)
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
  if (cells.some((c) => Number(c.unknown) > 0)) {
    // A branch's first closes in the period arrived between the two queries: once more, with it.
    if (attempt < 3) return followUpWithinWorkingDays(client, query, attempt + 1);
    throw new Error('follow-up within N working days: closed ROs of a branch kept arriving without a calendar worked out for it');
  }
  return cells.map((c) => ({
    unitId: c.unit,
    month: c.month,
    closedRepairOrders: Number(c.closed),
    reachedWithinWorkingDays: Number(c.reached),
    provisionalUntil: c.until,
  }));
}
