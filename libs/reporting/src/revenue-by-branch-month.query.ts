import { ClickHouseClient } from '@app/clickhouse';

export interface RevenueByBranchMonthFilter {
  /** First month, `YYYY-MM`, inclusive. */
  readonly from: string;
  /** Last month, `YYYY-MM`, inclusive. */
  readonly to: string;
  readonly branchId?: string;
}

export interface RevenueByBranchMonthRow {
  readonly branchId: string;
  readonly month: string;
  readonly stream: string;
  readonly currency: string;
  /** Net revenue, exact decimal string. */
  readonly revenueNet: string;
  readonly units: number;
}

function monthStart(month: string): string {
  return `${month}-01`;
}

function monthAfter(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * Vehicle revenue by branch, month and stream, in branch currency. Reads deduplicated facts
 * (FINAL), so redelivered events never count twice. Every value is a typed parameter (bound by the
 * server driver, inlined as a typed constant by the embedded one: ADR 15). Sums come
 * back as exact decimal strings with two places (the client keeps Decimal scale).
 */
export async function revenueByBranchMonth(
  client: ClickHouseClient,
  filter: RevenueByBranchMonthFilter,
): Promise<RevenueByBranchMonthRow[]> {
  const rows = await client.query<Omit<RevenueByBranchMonthRow, 'units'> & { units: string | number }>(
    `SELECT branch_id AS branchId,
            formatDateTime(toStartOfMonth(business_date), '%Y-%m') AS month,
            revenue_stream AS stream,
            currency,
            sum(revenue_net) AS revenueNet,
            sum(units) AS units
       FROM fact_vehicle_sales FINAL
      WHERE business_date >= {from:Date} AND business_date < {until:Date}
        AND ({branchId:String} = '' OR branch_id = {branchId:String})
      GROUP BY branchId, month, stream, currency
      ORDER BY branchId, month, stream, currency`,
    { from: monthStart(filter.from), until: monthAfter(filter.to), branchId: filter.branchId ?? '' },
  );
  return rows.map((r) => ({ ...r, units: Number(r.units) }));
}
