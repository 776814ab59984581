import { ClickHouseClient } from '@app/clickhouse';
import {
  amount,
  assertRates,
  convertedSql,
  count,
  filterParams,
  grainSql,
  HAS_RATE_SQL,
  hundredths,
  key,
  KpiFilter,
  KpiRowKey,
  money,
  periodLabelSql,
  periodStartSql,
  RATE_JOIN_SQL,
  ratio,
  RawRow,
  regionAsOfJoinSql,
  runFlowQuery,
} from '../sales/kpi-query';

/** fact_parts_sales with each customer return given the customer type of the sale it reverses. */
const PARTS_SALES_SOURCE = `(
    SELECT p.*, if(p.event_type = 'PartsSold', p.customer_type, s.customer_type) AS resolved_customer_type
      FROM fact_parts_sales AS p FINAL
      LEFT JOIN (
        SELECT branch_id, document_id, any(customer_type) AS customer_type
          FROM fact_parts_sales FINAL
         WHERE event_type = 'PartsSold'
         GROUP BY branch_id, document_id
      ) AS s ON s.branch_id = p.branch_id AND s.document_id = p.original_document_id
  ) AS f`;

export interface PartsSalesRow extends KpiRowKey {
  /** The customer type asked for (retail, quick_repair_shop, other_dealer), '' without `by`. */
  readonly dimension: string;
  /** Parts counter revenue net of VAT: sales − customer returns of the period. */
  readonly revenue_net: string;
  /** Of which genuine (OEM) parts. */
  readonly genuine_revenue_net: string;
  /** Customer returns of the period (their own line), net, as a positive amount. */
  readonly returns_net: string;
  /** Cost of parts sold, net: sales − returns. */
  readonly cost_net: string;
  /** revenue_net − cost_net. */
  readonly gross_profit: string;
  /** Σ gross profit ÷ Σ revenue at this grain (4 decimals); null when revenue is 0. */
  readonly margin: string | null;
}

/**
 * Parts counter sales and margin (PartsSold lines; a customer return is negative on its own
 * business date). Parts issued to repair orders are service revenue and never here.
 */
export async function partsSales(client: ClickHouseClient, filter: KpiFilter & { readonly by?: 'customer_type' }): Promise<PartsSalesRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: PARTS_SALES_SOURCE,
    currency: 'f.currency',
    dimension: filter.by === 'customer_type' ? 'f.resolved_customer_type' : undefined,
    measures: [
      { name: 'revenue_net', sql: 'sum(f.revenue_net)', kind: 'money' },
      { name: 'genuine_revenue_net', sql: 'sumIf(f.revenue_net, f.genuine)', kind: 'money' },
      { name: 'returns_net', sql: "-sumIf(f.revenue_net, f.event_type = 'PartsReturned')", kind: 'money' },
      { name: 'cost_net', sql: 'sum(f.cost_net)', kind: 'money' },
    ],
  });
  return rows.map((r) => {
    const revenue = amount(r.revenue_net);
    const profit = money(hundredths(revenue) - hundredths(amount(r.cost_net)));
    return {
      ...key(r),
      dimension: String(r.dimension),
      revenue_net: revenue,
      genuine_revenue_net: amount(r.genuine_revenue_net),
      returns_net: amount(r.returns_net),
      cost_net: amount(r.cost_net),
      gross_profit: profit,
      margin: ratio(profit, revenue),
    };
  });
}

export interface PartsPurchasesRow extends KpiRowKey {
  /** Genuine-parts purchases: cost net of genuine goods received − genuine returns to suppliers. */
  readonly genuine_purchases_net: string;
  /** All purchases the same way. */
  readonly purchases_net: string;
}

/** Genuine-parts purchases (and all purchases) at cost, net, on the receipt's / return's business date. */
export async function genuinePartsPurchases(client: ClickHouseClient, filter: KpiFilter): Promise<PartsPurchasesRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_parts_purchases AS f FINAL',
    currency: 'f.currency',
    measures: [
      { name: 'genuine_purchases_net', sql: 'sumIf(f.cost_net, f.genuine)', kind: 'money' },
      { name: 'purchases_net', sql: 'sum(f.cost_net)', kind: 'money' },
    ],
  });
  return rows.map((r) => ({ ...key(r), genuine_purchases_net: amount(r.genuine_purchases_net), purchases_net: amount(r.purchases_net) }));
}

export interface AccessorySalesRow extends KpiRowKey {
  /** Accessory revenue net of VAT. */
  readonly revenue_net: string;
  readonly cost_net: string;
  readonly gross_profit: string;
  /** Σ gross profit ÷ Σ revenue (4 decimals); null when revenue is 0. */
  readonly margin: string | null;
}

/** Accessory sales (not parts counter revenue), on the sale's business date. */
export async function accessorySales(client: ClickHouseClient, filter: KpiFilter): Promise<AccessorySalesRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_accessory_sales AS f FINAL',
    currency: 'f.currency',
    measures: [
      { name: 'revenue_net', sql: 'sum(f.revenue_net)', kind: 'money' },
      { name: 'cost_net', sql: 'sum(f.cost_net)', kind: 'money' },
    ],
  });
  return rows.map((r) => {
    const revenue = amount(r.revenue_net);
    const profit = money(hundredths(revenue) - hundredths(amount(r.cost_net)));
    return { ...key(r), revenue_net: revenue, cost_net: amount(r.cost_net), gross_profit: profit, margin: ratio(profit, revenue) };
  });
}

export interface TransfersRow extends KpiRowKey {
  /** Value at cost dispatched to other branches. */
  readonly transfers_out_net: string;
  /** Value at cost received from other branches. */
  readonly transfers_in_net: string;
}

/** Inter-branch transfers at cost: not revenue; at group grain, out and in of completed transfers cancel out. */
export async function interBranchTransfers(client: ClickHouseClient, filter: KpiFilter): Promise<TransfersRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_parts_transfers AS f FINAL',
    currency: 'f.currency',
    measures: [
      { name: 'transfers_out_net', sql: "sumIf(f.value_net, f.direction = 'out')", kind: 'money' },
      { name: 'transfers_in_net', sql: "sumIf(f.value_net, f.direction = 'in')", kind: 'money' },
    ],
  });
  return rows.map((r) => ({ ...key(r), transfers_out_net: amount(r.transfers_out_net), transfers_in_net: amount(r.transfers_in_net) }));
}

export interface StockRow extends KpiRowKey {
  /** The latest snapshot month used (`YYYY-MM`), the latest over the branches summed. */
  readonly as_of_month: string;
  /** Branches whose snapshot is in the figure. */
  readonly branches: number;
  /** Stock value at cost, net. */
  readonly stock_value_net: string;
  readonly aged_0_90_net: string;
  readonly aged_91_180_net: string;
  readonly aged_181_365_net: string;
  readonly aged_over_365_net: string;
}

/**
 * Month-end stock value and aged stock: a state, never summed over months. A month's figure is
 * that month's snapshot; a quarter's or year's is, per branch, the snapshot of the latest month of
 * the period (within the filter) that the branch has one for, normally the period's last month.
 * Regions and the group sum their branches' snapshots (one per branch). Region = the branch's
 * region on the snapshot's month end; consolidation at the snapshot month's rate.
 */
export async function monthEndStock(client: ClickHouseClient, filter: KpiFilter): Promise<StockRow[]> {
  const period = filter.period ?? 'month';
  const grain = filter.grain ?? 'branch';
  const consolidated = filter.groupCurrency !== undefined;
  const { params, branchCondition } = filterParams(filter, 's');
  const values = ['total_value_net', 'aged_0_90_net', 'aged_91_180_net', 'aged_181_365_net', 'aged_over_365_net'];
  const sums = values.map((v) => (consolidated ? `sum(${convertedSql(`b.${v}`)}) AS ${v}` : `sum(b.${v}) AS ${v}`)).join(',\n       ');
  const sql = `
SELECT ${periodLabelSql(period, 'b.month')} AS period,
       ${grainSql(grain, 'b.branch_id', 'b.region_id')} AS grain_id,
       ${consolidated ? '{group_currency:String}' : 'b.currency'} AS currency,
       ${consolidated ? `min(${HAS_RATE_SQL})` : 'toUInt8(1)'} AS has_rate,
       formatDateTime(max(b.month), '%Y-%m') AS as_of_month,
       count() AS branches,
       ${sums}
  FROM (
    SELECT s.branch_id AS branch_id, a.region_id AS region_id, s.snapshot_month AS month, s.currency AS currency,
           ${values.map((v) => `s.${v} AS ${v}`).join(', ')}
      FROM (SELECT *, toLastDayOfMonth(snapshot_month) AS month_end FROM fact_parts_stock_snapshots FINAL) AS s
      ${regionAsOfJoinSql('s', 'month_end')}
     WHERE s.snapshot_month >= {from_date:Date} AND s.snapshot_month < {to_date:Date}${branchCondition}
     ORDER BY s.snapshot_month DESC
     LIMIT 1 BY s.branch_id, ${periodStartSql(period, 's.snapshot_month')}
  ) AS b
  ${consolidated ? RATE_JOIN_SQL : ''}
 GROUP BY period, grain_id, currency
 ORDER BY period, grain_id, currency`;
  const rows = await client.query<RawRow>(sql, params);
  assertRates(rows, filter);
  return rows.map((r) => ({
    ...key(r),
    as_of_month: String(r.as_of_month),
    branches: count(r.branches),
    stock_value_net: amount(r.total_value_net),
    aged_0_90_net: amount(r.aged_0_90_net),
    aged_91_180_net: amount(r.aged_91_180_net),
    aged_181_365_net: amount(r.aged_181_365_net),
    aged_over_365_net: amount(r.aged_over_365_net),
  }));
}
