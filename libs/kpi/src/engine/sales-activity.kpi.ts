import { ComponentContext, COUNTS, components, Components, dec, DimensionParts, flow, inRange, regionAsOf, union, ZERO } from './component-sql';
import { DimensionMap } from './dimensions';
import type { KpiSource } from './kpi-sources';

/**
 * Sales activity against quota (DOMAIN.md "Definitions of more KPIs", issue #16 item 4): calls and
 * visits logged (SalesActivityLogged, fact_sales_activities), and their attainment of the activity
 * quota in force (KPI settings `sales_calls_per_day`, `sales_visits_per_week`). The definitions are
 * in the catalogue (docs/kpis.md); this is their SQL.
 *
 * The quota is worked out in ClickHouse from the org facts, one row per (sales consultant, branch,
 * day): every employee whose assignment in force on the day (org_employee_assignments, as of the
 * day) is `sales_consultant` at a branch, on the working days of that branch (the first calendar
 * with an entry for the day, branch → its region on the day → group, decides; without one Monday to
 * Friday are working days, as working-days.ts), between the branch's opening and closing days.
 */

/** The defaults of the two settings (libs/org KPI_SETTINGS), when org_kpi_settings has no row. */
export const DEFAULT_SALES_CALLS_PER_DAY = 30;
export const DEFAULT_SALES_VISITS_PER_WEEK = 20;

/** How the activities carry the dimensions (alias `f` of fact_sales_activities). */
const ACTIVITY_DIMS: DimensionMap = { consultant: 'f.consultant_id', department: `'sales'` };
/** How the consultant days carry them (alias `q` of consultantDays). */
const QUOTA_DIMS: DimensionMap = { consultant: 'q.consultant_id', department: `'sales'` };

/** The value of a setting in force on `alias.<date>` (column `<name>`), from an ASOF join on org_kpi_settings. */
const settingOn = (alias: string, date: string, key: string, name: string, fallback: number): { join: string; value: string } => ({
  join: `ASOF LEFT JOIN (SELECT key AS ${name}_key, valid_from AS ${name}_from, toInt64OrZero(value) AS ${name} FROM org_kpi_settings FINAL WHERE key = '${key}') AS s_${name}
      ON ${alias}.${name}_key = s_${name}.${name}_key AND ${alias}.${date} >= s_${name}.${name}_from`,
  value: `if(s_${name}.${name}_key = '' OR s_${name}.${name} <= 0, ${fallback}, s_${name}.${name})`,
});

/**
 * Every branch's days from the Monday of the week of {from} to the Sunday of the week of the day
 * before {to} (whole weeks, for the visit quota's share), with the region as of the day, whether it
 * is a working day, and the working days of its week. Only days the branch trades
 * ([opened_on, closed_on]) and the branches asked.
 */
const BRANCH_DAYS = `(
    SELECT bd.branch_id AS branch_id, bd.day AS day, bd.region_id AS region_id, bd.working AS working,
           sum(bd.working) OVER (PARTITION BY bd.branch_id, toMonday(bd.day)) AS week_working_days
      FROM (
        SELECT b.branch_id AS branch_id, b.day AS day, a.region_id AS region_id,
               toUInt8(multiIf(hb.day_kind != '', hb.day_kind, hr.day_kind != '', hr.day_kind, hg.day_kind != '', hg.day_kind,
                               toDayOfWeek(b.day) <= 5, 'working_day', 'holiday') = 'working_day') AS working
          FROM (
            SELECT ob.branch_id AS branch_id, arrayJoin(arrayMap(i -> addDays(toMonday({from:Date}), i),
                     range(toUInt32(greatest(dateDiff('day', toMonday({from:Date}), addDays(toMonday(addDays({to:Date}, -1)), 7)), 0))))) AS day,
                   ob.opened_on AS opened_on, ifNull(oc.closed_on, toDate('2149-06-06')) AS closed_on
              FROM (SELECT branch_id, opened_on FROM org_branches FINAL) AS ob
              LEFT JOIN (SELECT branch_id, toNullable(closed_on) AS closed_on FROM org_branch_closures FINAL) AS oc ON oc.branch_id = ob.branch_id
             WHERE {to:Date} > {from:Date} AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, ob.branch_id))
          ) AS b
          ${regionAsOf('b', 'day')}
          LEFT JOIN (SELECT scope_id, date AS d, day_kind FROM dim_holiday_calendar WHERE scope = 'branch') AS hb ON hb.scope_id = b.branch_id AND hb.d = b.day
          LEFT JOIN (SELECT scope_id, date AS d, day_kind FROM dim_holiday_calendar WHERE scope = 'region') AS hr ON hr.scope_id = a.region_id AND hr.d = b.day
          LEFT JOIN (SELECT date AS d, day_kind FROM dim_holiday_calendar WHERE scope = 'group') AS hg ON hg.d = b.day
         WHERE b.day >= b.opened_on AND b.day <= b.closed_on
      ) AS bd
  )`;

/**
 * One row per (sales consultant, branch, working day of the branch in [from, to)): the consultant's
 * assignment in force on the day is sales_consultant at the branch. Columns: consultant_id,
 * branch_id, region_id (as of the day), day, week (its Monday), week_working_days (the branch's, of
 * the whole week), calls_quota (sales_calls_per_day in force on the day), visits_week_quota
 * (sales_visits_per_week in force on the week's Monday).
 */
function consultantDays(): string {
  const calls = settingOn('q0', 'day', 'sales_calls_per_day', 'calls_per_day', DEFAULT_SALES_CALLS_PER_DAY);
  const visits = settingOn('q0', 'week', 'sales_visits_per_week', 'visits_per_week', DEFAULT_SALES_VISITS_PER_WEEK);
  return `(
    SELECT q0.consultant_id AS consultant_id, q0.branch_id AS branch_id, q0.region_id AS region_id, q0.day AS day, q0.week AS week,
           q0.week_working_days AS week_working_days, ${calls.value} AS calls_quota, ${visits.value} AS visits_week_quota
      FROM (
        SELECT e.employee_id AS consultant_id, d.branch_id AS branch_id, d.region_id AS region_id, d.day AS day, toMonday(d.day) AS week,
               d.week_working_days AS week_working_days, 'sales_calls_per_day' AS calls_per_day_key, 'sales_visits_per_week' AS visits_per_week_key
          FROM (
            SELECT x.employee_id AS employee_id, x.day AS day, asg.branch_id AS branch_id, asg.role AS role
              FROM (
                SELECT employee_id, arrayJoin(arrayMap(i -> addDays({from:Date}, i), range(toUInt32(greatest(dateDiff('day', {from:Date}, {to:Date}), 0))))) AS day
                  FROM (SELECT DISTINCT employee_id FROM org_employee_assignments FINAL
                         WHERE role = 'sales_consultant' AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id)))
              ) AS x
              ASOF LEFT JOIN (SELECT employee_id, valid_from, branch_id, role FROM org_employee_assignments FINAL) AS asg
                ON x.employee_id = asg.employee_id AND x.day >= asg.valid_from
          ) AS e
          INNER JOIN ${BRANCH_DAYS} AS d ON d.branch_id = e.branch_id AND d.day = e.day
         WHERE e.role = 'sales_consultant' AND d.working = 1 AND d.day >= {from:Date} AND d.day < {to:Date}
      ) AS q0
      ${calls.join}
      ${visits.join}
  )`;
}

/** The lineage columns of a consultant day (or week piece): no event; the reference names the consultant and the day. */
const quotaFact = (ctx: ComponentContext, refDate: string, date: string): string =>
  ctx.fact('q', `concat(q.consultant_id, ' ', toString(${refDate}))`, `''`, '0', date);

/** Activities of `kind` by consultants who were sales consultants of the branch on the business date (the attainment's numerator). */
const inForceActivities = (kind: 'call' | 'visit'): Components =>
  components(
    ACTIVITY_DIMS,
    (ctx, d) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, '' AS currency, ${d.select} AS dim,
           ${dec('count()')} AS num, ${ZERO} AS den${ctx.fact('f', 'f.activity_id')}
      FROM ${ctx.facts('fact_sales_activities')} AS f
      ${regionAsOf('f', 'business_date')}
      ASOF LEFT JOIN (SELECT employee_id, valid_from, branch_id AS assigned_branch_id, role AS assigned_role FROM org_employee_assignments FINAL) AS asg
        ON f.consultant_id = asg.employee_id AND f.business_date >= asg.valid_from
      ${d.joins}
     WHERE ${inRange('f')} AND f.kind = '${kind}' AND asg.assigned_branch_id = f.branch_id AND asg.assigned_role = 'sales_consultant'${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
  );

/** The call quota: Σ over consultant days of sales_calls_per_day in force on the day. */
const callQuota = components(
  QUOTA_DIMS,
  (ctx, d: DimensionParts) => `
    SELECT q.branch_id AS branch_id, q.region_id AS region_id, ${ctx.b('q.day')} AS bucket, toStartOfMonth(q.day) AS month, '' AS currency, ${d.select} AS dim,
           ${ZERO} AS num, ${dec('sum(q.calls_quota)')} AS den${quotaFact(ctx, 'q.day', 'q.day')}
      FROM ${consultantDays()} AS q
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

/**
 * The visit quota: per consultant, branch, region, bucket, month and week, sales_visits_per_week in
 * force on the week's Monday × the consultant's working days of the week in that group ÷ the
 * branch's working days of the whole week (truncated to 4 decimals per piece), summed.
 */
const visitQuota = components(
  QUOTA_DIMS,
  (ctx, d: DimensionParts) => `
    SELECT branch_id, region_id, bucket, month, currency, dim, ${ZERO} AS num, ${dec('sum(piece)')} AS den${ctx.lineage ? ', fact_id, fact_position, fact_date, fact_ref, fact_part' : ''}
      FROM (
        SELECT q.branch_id AS branch_id, q.region_id AS region_id, ${ctx.b('q.day')} AS bucket, toStartOfMonth(q.day) AS month, '' AS currency, ${d.select} AS dim,
               q.consultant_id AS consultant, q.week AS week,
               toDecimal128(any(q.visits_week_quota), 4) * count() / any(q.week_working_days) AS piece${quotaFact(ctx, 'q.week', 'min(q.day)')}
          FROM ${consultantDays()} AS q
         WHERE 1${d.where}
         GROUP BY branch_id, region_id, bucket, month, currency, dim, consultant, week
      )
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

const count = (kind: 'call' | 'visit'): KpiSource => ({
  components: flow({ table: 'fact_sales_activities', num: 'count()', where: `f.kind = '${kind}'`, dims: ACTIVITY_DIMS, ref: 'f.activity_id' }),
  money: COUNTS,
});

/**
 * Attainment: the numerator from the activities, the denominator from the consultant days. Not in
 * the KPI month roll-up: the quota moves with assignments, calendars and settings, which the
 * roll-up's recompute does not follow.
 */
const attainment = (kind: 'call' | 'visit'): KpiSource => ({
  components: union(inForceActivities(kind), kind === 'call' ? callQuota : visitQuota),
  money: COUNTS,
  rollup: false,
});

export const SALES_ACTIVITY_KPI_SOURCES: Readonly<Record<string, KpiSource>> = {
  sales_calls: count('call'),
  sales_visits: count('visit'),
  sales_call_quota_attainment: attainment('call'),
  sales_visit_quota_attainment: attainment('visit'),
};
