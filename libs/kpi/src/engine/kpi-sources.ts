import { closedRepairOrders, ComponentContext, dec, flow, inRange, regionAsOf, union, ZERO } from './component-sql';

/**
 * The SQL of every measured catalogue KPI: its components (see component-sql.ts). `money` says which
 * parts are money in the branch currency (converted when consolidating into the group currency).
 * The plan KPIs (attainment, plan progress, growth) are computed from these and the targets.
 */
export interface KpiSource {
  readonly components: (ctx: ComponentContext) => string;
  readonly money: { readonly num: boolean; readonly den: boolean };
  /** Buckets the definition makes sense for (default: all). */
  readonly buckets?: readonly ('day' | 'week' | 'month' | 'quarter' | 'year')[];
}

const MONEY = { num: true, den: false } as const;
const MONEY_RATIO = { num: true, den: true } as const;
const COUNTS = { num: false, den: false } as const;

const vehicle = (num: string, den?: string, money = true): KpiSource => ({
  components: flow({ table: 'fact_vehicle_sales', num, den, currency: money ? 'f.currency' : undefined }),
  money: money ? (den ? MONEY_RATIO : MONEY) : COUNTS,
});

const KPI_ROS = 'f.kpi_included = 1';
const serviceMoney = (num: string, where?: string): KpiSource => ({
  components: flow({ table: 'fact_service_revenue', num, where: where ? `${KPI_ROS} AND ${where}` : KPI_ROS, currency: 'f.currency' }),
  money: MONEY,
});

/** Parts counter sales: PartsSold lines and customer returns (negative), never RO issues. */
const partsSales = (num: string, den?: string): KpiSource => ({
  components: flow({ table: 'fact_parts_sales', num, den, currency: 'f.currency' }),
  money: den ? MONEY_RATIO : MONEY,
});

const count = (table: string, where?: string): KpiSource => ({ components: flow({ table, num: 'count()', where }), money: COUNTS });

/**
 * Service CSI responses: business_date = the RO close they refer to. Responses about internal and
 * PDI repair orders are left out, like those ROs themselves.
 */
const CSI_SERVICE = `f.kind = 'service' AND (f.branch_id, assumeNotNull(f.repair_order_id)) NOT IN (SELECT branch_id, repair_order_id FROM fact_service_revenue FINAL WHERE kpi_included = 0)`;

/** Rework: closed ROs (den) and those with a comeback opened within W days of their close (num). */
function rework(ctx: ComponentContext): string {
  return `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, '' AS currency,
           ${dec('countIf(k.has_comeback = 1)')} AS num, ${dec('count()')} AS den
      FROM ${closedRepairOrders(ctx)} AS c
      LEFT JOIN (
        SELECT DISTINCT cb.branch_id AS branch_id, cb.original_repair_order_id AS repair_order_id,
               ${ctx.b('cb.business_date')} AS bucket, toUInt8(1) AS has_comeback
          FROM (SELECT *, 'rework_window_days' AS setting_key FROM ${ctx.facts('fact_service_comebacks')} AS f WHERE f.kpi_included = 1 AND ${inRange('f')}) AS cb
          ASOF LEFT JOIN (SELECT key, valid_from, toInt32OrZero(value) AS window_days FROM org_kpi_settings FINAL WHERE key = 'rework_window_days') AS s
            ON cb.setting_key = s.key AND cb.business_date >= s.valid_from
         WHERE cb.days_after_close >= 0 AND cb.days_after_close <= if(s.key = '', {default_rework_window:Int32}, s.window_days)
      ) AS k ON k.branch_id = c.branch_id AND k.repair_order_id = c.repair_order_id AND k.bucket = c.bucket
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

/** Per-vehicle yield: revenue of the ROs closed in the bucket ÷ distinct intake visits behind them. */
function perVehicleYield(ctx: ComponentContext): string {
  return `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, c.currency AS currency,
           ${dec('sum(c.revenue_net)')} AS num, ${dec('uniqExact(c.intake_visit_id)')} AS den
      FROM ${closedRepairOrders(ctx)} AS c
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

function vehicleIntakes(ctx: ComponentContext): string {
  return `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, '' AS currency,
           ${dec('uniqExact(c.intake_visit_id)')} AS num, ${ZERO} AS den
      FROM ${closedRepairOrders(ctx)} AS c
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

/** Closed ROs of the bucket as a denominator (for response rates). */
function closedRosAsDenominator(ctx: ComponentContext): string {
  return `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, '' AS currency,
           ${ZERO} AS num, ${dec('count()')} AS den
      FROM ${closedRepairOrders(ctx)} AS c
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

/** Lead → order conversion: leads of the bucket with an order signed in the same bucket ÷ leads of the bucket. */
function leadConversion(ctx: ComponentContext): string {
  return `
    SELECT l.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('l.business_date')} AS bucket,
           toStartOfMonth(l.business_date) AS month, '' AS currency,
           ${dec(`countIf(has(o.order_buckets, ${ctx.b('l.business_date')}))`)} AS num, ${dec('count()')} AS den
      FROM ${ctx.facts('fact_sales_leads')} AS l
      ${regionAsOf('l', 'business_date')}
      LEFT JOIN (
        SELECT f.branch_id AS branch_id, assumeNotNull(f.lead_id) AS lead_id, groupArray(${ctx.b('f.business_date')}) AS order_buckets
          FROM ${ctx.facts('fact_sales_orders', { ranged: false })} AS f
         WHERE f.event_type = 'OrderSigned' AND f.lead_id IS NOT NULL
         GROUP BY branch_id, lead_id
      ) AS o ON o.branch_id = l.branch_id AND o.lead_id = l.lead_id
     WHERE ${inRange('l')}
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

/** Month-end stock: one snapshot per branch and month (the engine keeps each branch's latest month per bucket). */
const stock = (value: string): KpiSource => ({
  components: (ctx) => `
    SELECT s.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('s.snapshot_month')} AS bucket, s.snapshot_month AS month,
           s.currency AS currency, ${dec(value)} AS num, ${ZERO} AS den
      FROM (SELECT *, toLastDayOfMonth(snapshot_month) AS month_end FROM ${ctx.facts('fact_parts_stock_snapshots', { ranged: false })}) AS s
      ${regionAsOf('s', 'month_end')}
     WHERE s.snapshot_month >= {from:Date} AND s.snapshot_month < {to:Date}
       AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, s.branch_id))`,
  money: MONEY,
  buckets: ['month', 'quarter', 'year'],
});

const money = (table: string, column: string, where?: string): ReturnType<typeof flow> => flow({ table, num: `sum(${column})`, where, currency: 'f.currency' });

export const KPI_SOURCES: Readonly<Record<string, KpiSource>> = {
  // ── sales ──
  revenue: {
    components: union(
      money('fact_vehicle_sales', 'f.revenue_net'),
      money('fact_service_revenue', 'f.total_net', KPI_ROS),
      money('fact_parts_sales', 'f.revenue_net'),
      money('fact_accessory_sales', 'f.revenue_net'),
    ),
    money: MONEY,
  },
  revenue_new_vehicles: vehicle(`sumIf(f.revenue_net, f.revenue_stream = 'new_vehicle')`),
  revenue_used_vehicles: vehicle(`sumIf(f.revenue_net, f.revenue_stream = 'used_vehicle')`),
  units_delivered: vehicle('sumIf(toInt64(f.units), f.units > 0)', undefined, false),
  units_returned: vehicle('-sumIf(toInt64(f.units), f.units < 0)', undefined, false),
  vehicle_returns_amount: vehicle(`-sumIf(f.revenue_net, f.event_type = 'VehicleReturned')`),
  vehicle_gross_profit: vehicle('sum(f.revenue_net) - sum(f.cost_net)'),
  vehicle_gross_margin: vehicle('sum(f.revenue_net) - sum(f.cost_net)', 'sum(f.revenue_net)'),
  collections: { components: money('fact_sales_collections', 'f.amount_gross'), money: MONEY },
  leads: count('fact_sales_leads'),
  test_drives: count('fact_sales_test_drives'),
  orders_signed: { components: flow({ table: 'fact_sales_orders', num: 'sum(toInt64(f.orders_signed))' }), money: COUNTS },
  lead_to_order_conversion: { components: leadConversion, money: COUNTS },
  order_cancellations: { components: flow({ table: 'fact_sales_orders', num: 'sum(toInt64(f.orders_cancelled))' }), money: COUNTS },
  // ── service ──
  service_revenue: serviceMoney('sum(f.total_net)'),
  service_labour_revenue: serviceMoney('sum(f.labour_net)'),
  service_parts_revenue: serviceMoney('sum(f.parts_net)'),
  insurance_revenue: serviceMoney('sum(f.total_net)', `f.segment = 'insurance'`),
  repair_and_warranty_revenue: serviceMoney('sum(f.total_net)', `f.segment != 'insurance'`),
  vehicle_intakes: { components: vehicleIntakes, money: COUNTS },
  per_vehicle_yield: { components: perVehicleYield, money: MONEY },
  rework_rate: { components: rework, money: COUNTS },
  hours_sold: { components: flow({ table: 'fact_service_revenue', num: 'sum(f.sold_hours)', where: KPI_ROS }), money: COUNTS },
  effective_labour_rate: {
    components: flow({ table: 'fact_service_revenue', num: 'sum(f.labour_net)', den: 'sum(f.sold_hours)', where: KPI_ROS, currency: 'f.currency' }),
    money: MONEY,
  },
  technician_efficiency: { components: flow({ table: 'fact_service_revenue', num: 'sum(f.sold_hours)', den: 'sum(f.clocked_hours)', where: KPI_ROS }), money: COUNTS },
  warranty_approval_rate: { components: flow({ table: 'fact_warranty_decisions', num: 'countIf(f.approved_or_partial = 1)', den: 'count()' }), money: COUNTS },
  // ── customer ──
  csi_service: { components: flow({ table: 'fact_csi_responses', num: 'sum(f.score)', den: 'count()', where: CSI_SERVICE }), money: COUNTS },
  csi_sales: { components: flow({ table: 'fact_csi_responses', num: 'sum(f.score)', den: 'count()', where: `f.kind = 'sales'` }), money: COUNTS },
  csi_response_rate: {
    components: union(flow({ table: 'fact_csi_responses', num: 'count()', where: CSI_SERVICE }), closedRosAsDenominator),
    money: COUNTS,
  },
  csi_top_box: { components: flow({ table: 'fact_csi_responses', num: 'countIf(f.top_box = 1)', den: 'count()', where: CSI_SERVICE }), money: COUNTS },
  complaints: count('fact_complaints', `f.event_type = 'ComplaintLogged'`),
  complaint_resolution_days: {
    components: flow({ table: 'fact_complaints', num: 'CAST(sum(toInt64(f.resolution_ms)) AS Decimal(38, 4)) / 86400000', den: 'count()', where: `f.event_type = 'ComplaintResolved'` }),
    money: COUNTS,
  },
  // ── parts ──
  parts_counter_sales: partsSales('sum(f.revenue_net)'),
  parts_margin: partsSales('sum(f.revenue_net) - sum(f.cost_net)', 'sum(f.revenue_net)'),
  genuine_parts_purchases: { components: money('fact_parts_purchases', 'f.cost_net', 'f.genuine'), money: MONEY },
  accessory_sales: { components: money('fact_accessory_sales', 'f.revenue_net'), money: MONEY },
  stock_value: stock('s.total_value_net'),
  aged_stock_value: stock('s.aged_181_365_net + s.aged_over_365_net'),
};
