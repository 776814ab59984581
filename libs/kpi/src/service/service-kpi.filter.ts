import { QueryParams } from '@app/clickhouse';

/**
 * Which figures a service KPI query returns: months `fromMonth`..`toMonth` (inclusive, business
 * dates in each branch's calendar), optionally some branches or regions, at branch or region grain.
 * A region's figures are those of the branches that belonged to it on each fact's business date
 * (as-of, ASOF JOIN on org_branch_region_assignments); region '' = no region yet.
 */
export interface ServiceKpiFilter {
  /** `YYYY-MM` */
  readonly fromMonth: string;
  /** `YYYY-MM`, inclusive */
  readonly toMonth: string;
  readonly grain?: 'branch' | 'region';
  readonly branchIds?: readonly string[];
  readonly regionIds?: readonly string[];
}

export type ServiceKpiGrain = 'branch' | 'region';

/** The key of every service KPI row. */
export interface UnitMonth {
  readonly grain: ServiceKpiGrain;
  /** branch id, or region id at region grain */
  readonly unitId: string;
  /** `YYYY-MM` */
  readonly month: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthStart(month: string): string {
  if (!MONTH.test(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return `${month}-01`;
}

function nextMonthStart(month: string): string {
  const [y, m] = monthStart(month).split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The bound parameters every service query understands. */
export function filterParams(filter: ServiceKpiFilter): QueryParams {
  const from = monthStart(filter.fromMonth);
  const to = nextMonthStart(filter.toMonth);
  if (to <= from) throw new RangeError(`toMonth ${filter.toMonth} is before fromMonth ${filter.fromMonth}`);
  return {
    from,
    to,
    byRegion: (filter.grain ?? 'branch') === 'region' ? 1 : 0,
    branches: [...(filter.branchIds ?? [])],
    regions: [...(filter.regionIds ?? [])],
  };
}

export function grainOf(filter: ServiceKpiFilter): ServiceKpiGrain {
  return filter.grain ?? 'branch';
}

/** `f.business_date` in the period and `f.branch_id` among the branches asked (all when none). */
export const PERIOD_AND_BRANCHES = (alias: string, dateColumn = 'business_date') =>
  `${alias}.${dateColumn} >= {from:Date} AND ${alias}.${dateColumn} < {to:Date}
   AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, ${alias}.branch_id))`;

/** The region a branch belonged to on a date, for `ASOF LEFT JOIN ... AS a ON x.branch_id = a.branch_id AND x.<date> >= a.valid_from`. */
export const REGION_AS_OF = `(SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL)`;

/** The org unit of a row (branch or region as of its date) and the region filter. */
export const UNIT = (branchColumn: string) => `if({byRegion:UInt8} = 1, a.region_id, ${branchColumn})`;
export const REGION_FILTER = `(empty({regions:Array(String)}) OR has({regions:Array(String)}, a.region_id))`;

/**
 * The ROs closed in each month (service KPI ROs only: internal and PDI excluded), one row per
 * (branch, RO, month), with the org unit of its (latest) close in the month. An RO is closed in a
 * month when Σ sign over its close (+1) and reopen (−1) rows whose business date AND reversed-close
 * date both fall in the month is positive: a close undone in the same month does not count, a close
 * undone in a later month still counts in its own month (the reversal is revenue of the later one).
 * `revenue_net` is that same set's revenue (the same ROs feed per-vehicle yield's numerator and
 * denominator, the rework and response-rate denominators).
 */
export const CLOSED_ROS_CTE = `
closed_rows AS (
  SELECT f.branch_id AS branch_id,
         f.repair_order_id AS repair_order_id,
         toStartOfMonth(f.business_date) AS month,
         any(f.intake_visit_id) AS intake_visit_id,
         any(f.segment) AS segment,
         any(f.currency) AS currency,
         sum(f.sign) AS closes,
         sum(f.total_net) AS revenue_net,
         maxIf(f.business_date, f.sign = 1) AS close_date
    FROM fact_service_revenue AS f FINAL
   WHERE f.kpi_included = 1
     AND ${PERIOD_AND_BRANCHES('f')}
     AND toStartOfMonth(f.close_business_date) = toStartOfMonth(f.business_date)
   GROUP BY branch_id, repair_order_id, month
  HAVING closes > 0
),
closed AS (
  SELECT c.branch_id AS branch_id, c.repair_order_id AS repair_order_id, c.month AS month,
         c.intake_visit_id AS intake_visit_id, c.segment AS segment, c.currency AS currency,
         c.revenue_net AS revenue_net, c.close_date AS close_date, ${UNIT('c.branch_id')} AS unit
    FROM closed_rows AS c
    ASOF LEFT JOIN ${REGION_AS_OF} AS a ON c.branch_id = a.branch_id AND c.close_date >= a.valid_from
   WHERE ${REGION_FILTER}
)`;
