import { ClickHouseClient } from '@app/clickhouse';
import {
  amount,
  assertRates,
  count,
  filterParams,
  grainSql,
  hundredths,
  key,
  KpiFilter,
  KpiRowKey,
  money,
  periodLabelSql,
  periodStartSql,
  ratio,
  RawRow,
  regionAsOfJoinSql,
  runFlowQuery,
} from './kpi-query';

export interface VehicleSalesFilter extends KpiFilter {
  /** Only new or only used vehicles (default both). */
  readonly stream?: 'new_vehicle' | 'used_vehicle';
}

export interface VehicleSalesRow extends KpiRowKey {
  /** Vehicles delivered in the period. */
  readonly units_delivered: number;
  /** Vehicles returned (退车) in the period, on the return's business date. */
  readonly units_returned: number;
  /** units_delivered − units_returned. */
  readonly net_units: number;
  /** Vehicle revenue net of VAT: deliveries − returns of the period. */
  readonly revenue_net: string;
  /** The returns line (退货额): net invoice amount taken back by the period's returns, as a positive amount. */
  readonly returns_net: string;
  /** Cost of vehicles sold, net: deliveries' cost − returns' cost. */
  readonly cost_net: string;
  /** revenue_net − cost_net. */
  readonly gross_profit: string;
  /** Σ gross profit ÷ Σ revenue at this grain (4 decimals, 0.1000 = 10 %); null when revenue is 0. */
  readonly margin: string | null;
}

/**
 * Units delivered and returned, vehicle revenue, the returns line, gross profit and margin, from
 * fact_vehicle_sales (deliveries +, returns − on the return's business date).
 */
export async function vehicleSales(client: ClickHouseClient, filter: VehicleSalesFilter): Promise<VehicleSalesRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_vehicle_sales AS f FINAL',
    currency: 'f.currency',
    where: filter.stream ? 'f.revenue_stream = {stream:String}' : undefined,
    whereParams: filter.stream ? { stream: filter.stream } : undefined,
    measures: [
      { name: 'units_delivered', sql: 'sumIf(toInt64(f.units), f.units > 0)', kind: 'count' },
      { name: 'units_returned', sql: '-sumIf(toInt64(f.units), f.units < 0)', kind: 'count' },
      { name: 'revenue_net', sql: 'sum(f.revenue_net)', kind: 'money' },
      { name: 'returns_net', sql: "-sumIf(f.revenue_net, f.event_type = 'VehicleReturned')", kind: 'money' },
      { name: 'cost_net', sql: 'sum(f.cost_net)', kind: 'money' },
    ],
  });
  return rows.map((r) => {
    const revenue = amount(r.revenue_net);
    const profit = money(hundredths(revenue) - hundredths(amount(r.cost_net)));
    return {
      ...key(r),
      units_delivered: count(r.units_delivered),
      units_returned: count(r.units_returned),
      net_units: count(r.units_delivered) - count(r.units_returned),
      revenue_net: revenue,
      returns_net: amount(r.returns_net),
      cost_net: amount(r.cost_net),
      gross_profit: profit,
      margin: ratio(profit, revenue),
    };
  });
}

export interface CollectionsRow extends KpiRowKey {
  /** Gross (cash) amounts received, by kind; refunds negative. */
  readonly deposit_gross: string;
  readonly balance_gross: string;
  readonly loan_gross: string;
  readonly refund_gross: string;
  /** Collections (回款) = deposits + balances + loan payouts − refunds, gross: the cash received. */
  readonly collections_gross: string;
  /** The same net of VAT. */
  readonly collections_net: string;
}

/** Collections (回款) on the payment's business date: never revenue. */
export async function salesCollections(client: ClickHouseClient, filter: KpiFilter): Promise<CollectionsRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_sales_collections AS f FINAL',
    currency: 'f.currency',
    measures: [
      { name: 'deposit_gross', sql: "sumIf(f.amount_gross, f.kind = 'deposit')", kind: 'money' },
      { name: 'balance_gross', sql: "sumIf(f.amount_gross, f.kind = 'balance')", kind: 'money' },
      { name: 'loan_gross', sql: "sumIf(f.amount_gross, f.kind = 'loan')", kind: 'money' },
      { name: 'refund_gross', sql: "sumIf(f.amount_gross, f.kind = 'refund')", kind: 'money' },
      { name: 'collections_gross', sql: 'sum(f.amount_gross)', kind: 'money' },
      { name: 'collections_net', sql: 'sum(f.amount_net)', kind: 'money' },
    ],
  });
  return rows.map((r) => ({
    ...key(r),
    deposit_gross: amount(r.deposit_gross),
    balance_gross: amount(r.balance_gross),
    loan_gross: amount(r.loan_gross),
    refund_gross: amount(r.refund_gross),
    collections_gross: amount(r.collections_gross),
    collections_net: amount(r.collections_net),
  }));
}

export interface LeadsRow extends KpiRowKey {
  /** The lead source or customer segment asked for ('' without `by`). */
  readonly dimension: string;
  /** Leads created in the period (LeadCreated, by business date). */
  readonly leads: number;
}

/** Leads created in the period, optionally split by source or segment. */
export async function salesLeads(client: ClickHouseClient, filter: KpiFilter & { readonly by?: 'source' | 'segment' }): Promise<LeadsRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_sales_leads AS f FINAL',
    currency: null,
    dimension: filter.by === 'source' ? 'f.source' : filter.by === 'segment' ? 'f.segment' : undefined,
    measures: [{ name: 'leads', sql: 'count()', kind: 'count' }],
  });
  return rows.map((r) => ({ ...key(r), dimension: String(r.dimension), leads: count(r.leads) }));
}

export interface TestDrivesRow extends KpiRowKey {
  /** Test drives completed in the period. */
  readonly test_drives: number;
}

export async function salesTestDrives(client: ClickHouseClient, filter: KpiFilter): Promise<TestDrivesRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_sales_test_drives AS f FINAL',
    currency: null,
    measures: [{ name: 'test_drives', sql: 'count()', kind: 'count' }],
  });
  return rows.map((r) => ({ ...key(r), test_drives: count(r.test_drives) }));
}

export interface OrdersRow extends KpiRowKey {
  /** Orders signed in the period (a later cancellation does not take it back). */
  readonly orders_signed: number;
  /** Orders cancelled in the period (on the cancellation's business date, whenever signed). */
  readonly orders_cancelled: number;
}

export async function salesOrders(client: ClickHouseClient, filter: KpiFilter): Promise<OrdersRow[]> {
  const rows = await runFlowQuery(client, filter, {
    from: 'fact_sales_orders AS f FINAL',
    currency: null,
    measures: [
      { name: 'orders_signed', sql: 'sum(toUInt64(f.orders_signed))', kind: 'count' },
      { name: 'orders_cancelled', sql: 'sum(toUInt64(f.orders_cancelled))', kind: 'count' },
    ],
  });
  return rows.map((r) => ({ ...key(r), orders_signed: count(r.orders_signed), orders_cancelled: count(r.orders_cancelled) }));
}

export interface LeadConversionRow extends KpiRowKey {
  /** Leads created in the period. */
  readonly leads: number;
  /** Of those, leads with at least one order signed (same branch, lead id) in the same period. */
  readonly converted_leads: number;
  /** converted_leads ÷ leads (4 decimals); null without leads. */
  readonly conversion_rate: string | null;
}

/**
 * Lead → order conversion of a period P (month, quarter or year) at a branch:
 *
 *   leads created in P (LeadCreated business date in P)
 *   that have at least one OrderSigned of the same branch referencing the lead (leadId) whose
 *   business date is also in P
 *   ÷ leads created in P.
 *
 * Numerator and denominator are the same set of leads (a lead counts once, however many orders it
 * has), so the rate is at most 100 %. A lead of 31 January converted on 2 February is not
 * converted in January's month figure, but is in the quarter's. An order cancelled later still
 * converted its lead (cancellations are their own figure). Orders without a lead are not in it.
 * Attributed to the lead's branch and its region on the lead's business date. Regions and the
 * group: Σ converted ÷ Σ leads.
 */
export async function leadConversion(client: ClickHouseClient, filter: KpiFilter): Promise<LeadConversionRow[]> {
  const period = filter.period ?? 'month';
  const grain = filter.grain ?? 'branch';
  const { params, branchCondition } = filterParams({ ...filter, groupCurrency: undefined }, 'l');
  const sql = `
SELECT ${periodLabelSql(period, 'c.period_start')} AS period,
       ${grainSql(grain, 'c.branch_id', 'c.region_id')} AS grain_id,
       '' AS currency,
       toUInt8(1) AS has_rate,
       count() AS leads,
       countIf(c.converted) AS converted_leads
  FROM (
    SELECT l.branch_id AS branch_id, a.region_id AS region_id,
           ${periodStartSql(period, 'l.business_date')} AS period_start,
           has(o.order_periods, period_start) AS converted
      FROM fact_sales_leads AS l FINAL
      ${regionAsOfJoinSql('l', 'business_date')}
      LEFT JOIN (
        SELECT branch_id, assumeNotNull(lead_id) AS lead_id, groupArray(${periodStartSql(period, 'business_date')}) AS order_periods
          FROM fact_sales_orders FINAL
         WHERE event_type = 'OrderSigned' AND lead_id IS NOT NULL
         GROUP BY branch_id, lead_id
      ) AS o ON o.branch_id = l.branch_id AND o.lead_id = l.lead_id
     WHERE l.business_date >= {from_date:Date} AND l.business_date < {to_date:Date}${branchCondition}
  ) AS c
 GROUP BY period, grain_id
 ORDER BY period, grain_id`;
  const rows = await client.query<RawRow>(sql, params);
  assertRates(rows, filter);
  return rows.map((r) => ({
    ...key(r),
    leads: count(r.leads),
    converted_leads: count(r.converted_leads),
    conversion_rate: ratio(count(r.converted_leads), count(r.leads)),
  }));
}
