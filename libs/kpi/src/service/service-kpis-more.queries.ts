import { ClickHouseClient } from '@app/clickhouse';
import { csiFigures } from './csi-rows';
import { divide, percent, scaled } from './decimal';
import { filterParams, grainOf, PERIOD_AND_BRANCHES, REGION_AS_OF, REGION_FILTER, ServiceKpiFilter, UNIT, UnitMonth } from './service-kpi.filter';

const MS_PER_DAY = 86_400_000n;

/** `{alias}` joined to the region its branch belonged to on `{alias}.business_date`, filtered by period, branches and regions. */
const FROM_WITH_REGION = (table: string, alias: string, final = true) =>
  `${table} AS ${alias}${final ? ' FINAL' : ''}
       ASOF LEFT JOIN ${REGION_AS_OF} AS a ON ${alias}.branch_id = a.branch_id AND ${alias}.business_date >= a.valid_from`;

// ───────────────────────────────────────── hours, labour rate, efficiency ─────────────────────────────────────────

interface HoursRow {
  unit: string;
  month: string;
  cur: string;
  labour_net: string;
  sold_hours: string;
  clocked_hours: string;
}

/**
 * Labour net and sold/clocked hours of KPI ROs (internal and PDI excluded) by unit, month and
 * currency: each close's totals on its business date, minus each reopen's reversed totals on the
 * reopen's business date (the same rows as service revenue, so labour revenue and hours always
 * describe the same repair orders).
 */
async function labourHours(client: ClickHouseClient, filter: ServiceKpiFilter): Promise<HoursRow[]> {
  return client.query<HoursRow>(
    `SELECT ${UNIT('f.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(f.business_date), '%Y-%m') AS month,
            toString(f.currency) AS cur,
            sum(f.labour_net) AS labour_net,
            sum(f.sold_hours) AS sold_hours,
            sum(f.clocked_hours) AS clocked_hours
       FROM ${FROM_WITH_REGION('fact_service_revenue', 'f')}
      WHERE f.kpi_included = 1 AND ${PERIOD_AND_BRANCHES('f')} AND ${REGION_FILTER}
      GROUP BY unit, month, cur
      ORDER BY unit, month, cur`,
    filterParams(filter),
  );
}

export interface HoursSoldRow extends UnitMonth {
  /** Σ sold hours of the ROs closed in the month, net of reopen reversals (2 places) */
  readonly soldHours: string;
  /** Σ clocked hours of the same rows (2 places) */
  readonly clockedHours: string;
}

/** Hours sold (售出工时) = Σ sold hours of KPI ROs closed in the month (reopen reversals on the reopen's date). */
export async function hoursSold(client: ClickHouseClient, filter: ServiceKpiFilter): Promise<HoursSoldRow[]> {
  const rows = await labourHours(client, filter);
  const by = new Map<string, { unit: string; month: string; sold: bigint; clocked: bigint }>();
  for (const r of rows) {
    const key = `${r.unit}\u0000${r.month}`;
    const acc = by.get(key) ?? { unit: r.unit, month: r.month, sold: 0n, clocked: 0n };
    acc.sold += scaled(r.sold_hours, 2);
    acc.clocked += scaled(r.clocked_hours, 2);
    by.set(key, acc);
  }
  const grain = grainOf(filter);
  return [...by.values()].map((r) => ({ grain, unitId: r.unit, month: r.month, soldHours: hoursText(r.sold), clockedHours: hoursText(r.clocked) }));
}

export interface EffectiveLabourRateRow extends UnitMonth {
  readonly currency: string;
  /** Labour revenue net (numerator) */
  readonly labourNet: string;
  /** Hours sold (denominator) */
  readonly soldHours: string;
  /** labourNet ÷ soldHours, half-up to 2 places; null without hours sold */
  readonly ratePerHour: string | null;
}

/**
 * Effective labour rate (有效工时单价) = labour revenue net ÷ hours sold, both from the same RO
 * rows (closes in the month, minus reopen reversals in the month), per currency at region grain.
 */
export async function effectiveLabourRate(client: ClickHouseClient, filter: ServiceKpiFilter): Promise<EffectiveLabourRateRow[]> {
  const rows = await labourHours(client, filter);
  const grain = grainOf(filter);
  return rows.map((r) => ({
    grain,
    unitId: r.unit,
    month: r.month,
    currency: r.cur,
    labourNet: r.labour_net,
    soldHours: r.sold_hours,
    ratePerHour: divide(scaled(r.labour_net, 2), scaled(r.sold_hours, 2), 2),
  }));
}

export interface TechnicianEfficiencyRow extends UnitMonth {
  /** The technician with `byTechnician`; 'all' for the unit's total */
  readonly technicianId: string;
  readonly soldHours: string;
  readonly clockedHours: string;
  /** soldHours ÷ clockedHours × 100, half-up to 2 places; null without clocked hours */
  readonly efficiencyPercent: string | null;
}

/**
 * Technician efficiency (技师效率) = hours sold ÷ hours clocked of the ROs closed in the month
 * (internal and PDI excluded; a reopen takes its close's hours back on the reopen's date).
 *
 * Unit rows (technicianId 'all') come from the RO totals at close. With `byTechnician`, each RO
 * close (and the reopen reversing it) is split into the labour lines posted to the RO before that
 * close, by the line's technician: Σ sold ÷ Σ clocked per technician; a region or team total is Σ ÷ Σ,
 * never a mean of technicians' percentages.
 */
export async function technicianEfficiency(client: ClickHouseClient, filter: ServiceKpiFilter & { readonly byTechnician?: boolean }): Promise<TechnicianEfficiencyRow[]> {
  const grain = grainOf(filter);
  const row = (unit: string, month: string, technicianId: string, sold: bigint, clocked: bigint): TechnicianEfficiencyRow => ({
    grain,
    unitId: unit,
    month,
    technicianId,
    soldHours: hoursText(sold),
    clockedHours: hoursText(clocked),
    efficiencyPercent: divide(sold * 100n, clocked, 2),
  });
  if (!filter.byTechnician) {
    return (await hoursSold(client, filter)).map((r) => row(r.unitId, r.month, 'all', scaled(r.soldHours, 2), scaled(r.clockedHours, 2)));
  }
  const rows = await client.query<{ unit: string; month: string; technician_id: string; sold_hours: string; clocked_hours: string }>(
    `WITH ro AS (
       SELECT f.branch_id AS branch_id, f.repair_order_id AS repair_order_id, f.business_date AS business_date,
              f.sign AS sign, f.close_sequence AS close_sequence
         FROM fact_service_revenue AS f FINAL
        WHERE f.kpi_included = 1 AND ${PERIOD_AND_BRANCHES('f')}
     ),
     closes AS (
       SELECT c.branch_id AS branch_id, c.repair_order_id AS repair_order_id, c.close_sequence AS close_sequence,
              c.global_position AS close_position
         FROM fact_service_revenue AS c FINAL
        WHERE c.event_type = 'RepairOrderClosed' AND c.repair_order_id IN (SELECT repair_order_id FROM ro)
     ),
     recognised AS (
       SELECT ro.branch_id AS branch_id, ro.repair_order_id AS repair_order_id, ro.business_date AS business_date,
              ro.sign AS sign, closes.close_position AS close_position
         FROM ro
        INNER JOIN closes ON ro.branch_id = closes.branch_id AND ro.repair_order_id = closes.repair_order_id AND ro.close_sequence = closes.close_sequence
     ),
     line_hours AS (
       SELECT r.branch_id AS branch_id, r.business_date AS business_date, l.technician_id AS technician_id,
              r.sign * l.sold_hours AS sold, r.sign * l.clocked_hours AS clocked
         FROM recognised AS r
        INNER JOIN (SELECT * FROM fact_service_labour_lines FINAL WHERE repair_order_id IN (SELECT repair_order_id FROM ro)) AS l
           ON r.branch_id = l.branch_id AND r.repair_order_id = l.repair_order_id
        WHERE l.global_position < r.close_position
     )
     SELECT ${UNIT('h.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(h.business_date), '%Y-%m') AS month,
            h.technician_id AS technician_id,
            sum(h.sold) AS sold_hours,
            sum(h.clocked) AS clocked_hours
       FROM ${FROM_WITH_REGION('line_hours', 'h', false)}
      WHERE ${REGION_FILTER}
      GROUP BY unit, month, technician_id
      ORDER BY unit, month, technician_id`,
    filterParams(filter),
  );
  return rows.map((r) => row(r.unit, r.month, r.technician_id, scaled(r.sold_hours, 2), scaled(r.clocked_hours, 2)));
}

// ───────────────────────────────────────── warranty ─────────────────────────────────────────

export interface WarrantyApprovalRow extends UnitMonth {
  /** Claims decided in the month (denominator) */
  readonly decided: number;
  readonly approved: number;
  readonly partiallyApproved: number;
  readonly rejected: number;
  /** (approved + partially approved) ÷ decided × 100, half-up to 2 places; null without decisions */
  readonly approvalRatePercent: string | null;
}

/** Warranty approval rate (索赔通过率) = claims decided in the month approved or partially approved ÷ claims decided in the month. */
export async function warrantyApprovalRate(client: ClickHouseClient, filter: ServiceKpiFilter): Promise<WarrantyApprovalRow[]> {
  const rows = await client.query<{ unit: string; month: string; decided: string; approved: string; partial: string; rejected: string }>(
    `SELECT ${UNIT('w.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(w.business_date), '%Y-%m') AS month,
            count() AS decided,
            countIf(w.decision = 'approved') AS approved,
            countIf(w.decision = 'partially_approved') AS partial,
            countIf(w.decision = 'rejected') AS rejected
       FROM ${FROM_WITH_REGION('fact_warranty_decisions', 'w')}
      WHERE ${PERIOD_AND_BRANCHES('w')} AND ${REGION_FILTER}
      GROUP BY unit, month
      ORDER BY unit, month`,
    filterParams(filter),
  );
  const grain = grainOf(filter);
  return rows.map((r) => ({
    grain,
    unitId: r.unit,
    month: r.month,
    decided: Number(r.decided),
    approved: Number(r.approved),
    partiallyApproved: Number(r.partial),
    rejected: Number(r.rejected),
    approvalRatePercent: percent(BigInt(r.approved) + BigInt(r.partial), BigInt(r.decided), 2),
  }));
}

// ───────────────────────────────────────── complaints ─────────────────────────────────────────

export type ComplaintFilter = ServiceKpiFilter & { readonly byKind?: boolean };

export interface ComplaintsRow extends UnitMonth {
  /** 'all', or service | sales with `byKind` */
  readonly kind: string;
  /** ComplaintLogged events in the month */
  readonly complaints: number;
}

/** Complaints (投诉数) = number of complaints logged in the month (on the logging's business date). */
export async function complaints(client: ClickHouseClient, filter: ComplaintFilter): Promise<ComplaintsRow[]> {
  const rows = await client.query<{ unit: string; month: string; kind: string; n: string }>(
    `SELECT ${UNIT('c.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(c.business_date), '%Y-%m') AS month,
            if({byKind:UInt8} = 1, toString(c.kind), 'all') AS kind,
            count() AS n
       FROM ${FROM_WITH_REGION('fact_complaints', 'c')}
      WHERE c.event_type = 'ComplaintLogged' AND ${PERIOD_AND_BRANCHES('c')} AND ${REGION_FILTER}
      GROUP BY unit, month, kind
      ORDER BY unit, month, kind`,
    { ...filterParams(filter), byKind: filter.byKind ? 1 : 0 },
  );
  const grain = grainOf(filter);
  return rows.map((r) => ({ grain, unitId: r.unit, month: r.month, kind: r.kind, complaints: Number(r.n) }));
}

export interface ComplaintResolutionRow extends UnitMonth {
  readonly kind: string;
  /** Complaints resolved in the month (denominator) */
  readonly resolved: number;
  /** Σ (resolved − logged) in days, half-up to 6 places */
  readonly totalDays: string;
  /** Mean (resolved − logged) in days with fractions, half-up to 2 places; null without resolutions */
  readonly meanDays: string | null;
}

/** Complaint resolution time (投诉平均解决天数) = mean of (resolved − logged) in days, over complaints resolved in the month. */
export async function complaintResolutionDays(client: ClickHouseClient, filter: ComplaintFilter): Promise<ComplaintResolutionRow[]> {
  const rows = await client.query<{ unit: string; month: string; kind: string; n: string; ms: string }>(
    `SELECT ${UNIT('c.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(c.business_date), '%Y-%m') AS month,
            if({byKind:UInt8} = 1, toString(c.kind), 'all') AS kind,
            count() AS n,
            toString(sum(c.resolution_ms)) AS ms
       FROM ${FROM_WITH_REGION('fact_complaints', 'c')}
      WHERE c.event_type = 'ComplaintResolved' AND ${PERIOD_AND_BRANCHES('c')} AND ${REGION_FILTER}
      GROUP BY unit, month, kind
      ORDER BY unit, month, kind`,
    { ...filterParams(filter), byKind: filter.byKind ? 1 : 0 },
  );
  const grain = grainOf(filter);
  return rows.map((r) => {
    const n = BigInt(r.n);
    const ms = BigInt(r.ms);
    return {
      grain,
      unitId: r.unit,
      month: r.month,
      kind: r.kind,
      resolved: Number(r.n),
      totalDays: divide(ms, MS_PER_DAY, 6) ?? '0.000000',
      meanDays: divide(ms, n * MS_PER_DAY, 2),
    };
  });
}

// ───────────────────────────────────────── sales CSI ─────────────────────────────────────────

export interface SalesCsiRow extends UnitMonth {
  /** 'all', or the survey source with `bySource` */
  readonly source: string;
  readonly responses: number;
  /** Σ response scores (each exact to 6 places) */
  readonly scoreSum: string;
  /** Mean response score (0–100), half-up to 2 places; null without responses */
  readonly csi: string | null;
  /** Vehicles delivered in the month (fact_vehicle_sales rows with units > 0): the response-rate denominator */
  readonly deliveries: number;
  /** responses ÷ deliveries × 100, half-up to 2 places; null without deliveries */
  readonly responseRatePercent: string | null;
  readonly topBoxResponses: number;
  /** top-box responses ÷ responses × 100, half-up to 2 places; null without responses */
  readonly topBoxPercent: string | null;
}

/**
 * Sales CSI of a month = mean score of the sales responses whose delivery falls in the month,
 * whenever the survey arrived (a late survey restates the delivery's month); with the response
 * count, the response rate (responses ÷ deliveries of the month) and top-box %.
 */
export async function salesCsi(client: ClickHouseClient, filter: ServiceKpiFilter & { readonly bySource?: boolean }): Promise<SalesCsiRow[]> {
  const params = { ...filterParams(filter), bySource: filter.bySource ? 1 : 0 };
  const responses = await client.query<{ unit: string; month: string; src: string; responses: string; score_sum: string; top_box: string }>(
    `SELECT ${UNIT('r.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(r.business_date), '%Y-%m') AS month,
            if({bySource:UInt8} = 1, toString(r.source), 'all') AS src,
            count() AS responses,
            sum(r.score) AS score_sum,
            sum(r.top_box) AS top_box
       FROM ${FROM_WITH_REGION('fact_csi_responses', 'r')}
      WHERE r.kind = 'sales' AND ${PERIOD_AND_BRANCHES('r')} AND ${REGION_FILTER}
      GROUP BY unit, month, src
      ORDER BY unit, month, src`,
    params,
  );
  const deliveries = await client.query<{ unit: string; month: string; n: string }>(
    `SELECT ${UNIT('v.branch_id')} AS unit,
            formatDateTime(toStartOfMonth(v.business_date), '%Y-%m') AS month,
            count() AS n
       FROM ${FROM_WITH_REGION('fact_vehicle_sales', 'v')}
      WHERE v.units > 0 AND ${PERIOD_AND_BRANCHES('v')} AND ${REGION_FILTER}
      GROUP BY unit, month`,
    params,
  );
  const denominators = deliveries.map((d) => ({ unit: d.unit, month: d.month, n: Number(d.n) }));
  return csiFigures(grainOf(filter), responses, denominators, filter.bySource === true).map(({ denominator, ...row }) => ({
    ...row,
    deliveries: denominator,
  }));
}

// ───────────────────────────────────────── helpers ─────────────────────────────────────────

/** Hundredths of an hour as a two-place decimal string. */
function hoursText(hundredths: bigint): string {
  return divide(hundredths, 100n, 2) ?? '0.00';
}
