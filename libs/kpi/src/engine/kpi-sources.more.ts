import { closedRepairOrders, closedRoFact, COUNTS, KPI_ROS, MONEY, MONEY_RATIO, components, dec, flow, inRange, regionAsOf, ZERO } from './component-sql';
import { DimensionMap } from './dimensions';
import type { KpiSource } from './kpi-sources';

/**
 * The KPIs of issue #16 item 4 (DOMAIN.md "Definitions of more KPIs"): gross profit per vehicle
 * retailed (new and used apart), discount rate, referral leads and sales, hours per repair order,
 * appointment share, parts fill rate.
 * Their definitions are in the catalogue (docs/kpis.md).
 *
 * kpi-sources.ts spreads `moreKpiSources(...)` into KPI_SOURCES, passing the dimension maps the
 * existing facts carry (so these KPIs are cut the same way as their neighbours, and this module
 * does not import kpi-sources.ts at load time: the two would be a cycle).
 */
export interface ExistingDimensions {
  /** A vehicle sales fact (alias `f` of fact_vehicle_sales): consultant, finance, lead, model, new / used. */
  readonly vehicle: DimensionMap;
  /** A signed order (alias `f` of fact_sales_orders). */
  readonly order: DimensionMap;
  /** A lead (alias `f` of fact_sales_leads). */
  readonly lead: DimensionMap;
  /** A repair order's attributes under `alias` (advisor_id, technician_ids, job_type, payer, segment; its model and brand as of its opening). */
  readonly repairOrder: (alias: string) => DimensionMap;
  /** A repair order opened (alias `f` of fact_service_repair_order_opens): its attributes at opening, its model and brand. */
  readonly openedRepairOrder: DimensionMap;
  /** A parts request (alias `f` of fact_parts_requests): genuine flag, department. */
  readonly partsRequest: DimensionMap;
}

/**
 * Vehicles delivered net of returns (alias `f` of fact_vehicle_sales): a delivery is +1 on its
 * business date, a return −1 on the return's (the units column carries the sign). The one rule of
 * gross profit per vehicle retailed and market share.
 */
export const NET_UNITS = 'sum(toInt64(f.units))';

/** The vehicle sales facts of one revenue stream: new or used vehicles. */
export const vehicleStream = (stream: 'new_vehicle' | 'used_vehicle'): string => `f.revenue_stream = '${stream}'`;

/**
 * Gross profit per vehicle retailed of one stream: Σ (invoice net − cost net) ÷ Σ units, deliveries
 * positive and returns negative on their own business dates (fact_vehicle_sales), so a return
 * takes its vehicle and its profit out of the month of the return.
 */
const grossProfitPerVehicle = (dims: ExistingDimensions, stream: 'new_vehicle' | 'used_vehicle'): KpiSource => ({
  components: flow({
    table: 'fact_vehicle_sales',
    num: 'sum(f.revenue_net) - sum(f.cost_net)',
    den: NET_UNITS,
    where: vehicleStream(stream),
    currency: 'f.currency',
    dims: dims.vehicle,
  }),
  money: MONEY,
});

/**
 * Hours per repair order: the ROs closed in the bucket (as `closedRepairOrders` counts them: Σ sign
 * of the close and reopen rows whose business date and reversed close date fall in the bucket is
 * positive), each with the sold hours of its close(s) in the bucket. Internal and PDI ROs excluded.
 */
const hoursPerRepairOrder = (dims: ExistingDimensions): KpiSource => ({
  components: components(
    dims.repairOrder('c'),
    (ctx, d) => `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month,
           '' AS currency, ${d.select} AS dim, ${dec('sum(c.sold_hours)')} AS num, ${dec('count()')} AS den${closedRoFact(ctx)}
      FROM ${closedRepairOrders(ctx)} AS c
      ${d.joins}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
  ),
  money: COUNTS,
});

/**
 * Discount rate: Σ (list − transaction price) ÷ Σ list price, net of tax, of the orders signed in the
 * bucket (OrderSigned rows of fact_sales_orders, on the signing's business date; a later
 * cancellation does not take the order out). Rows projected before migration 0014 have no list
 * price (NULL) and are left out of both parts until a rebuild fills them.
 */
const discountRate = (dims: ExistingDimensions): KpiSource => ({
  components: flow({
    table: 'fact_sales_orders',
    num: 'sum(assumeNotNull(f.list_price_net) - f.transaction_price_net)',
    den: 'sum(assumeNotNull(f.list_price_net))',
    where: `f.event_type = 'OrderSigned' AND f.list_price_net IS NOT NULL`,
    currency: 'f.currency',
    dims: dims.order,
  }),
  money: MONEY_RATIO,
});

/**
 * Appointment share: ROs opened in the bucket that name an appointment ÷ ROs opened, internal and
 * PDI left out (fact_service_repair_order_opens, on the opening's business date). Cut by the RO's
 * attributes known at opening (advisor, job type, payer, segment, model and its brand); the
 * technicians are not known yet.
 */
const appointmentShare = (dims: ExistingDimensions): KpiSource => ({
  components: flow({
    table: 'fact_service_repair_order_opens',
    num: 'countIf(f.appointment_id IS NOT NULL)',
    den: 'count()',
    where: KPI_ROS,
    dims: dims.openedRepairOrder,
  }),
  money: COUNTS,
});

/** The customer who referred a lead ('' when not recorded: v1 leads, rows before migration 0016). */
const REFERRER = (alias: string): string => `ifNull(${alias}.referrer_customer_id, '')`;

/** Leads created in the bucket with source referral (fact_sales_leads, on the lead's business date). */
const referralLeads = (dims: ExistingDimensions): KpiSource => ({
  components: flow({ table: 'fact_sales_leads', num: 'count()', where: `f.source = 'referral'`, dims: { ...dims.lead, referrer: REFERRER('f') } }),
  money: COUNTS,
});

/**
 * Referral sales: net vehicle revenue (invoice net of deliveries, less the invoice net reversed by
 * returns, on their own business dates) of the vehicle sales whose order (the latest OrderSigned of
 * the sale) names a lead with source referral. A sale without an order or whose order names no
 * lead is not a referral sale. By `referrer`: the customer the lead names as its referrer.
 */
const referralSales = (dims: ExistingDimensions): KpiSource => ({
  components: components(
    { ...dims.vehicle, referrer: 'ref_lead.referrer' },
    (ctx, d) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, f.currency AS currency, ${d.select} AS dim,
           ${dec('sum(f.revenue_net)')} AS num, ${ZERO} AS den${ctx.fact('f', 'f.vehicle_sale_id')}
      FROM ${ctx.facts('fact_vehicle_sales')} AS f
      ${regionAsOf('f', 'business_date')}
      INNER JOIN (SELECT branch_id, vehicle_sale_id, argMax(ifNull(lead_id, ''), global_position) AS lead_id
                    FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned' AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))
                    GROUP BY branch_id, vehicle_sale_id) AS ref_order
        ON ref_order.branch_id = f.branch_id AND ref_order.vehicle_sale_id = f.vehicle_sale_id
      INNER JOIN (SELECT l.branch_id AS branch_id, l.lead_id AS lead_id, any(${REFERRER('l')}) AS referrer
                    FROM fact_sales_leads AS l FINAL WHERE l.source = 'referral' AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, l.branch_id))
                   GROUP BY branch_id, lead_id) AS ref_lead
        ON ref_lead.branch_id = f.branch_id AND ref_lead.lead_id = ref_order.lead_id
      ${d.joins}
     WHERE ${inRange('f')}${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
  ),
  money: MONEY,
  // A month's figure depends on orders and leads recorded in other months: read from the facts.
  rollup: false,
});

/**
 * Parts fill rate: request lines served in full from stock at the first request ÷ request lines
 * (fact_parts_requests, on the request's business date): counter sale lines and repair-order issues
 * served at once count in both parts, back-orders in the denominator only; the later delivery of a
 * back-ordered part is no request of its own (it has no row).
 */
const partsFillRate = (dims: ExistingDimensions): KpiSource => ({
  components: flow({
    table: 'fact_parts_requests',
    num: 'sum(f.served_in_full)',
    den: 'count()',
    dims: { ...dims.partsRequest, parts_channel: 'f.channel' },
  }),
  money: COUNTS,
});

export function moreKpiSources(dims: ExistingDimensions): Readonly<Record<string, KpiSource>> {
  return {
    // ── sales ──
    gross_profit_per_new_vehicle: grossProfitPerVehicle(dims, 'new_vehicle'),
    gross_profit_per_used_vehicle: grossProfitPerVehicle(dims, 'used_vehicle'),
    discount_rate: discountRate(dims),
    referral_leads: referralLeads(dims),
    referral_sales: referralSales(dims),
    // ── service ──
    hours_per_repair_order: hoursPerRepairOrder(dims),
    appointment_share: appointmentShare(dims),
    // ── parts ──
    parts_fill_rate: partsFillRate(dims),
  };
}
