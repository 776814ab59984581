import { ClickHouseClient } from '@app/clickhouse';
import { csiFigures } from './csi-rows';
import { decimalRatio, percent } from './decimal';
import {
  CLOSED_ROS_CTE,
  filterParams,
  grainOf,
  PERIOD_AND_BRANCHES,
  REGION_AS_OF,
  REGION_FILTER,
  ServiceKpiFilter,
  UNIT,
  UnitMonth,
} from './service-kpi.filter';

/** The default rework window W in days (head-office setting `rework_window_days`). */
export const DEFAULT_REWORK_WINDOW_DAYS = 30;

// ───────────────────────────────────────── service revenue ─────────────────────────────────────────

export interface ServiceRevenueRow extends UnitMonth {
  /** 'all', or the segment (insurance | customer | warranty) with `bySegment` */
  readonly segment: string;
  readonly currency: string;
  readonly labourNet: string;
  readonly labourMechanicalNet: string;
  readonly labourBodyNet: string;
  readonly labourPaintNet: string;
  readonly partsNet: string;
  readonly subletNet: string;
  readonly totalNet: string;
  readonly totalTax: string;
  readonly totalGross: string;
  readonly partsCostNet: string;
  readonly soldHours: string;
  readonly clockedHours: string;
}

/**
 * Service revenue by stream (labour — split mechanical/body/paint —, parts, sublet; total net, tax
 * and gross), in the branch currency, of KPI ROs (internal and PDI excluded): each close's totals on
 * the close's business date, minus each reopening's reversed totals on the reopen's business date.
 */
export async function serviceRevenue(client: ClickHouseClient, filter: ServiceKpiFilter & { readonly bySegment?: boolean }): Promise<ServiceRevenueRow[]> {
  const rows = await client.query<Record<string, string>>(
    `SELECT ${UNIT('f.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(f.business_date), '%Y-%m') AS month,
            if({bySegment:UInt8} = 1, toString(f.segment), 'all') AS seg,
            toString(f.currency) AS cur,
            sum(f.labour_net) AS labour_net,
            sum(f.labour_mechanical_net) AS labour_mechanical_net,
            sum(f.labour_body_net) AS labour_body_net,
            sum(f.labour_paint_net) AS labour_paint_net,
            sum(f.parts_net) AS parts_net,
            sum(f.sublet_net) AS sublet_net,
            sum(f.total_net) AS total_net,
            sum(f.total_tax) AS total_tax,
            sum(f.total_gross) AS total_gross,
            sum(f.parts_cost_net) AS parts_cost_net,
            sum(f.sold_hours) AS sold_hours,
            sum(f.clocked_hours) AS clocked_hours
       FROM fact_service_revenue AS f FINAL
       ASOF LEFT JOIN ${REGION_AS_OF} AS a ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from
      WHERE f.kpi_included = 1 AND ${PERIOD_AND_BRANCHES('f')} AND ${REGION_FILTER}
      GROUP BY unit, month, seg, cur
      ORDER BY unit, month, seg, cur`,
    { ...filterParams(filter), bySegment: filter.bySegment ? 1 : 0 },
  );
  const grain = grainOf(filter);
  return rows.map((r) => ({
    grain,
    unitId: str(r.unit),
    month: str(r.month),
    segment: str(r.seg),
    currency: str(r.cur),
    labourNet: str(r.labour_net),
    labourMechanicalNet: str(r.labour_mechanical_net),
    labourBodyNet: str(r.labour_body_net),
    labourPaintNet: str(r.labour_paint_net),
    partsNet: str(r.parts_net),
    subletNet: str(r.sublet_net),
    totalNet: str(r.total_net),
    totalTax: str(r.total_tax),
    totalGross: str(r.total_gross),
    partsCostNet: str(r.parts_cost_net),
    soldHours: str(r.sold_hours),
    clockedHours: str(r.clocked_hours),
  }));
}

// ───────────────────────────────────────── per-vehicle yield ─────────────────────────────────────────

export interface PerVehicleYieldRow extends UnitMonth {
  /** 'all' (overall) or the segment: insurance | customer | warranty */
  readonly segment: string;
  readonly currency: string;
  /** Net revenue of the ROs closed in the month */
  readonly revenueNet: string;
  /** Distinct intake visits behind those ROs (a visit split into several ROs counts once) */
  readonly intakes: number;
  readonly closedRepairOrders: number;
  /** revenueNet ÷ intakes, half-up to 2 places; null without intakes */
  readonly yieldNet: string | null;
}

/**
 * Per-vehicle yield (单车产值) = service revenue of the ROs closed in the month ÷ distinct intake
 * visits behind those ROs, overall (segment 'all') and per segment. A visit whose ROs fall in two
 * segments counts once in each segment and once overall.
 */
export async function perVehicleYield(client: ClickHouseClient, filter: ServiceKpiFilter): Promise<PerVehicleYieldRow[]> {
  const rows = await client.query<{ unit: string; month: string; seg: string; cur: string; revenue: string; intakes: string; ros: string }>(
    `WITH ${CLOSED_ROS_CTE}
     SELECT unit, formatDateTime(month, '%Y-%m') AS month,
            if(grouping(segment) = 1, 'all', toString(segment)) AS seg,
            toString(currency) AS cur,
            sum(revenue_net) AS revenue,
            uniqExact(intake_visit_id) AS intakes,
            count() AS ros
       FROM closed
      GROUP BY GROUPING SETS ((unit, month, currency), (unit, month, currency, segment))
      ORDER BY unit, month, cur, seg`,
    filterParams(filter),
  );
  const grain = grainOf(filter);
  return rows.map((r) => ({
    grain,
    unitId: r.unit,
    month: r.month,
    segment: r.seg,
    currency: r.cur,
    revenueNet: r.revenue,
    intakes: Number(r.intakes),
    closedRepairOrders: Number(r.ros),
    yieldNet: decimalRatio(r.revenue, 2, BigInt(r.intakes), 2),
  }));
}

// ───────────────────────────────────────── rework rate ─────────────────────────────────────────

export interface ReworkRateRow extends UnitMonth {
  /** ROs closed in the month (denominator) */
  readonly closedRepairOrders: number;
  /** Of them, those with a comeback RO opened within W days of their close (numerator) */
  readonly comebacks: number;
  /** comebacks ÷ closedRepairOrders × 100, half-up to 2 places; null without closed ROs */
  readonly ratePercent: string | null;
  /** W in force on the month's last day */
  readonly windowDays: number;
  /** `YYYY-MM-DD`: the month is provisional up to and including this date (last day + W) */
  readonly provisionalUntil: string;
  readonly provisional: boolean;
}

export interface ReworkRateFilter extends ServiceKpiFilter {
  /** The instant the report is made; its date in `timeZone` decides `provisional`. */
  readonly now: Date | string;
  /** Default 'UTC'. */
  readonly timeZone?: string;
}

/**
 * Rework rate (返修率) = ROs closed in the month that have a comeback RO (same fault, linked to them)
 * opened within W days after their close ÷ ROs closed in the month. The comeback is charged to the
 * original RO's branch and month, whenever it is registered; W is the `rework_window_days` setting
 * in force on the original's close date (default 30). Region figures are Σ numerators ÷ Σ
 * denominators of their branches, never a mean of branch rates. A month is provisional until W days
 * after its last day.
 */
export async function reworkRate(client: ClickHouseClient, filter: ReworkRateFilter): Promise<ReworkRateRow[]> {
  const rows = await client.query<{ unit: string; month: string; closed_ros: string; comebacks: string }>(
    `WITH ${CLOSED_ROS_CTE},
     charged AS (
       SELECT DISTINCT c.branch_id AS branch_id, c.original_repair_order_id AS repair_order_id, toStartOfMonth(c.business_date) AS month, toUInt8(1) AS has_comeback
         FROM (SELECT *, 'rework_window_days' AS setting_key FROM fact_service_comebacks AS f FINAL WHERE f.kpi_included = 1 AND ${PERIOD_AND_BRANCHES('f')}) AS c
         ASOF LEFT JOIN (SELECT key, valid_from, toInt32OrZero(value) AS window_days FROM org_kpi_settings FINAL WHERE key = 'rework_window_days') AS s
           ON c.setting_key = s.key AND c.business_date >= s.valid_from
        WHERE c.days_after_close >= 0 AND c.days_after_close <= if(s.key = '', {defaultWindow:Int32}, s.window_days)
     )
     SELECT closed.unit AS unit, formatDateTime(closed.month, '%Y-%m') AS month,
            count() AS closed_ros, countIf(charged.has_comeback = 1) AS comebacks
       FROM closed
       LEFT JOIN charged ON closed.branch_id = charged.branch_id AND closed.repair_order_id = charged.repair_order_id AND closed.month = charged.month
      GROUP BY unit, month
      ORDER BY unit, month`,
    { ...filterParams(filter), defaultWindow: DEFAULT_REWORK_WINDOW_DAYS },
  );
  const windows = await reworkWindows(client);
  const today = dateIn(filter.now, filter.timeZone ?? 'UTC');
  const grain = grainOf(filter);
  return rows.map((r) => {
    const lastDay = lastDayOfMonth(r.month);
    const windowDays = windowInForce(windows, lastDay);
    const provisionalUntil = addDays(lastDay, windowDays);
    return {
      grain,
      unitId: r.unit,
      month: r.month,
      closedRepairOrders: Number(r.closed_ros),
      comebacks: Number(r.comebacks),
      ratePercent: percent(BigInt(r.comebacks), BigInt(r.closed_ros), 2),
      windowDays,
      provisionalUntil,
      provisional: today <= provisionalUntil,
    };
  });
}

/** The rework window's history: (valid_from, days), oldest first. */
/** Every value the rework window has had, by effective date. */
export async function reworkWindows(client: ClickHouseClient): Promise<{ validFrom: string; days: number }[]> {
  const rows = await client.query<{ valid_from: string; value: string }>(
    `SELECT toString(valid_from) AS valid_from, value FROM org_kpi_settings FINAL WHERE key = 'rework_window_days' ORDER BY valid_from`,
  );
  return rows.map((r) => ({ validFrom: r.valid_from, days: Number.parseInt(r.value, 10) })).filter((w) => Number.isInteger(w.days) && w.days >= 0);
}

/** W in force on a date (the default before any setting). */
export function windowInForce(windows: readonly { validFrom: string; days: number }[], date: string): number {
  let days = DEFAULT_REWORK_WINDOW_DAYS;
  for (const w of windows) if (w.validFrom <= date) days = w.days;
  return days;
}

// ───────────────────────────────────────── CSI ─────────────────────────────────────────

export interface ServiceCsiRow extends UnitMonth {
  /** 'all', or the survey source with `bySource` */
  readonly source: string;
  readonly responses: number;
  /** Σ response scores (each exact to 6 places) */
  readonly scoreSum: string;
  /** Mean response score (0–100), half-up to 2 places; null without responses */
  readonly csi: string | null;
  /** ROs closed in the month (the response-rate denominator) */
  readonly closedRepairOrders: number;
  /** responses ÷ closed ROs × 100, half-up to 2 places; null without closed ROs */
  readonly responseRatePercent: string | null;
  readonly topBoxResponses: number;
  /** top-box responses ÷ responses × 100, half-up to 2 places; null without responses */
  readonly topBoxPercent: string | null;
}

/**
 * Service CSI of a month = mean score of the service responses whose referenced RO close falls in
 * the month, whenever the survey arrived; with the response count, the response rate (responses ÷
 * ROs closed in the month) and top-box % (overall answer at the top of its scale). Responses about
 * internal or PDI ROs are left out. A late survey restates the month it refers to.
 */
export async function serviceCsi(client: ClickHouseClient, filter: ServiceKpiFilter & { readonly bySource?: boolean }): Promise<ServiceCsiRow[]> {
  const params = { ...filterParams(filter), bySource: filter.bySource ? 1 : 0 };
  const responses = await client.query<{ unit: string; month: string; src: string; responses: string; score_sum: string; top_box: string }>(
    `SELECT ${UNIT('r.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(r.business_date), '%Y-%m') AS month,
            if({bySource:UInt8} = 1, toString(r.source), 'all') AS src,
            count() AS responses,
            sum(r.score) AS score_sum,
            sum(r.top_box) AS top_box
       FROM fact_csi_responses AS r FINAL
       ASOF LEFT JOIN ${REGION_AS_OF} AS a ON r.branch_id = a.branch_id AND r.business_date >= a.valid_from
      WHERE r.kind = 'service' AND ${PERIOD_AND_BRANCHES('r')} AND ${REGION_FILTER}
        AND assumeNotNull(r.repair_order_id) NOT IN (SELECT repair_order_id FROM fact_service_revenue FINAL WHERE kpi_included = 0)
      GROUP BY unit, month, src
      ORDER BY unit, month, src`,
    params,
  );
  const closed = await client.query<{ unit: string; month: string; ros: string }>(
    `WITH ${CLOSED_ROS_CTE}
     SELECT unit, formatDateTime(month, '%Y-%m') AS month, count() AS ros FROM closed GROUP BY unit, month`,
    params,
  );
  const denominators = closed.map((c) => ({ unit: c.unit, month: c.month, n: Number(c.ros) }));
  return csiFigures(grainOf(filter), responses, denominators, filter.bySource === true).map(({ denominator, ...row }) => ({
    ...row,
    closedRepairOrders: denominator,
  }));
}

// ───────────────────────────────────────── helpers ─────────────────────────────────────────

function str(value: string | undefined): string {
  if (value === undefined) throw new Error('missing column in a service KPI row');
  return value;
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function dateIn(now: Date | string, timeZone: string): string {
  const instant = typeof now === 'string' ? new Date(now) : now;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not an instant: ${String(now)}`);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
