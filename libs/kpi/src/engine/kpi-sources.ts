import {
  closedRepairOrders,
  closedRoFact,
  COUNTS,
  KPI_ROS,
  MONEY,
  MONEY_RATIO,
  ComponentContext,
  components,
  Components,
  creditedBranch,
  DimensionParts,
  dec,
  flow,
  inRange,
  regionAsOf,
  territoryAsOf,
  union,
  ZERO,
} from './component-sql';
import { UNASSIGNED_BRAND } from '@app/contracts';
import { DimensionId, DimensionJoin, DimensionMap, SURVEY_SOURCES } from './dimensions';
import { MARKET_SHARE_KPI_SOURCES } from './market-share.kpi';
import { moreKpiSources } from './kpi-sources.more';
import { CUSTOMER_BASE_KPI_SOURCES, type DistinctAggregates } from './customer-base.kpi';
import { SALES_ACTIVITY_KPI_SOURCES } from './sales-activity.kpi';

/**
 * The SQL of every measured catalogue KPI: its components (see component-sql.ts). `money` says which
 * parts are money in the branch currency (converted when consolidating into the group currency).
 * The plan KPIs (attainment, plan progress, growth) are computed from these and the targets.
 */
export interface KpiSource {
  readonly components: Components;
  readonly money: { readonly num: boolean; readonly den: boolean };
  /** Buckets the definition makes sense for (default: all). */
  readonly buckets?: readonly ('day' | 'week' | 'month' | 'quarter' | 'year')[];
  /**
   * The same figure split line by line, for the dimensions only the lines carry (the technician and
   * the category of each labour line): read instead of `components` when a query uses one of them.
   */
  readonly lines?: { readonly dimensions: readonly DimensionId[]; readonly components: Components };
  /**
   * false: not held by the KPI month roll-up, whose recompute follows the months of the facts a batch
   * touches; a KPI whose month depends on facts of other months (a lead recorded after the delivery
   * it led to) is read from the facts.
   */
  readonly rollup?: false;
  /**
   * A distinct count (customer-base.kpi.ts): the components carry `customer_id` and `role`, and the
   * numerator and denominator are these aggregates over them at the unit asked, never sums of branch
   * or month figures.
   */
  readonly distinct?: DistinctAggregates;
}

/** The components that answer a query using `used` dimensions. */
export function componentsFor(source: KpiSource, used: readonly DimensionId[]): Components {
  return source.lines && used.some((id) => source.lines!.dimensions.includes(id)) ? source.lines.components : source.components;
}

/** The dimensions a measured KPI can be broken down and filtered by (those every part of its facts carries). */
export function kpiDimensions(kpiId: string): readonly DimensionId[] {
  const source = KPI_SOURCES[kpiId];
  if (!source) return [];
  return [...new Set([...source.components.dimensions, ...(source.lines?.components.dimensions ?? [])])];
}

// ───────────────────────────── how the facts carry the dimensions ─────────────────────────────

const department = (name: string): DimensionMap => ({ department: `'${name}'` });

/**
 * The model a fact names (`model`, an expression over its alias, after `joins`) and its brand: the
 * brand head office's model catalogue gives the model on the date `date` (an as-of join on
 * org_model_brands; `dateJoins` are what `date` needs besides `joins`), `unassigned` when it gives
 * none then (docs/adr/0030-brand-dimension.md). The date is the sale's: a delivery's own, a return
 * its delivery's, an order's signing, a cancellation, payment or survey its order's signing.
 */
const modelDims = (model: string, date: string, joins: readonly DimensionJoin[] = [], dateJoins: readonly DimensionJoin[] = []): DimensionMap => ({
  model: joins.length > 0 ? { sql: model, joins } : model,
  brand: {
    sql: `if(mb.brand = '', '${UNASSIGNED_BRAND}', mb.brand)`,
    joins: [
      ...joins,
      ...dateJoins,
      {
        name: 'brand',
        sql: `ASOF LEFT JOIN (SELECT model, valid_from, brand FROM org_model_brands FINAL) AS mb
      ON mb.model = ${model} AND ${date} >= mb.valid_from`,
      },
    ],
  },
});

/**
 * The order a sale (delivery, return, collection, sales survey) fulfils: the latest OrderSigned of the
 * vehicle sale (dim_sale_orders keeps one row per signing by sale; FINAL keeps the latest, migration
 * 0028). The joined tables are read for the branches asked only (the join matches on the branch).
 */
const orderOf = (alias: string, saleColumn: string): DimensionJoin => ({
  name: 'order',
  sql: `LEFT JOIN (SELECT branch_id, vehicle_sale_id, consultant_id, finance, lead_id, model, signed_on
                     FROM dim_sale_orders FINAL WHERE (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))) AS o
      ON o.branch_id = ${alias}.branch_id AND o.vehicle_sale_id = ${saleColumn}`,
});

/** The lead behind an order or a test drive. */
const leadOf = (alias: string, leadColumn: string): DimensionJoin => ({
  name: 'lead',
  sql: `LEFT JOIN (SELECT branch_id, lead_id, any(source) AS source, any(segment) AS segment FROM fact_sales_leads FINAL WHERE (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id)) GROUP BY branch_id, lead_id) AS ld
      ON ld.branch_id = ${alias}.branch_id AND ld.lead_id = ${leadColumn}`,
});

/** The lead source and customer segment of the lead `leadColumn` of `alias` (after `joins`). */
const LEAD_DIMS = (alias: string, leadColumn: string, joins: readonly DimensionJoin[] = []): DimensionMap => ({
  lead_source: { sql: 'ld.source', joins: [...joins, leadOf(alias, leadColumn)] },
  customer_segment: { sql: 'ld.segment', joins: [...joins, leadOf(alias, leadColumn)] },
});

/** Sales facts linked to a vehicle sale: the consultant, finance, lead and model of the order it fulfils. */
const saleDims = (alias: string, saleColumn: string): DimensionMap => {
  const order = orderOf(alias, saleColumn);
  return {
    consultant: { sql: 'o.consultant_id', joins: [order] },
    finance: { sql: 'o.finance', joins: [order] },
    // The brand the sale was made under: as of the order's signing, whenever the payment or survey came.
    ...modelDims('o.model', 'o.signed_on', [order]),
    ...LEAD_DIMS('o', 'o.lead_id', [order]),
    ...department('sales'),
  };
};

/** The delivery a vehicle fact (a delivery or its return) belongs to: the sale's latest VehicleDelivered. */
const deliveryOf: DimensionJoin = {
  name: 'delivery',
  sql: `LEFT JOIN (SELECT branch_id, vehicle_sale_id, argMax(business_date, global_position) AS delivered_on
                     FROM fact_vehicle_sales FINAL WHERE event_type = 'VehicleDelivered' AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))
                    GROUP BY branch_id, vehicle_sale_id) AS dv
      ON dv.branch_id = f.branch_id AND dv.vehicle_sale_id = f.vehicle_sale_id`,
};

const VEHICLE_DIMS: DimensionMap = {
  ...saleDims('f', 'f.vehicle_sale_id'),
  // The brand a vehicle was sold under: as of its delivery, also for a return in a later month.
  ...modelDims('f.model', `if(f.event_type = 'VehicleReturned' AND dv.vehicle_sale_id != '', dv.delivered_on, f.business_date)`, [], [deliveryOf]),
  vehicle_condition: `if(f.revenue_stream = 'used_vehicle', 'used', 'new')`,
  // The branch owning the customer's area on the business date, else the selling branch (ADR 29).
  territory: { sql: creditedBranch('f'), joins: [{ name: 'territory', sql: territoryAsOf('f') }] },
};

/**
 * The signing of the order a row of fact_sales_orders is about: an OrderCancelled row names no model,
 * so a cancellation takes the model (and brand) of the order it cancels.
 */
const signedOrder: DimensionJoin = {
  name: 'signed_order',
  sql: `LEFT JOIN (SELECT branch_id, order_id, argMax(model, global_position) AS model, argMax(business_date, global_position) AS signed_on
                     FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned' AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))
                    GROUP BY branch_id, order_id) AS so
      ON so.branch_id = f.branch_id AND so.order_id = f.order_id`,
};

const ORDER_DIMS: DimensionMap = {
  consultant: 'f.consultant_id',
  // A cancellation takes the model and the brand of its order as signed: as of the signing, not the cancellation.
  ...modelDims(`if(f.event_type = 'OrderSigned', f.model, so.model)`, `if(f.event_type = 'OrderSigned', f.business_date, so.signed_on)`, [signedOrder]),
  vehicle_condition: 'f.vehicle_condition',
  finance: 'f.finance',
  ...LEAD_DIMS('f', `ifNull(f.lead_id, '')`),
  ...department('sales'),
};

const leadDims = (alias: string): DimensionMap => ({
  consultant: `${alias}.consultant_id`,
  ...modelDims(`${alias}.model_of_interest`, `${alias}.business_date`),
  lead_source: `${alias}.source`,
  customer_segment: `${alias}.segment`,
  ...department('sales'),
});

/**
 * The opening of the repair order `roColumn` of `alias` (alias `op`): the vehicle's model it names ('' when
 * none: every v1 RepairOrderOpened) and its business date. The close and reopen rows, the comebacks,
 * surveys and warranty decisions name the RO, not its model. Read for the branches asked only.
 */
const openingOf = (alias: string, roColumn: string): DimensionJoin => ({
  name: 'ro_opening',
  sql: `LEFT JOIN (SELECT branch_id, repair_order_id, argMax(model, global_position) AS model, argMax(business_date, global_position) AS opened_on
                     FROM fact_service_repair_order_opens FINAL WHERE (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))
                    GROUP BY branch_id, repair_order_id) AS op
      ON op.branch_id = ${alias}.branch_id AND op.repair_order_id = ${roColumn}`,
});

/**
 * The model of a repair order's vehicle and its brand as of the RO's opening: the vehicle's brand when
 * the customer came in, for every fact of the RO (its closes and reopens, its comebacks, surveys and
 * warranty decisions), whenever it came (docs/adr/0030-brand-dimension.md, amendment).
 */
const roModelDims = (alias: string, roColumn = `${alias}.repair_order_id`): DimensionMap => modelDims('op.model', 'op.opened_on', [openingOf(alias, roColumn)]);

/** The attributes of a repair order (alias `c` of closedRepairOrders, or `f` of fact_service_revenue). */
const roDims = (alias: string): DimensionMap => ({
  advisor: `${alias}.advisor_id`,
  technician: { array: `${alias}.technician_ids` },
  job_type: `${alias}.job_type`,
  payer: `${alias}.payer`,
  service_segment: `${alias}.segment`,
  ...roModelDims(alias),
  ...department('service'),
});

/** A repair order opened (alias `f` of fact_service_repair_order_opens): its attributes at opening, its model and brand from its own row. */
const OPENED_RO_DIMS: DimensionMap = {
  advisor: 'f.advisor_id',
  job_type: 'f.job_type',
  payer: 'f.payer',
  service_segment: 'f.segment',
  ...modelDims('f.model', 'f.business_date'),
  ...department('service'),
};

/**
 * A fact referring to a repair order (a service survey, a warranty decision): the RO's attributes as
 * of its latest close, its model and brand as of its opening.
 */
const repairOrderOf = (column: string): DimensionMap => {
  const join: DimensionJoin = {
    name: 'repair_order',
    sql: `LEFT JOIN (SELECT branch_id, repair_order_id, argMax(advisor_id, global_position) AS advisor_id, argMax(technician_ids, global_position) AS technician_ids,
                            argMax(job_type, global_position) AS job_type, argMax(payer, global_position) AS payer, argMax(segment, global_position) AS segment
                       FROM fact_service_revenue FINAL WHERE sign = 1 AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, branch_id))
                      GROUP BY branch_id, repair_order_id) AS ro
      ON ro.branch_id = f.branch_id AND ro.repair_order_id = ${column}`,
  };
  // The model and brand from the RO's opening, joined on the fact's own RO; the rest from its latest close.
  const opening = roModelDims('f', column);
  return Object.fromEntries(
    Object.entries(roDims('ro')).map(([id, spec]) => [
      id,
      id in opening
        ? opening[id as DimensionId]
        : id === 'department'
          ? spec
          : typeof spec === 'string'
            ? { sql: spec, joins: [join] }
            : { ...spec, joins: [join] },
    ]),
  );
};

const SERVICE_SURVEY_DIMS: DimensionMap = { ...repairOrderOf(`ifNull(f.repair_order_id, '')`), survey_source: 'f.source' };
const SALES_SURVEY_DIMS: DimensionMap = { ...saleDims('f', `ifNull(f.vehicle_sale_id, '')`), survey_source: 'f.source' };

const COMPLAINT_DIMS: DimensionMap = { complaint_category: 'f.kind', complaint_channel: 'f.channel' };

const GENUINE = `if(f.genuine, 'genuine', 'non_genuine')`;

// ───────────────────────────── the components ─────────────────────────────

const vehicle = (num: string, den?: string, money = true): KpiSource => ({
  components: flow({ table: 'fact_vehicle_sales', num, den, currency: money ? 'f.currency' : undefined, dims: VEHICLE_DIMS }),
  money: money ? (den ? MONEY_RATIO : MONEY) : COUNTS,
});

const serviceMoney = (num: string, where?: string): KpiSource => ({
  components: flow({ table: 'fact_service_revenue', num, where: where ? `${KPI_ROS} AND ${where}` : KPI_ROS, currency: 'f.currency', dims: roDims('f') }),
  money: MONEY,
});

const LINE_DIMENSIONS: readonly DimensionId[] = ['technician', 'labour_category'];

/**
 * A labour figure of the RO closes (and reopens, reversing) split over the RO's labour lines: each
 * close or reopen row of fact_service_revenue with the lines appended to the RO's stream before the
 * close it is (or reverses), so the split adds up to the RO totals the close carries (the workshop
 * computes them from the same lines). `num` / `den` aggregate over `f` (the row, `f.sign`) and `l`
 * (the line: sold_hours, clocked_hours, amount_net).
 */
const labourLines = (num: string, den: string | undefined, money: boolean): KpiSource['lines'] => ({
  dimensions: LINE_DIMENSIONS,
  components: components(
    { ...roDims('f'), technician: 'l.technician_id', labour_category: 'l.category' },
    (ctx, d) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, ${money ? 'f.currency' : `''`} AS currency, ${d.select} AS dim,
           ${dec(num)} AS num, ${den ? dec(den) : ZERO} AS den${ctx.fact('l', 'l.line_id')}
      FROM ${ctx.facts('fact_service_revenue')} AS f
      ${regionAsOf('f', 'business_date')}
      INNER JOIN (SELECT branch_id, repair_order_id, close_sequence, global_position AS close_position FROM fact_service_revenue FINAL WHERE sign = 1) AS k
        ON k.branch_id = f.branch_id AND k.repair_order_id = f.repair_order_id AND k.close_sequence = f.close_sequence
      INNER JOIN (SELECT event_id, business_date, line_id, branch_id, repair_order_id, technician_id, category, global_position, sold_hours, clocked_hours, amount_net
                    FROM fact_service_labour_lines FINAL) AS l
        ON l.branch_id = f.branch_id AND l.repair_order_id = f.repair_order_id
      ${d.joins}
     WHERE ${inRange('f')} AND ${KPI_ROS} AND l.global_position < k.close_position${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
  ),
});

/** Parts counter sales: PartsSold lines and customer returns (negative), never RO issues. */
const partsSales = (num: string, den?: string): KpiSource => ({
  components: flow({
    table: 'fact_parts_sales',
    num,
    den,
    currency: 'f.currency',
    dims: { parts_customer_type: 'f.customer_type', genuine: GENUINE, ...department('parts') },
  }),
  money: den ? MONEY_RATIO : MONEY,
});

const count = (table: string, dims: DimensionMap, where?: string): KpiSource => ({ components: flow({ table, num: 'count()', where, dims }), money: COUNTS });

/**
 * Service CSI responses: business_date = the RO close they refer to. Responses about internal and
 * PDI repair orders are left out, like those ROs themselves.
 */
const CSI_SERVICE = `f.kind = 'service' AND (f.branch_id, assumeNotNull(f.repair_order_id)) NOT IN (SELECT branch_id, repair_order_id FROM fact_service_revenue FINAL WHERE kpi_included = 0)`;

/** Rework: closed ROs (den) and those with a comeback opened within W days of their close (num); by the original RO's attributes. */
const rework = components(
  roDims('c'),
  (ctx, d) => `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, '' AS currency, ${d.select} AS dim,
           ${dec('countIf(k.has_comeback = 1)')} AS num, ${dec('count()')} AS den${closedRoFact(ctx)}
      FROM ${closedRepairOrders(ctx)} AS c
      LEFT JOIN (
        SELECT DISTINCT cb.branch_id AS branch_id, cb.original_repair_order_id AS repair_order_id,
               ${ctx.b('cb.business_date')} AS bucket, toUInt8(1) AS has_comeback
          FROM (SELECT *, 'rework_window_days' AS setting_key FROM ${ctx.facts('fact_service_comebacks')} AS f WHERE f.kpi_included = 1 AND ${inRange('f')}) AS cb
          ASOF LEFT JOIN (SELECT key, valid_from, toInt32OrZero(value) AS window_days FROM org_kpi_settings FINAL WHERE key = 'rework_window_days') AS s
            ON cb.setting_key = s.key AND cb.business_date >= s.valid_from
         WHERE cb.days_after_close >= 0 AND cb.days_after_close <= if(s.key = '', {default_rework_window:Int32}, s.window_days)
      ) AS k ON k.branch_id = c.branch_id AND k.repair_order_id = c.repair_order_id AND k.bucket = c.bucket
      ${d.joins}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

/**
 * Revenue of the ROs closed in the bucket and the distinct intake visits behind them (per-vehicle
 * yield: revenue ÷ intakes; vehicle intakes: intakes). In lineage mode each RO is a row and an
 * intake counts on the first of its ROs in the group (Σ of those flags = the distinct count).
 */
const revenueAndIntakes = (ctx: ComponentContext, d: DimensionParts, part: (revenue: string, intakes: string) => string, currency: string): string =>
  ctx.lineage
    ? `
    SELECT branch_id, region_id, bucket, month, currency, dim, ${part('revenue', 'intake_first')}, fact_id, fact_position, fact_date, fact_ref, fact_part
      FROM (
        SELECT *, toUInt8(row_number() OVER (PARTITION BY branch_id, region_id, bucket, month, currency, dim, intake ORDER BY fact_position, fact_ref) = 1) AS intake_first
          FROM (
            SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, ${currency} AS currency, ${d.select} AS dim,
                   c.revenue_net AS revenue, c.intake_visit_id AS intake${closedRoFact(ctx)}
              FROM ${closedRepairOrders(ctx)} AS c
              ${d.joins}
             WHERE 1${d.where}
          )
      )`
    : `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, ${currency} AS currency, ${d.select} AS dim,
           ${part('sum(c.revenue_net)', 'uniqExact(c.intake_visit_id)')}
      FROM ${closedRepairOrders(ctx)} AS c
      ${d.joins}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim`;

/** Per-vehicle yield: revenue of the ROs closed in the bucket ÷ distinct intake visits behind them. */
const perVehicleYield = components(roDims('c'), (ctx, d) =>
  revenueAndIntakes(ctx, d, (revenue, intakes) => `${dec(revenue)} AS num, ${dec(intakes)} AS den`, 'c.currency'),
);

const vehicleIntakes = components(roDims('c'), (ctx, d) => revenueAndIntakes(ctx, d, (_, intakes) => `${dec(intakes)} AS num, ${ZERO} AS den`, `''`));

/** Closed ROs of the bucket as a denominator (for response rates). */
const closedRosAsDenominator = components(
  { ...roDims('c'), survey_source: { broadcast: SURVEY_SOURCES } },
  (ctx, d) => `
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.bucket AS bucket, c.month AS month, '' AS currency, ${d.select} AS dim,
           ${ZERO} AS num, ${dec('count()')} AS den${closedRoFact(ctx)}
      FROM ${closedRepairOrders(ctx)} AS c
      ${d.joins}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

/** Lead → order conversion: leads of the bucket with an order signed in the same bucket ÷ leads of the bucket. */
const leadConversion = components(
  leadDims('l'),
  (ctx, d) => `
    SELECT l.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('l.business_date')} AS bucket,
           toStartOfMonth(l.business_date) AS month, '' AS currency, ${d.select} AS dim,
           ${dec(`countIf(has(o.order_buckets, ${ctx.b('l.business_date')}))`)} AS num, ${dec('count()')} AS den${ctx.fact('l', 'l.lead_id')}
      FROM ${ctx.facts('fact_sales_leads')} AS l
      ${regionAsOf('l', 'business_date')}
      LEFT JOIN (
        SELECT f.branch_id AS branch_id, assumeNotNull(f.lead_id) AS lead_id, groupArray(${ctx.b('f.business_date')}) AS order_buckets
          FROM ${ctx.facts('fact_sales_orders', { ranged: false })} AS f
         WHERE f.event_type = 'OrderSigned' AND f.lead_id IS NOT NULL
         GROUP BY branch_id, lead_id
      ) AS o ON o.branch_id = l.branch_id AND o.lead_id = l.lead_id
      ${d.joins}
     WHERE ${inRange('l')}${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

/** Month-end stock: one snapshot per branch and month (the engine keeps each branch's latest month per bucket). */
const stock = (value: string): KpiSource => ({
  components: components(
    department('parts'),
    (ctx, d) => `
    SELECT s.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('s.snapshot_month')} AS bucket, s.snapshot_month AS month,
           s.currency AS currency, ${d.select} AS dim, ${dec(value)} AS num, ${ZERO} AS den${ctx.fact('s', 'toString(s.snapshot_month)')}
      FROM (SELECT *, toLastDayOfMonth(snapshot_month) AS month_end FROM ${ctx.facts('fact_parts_stock_snapshots', { ranged: false })}) AS s
      ${regionAsOf('s', 'month_end')}
     WHERE s.snapshot_month >= {from:Date} AND s.snapshot_month < {to:Date}
       AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, s.branch_id))${d.where}`,
  ),
  money: MONEY,
  buckets: ['month', 'quarter', 'year'],
});

const money = (table: string, column: string, dims: DimensionMap, where?: string): Components =>
  flow({ table, num: `sum(${column})`, where, currency: 'f.currency', dims });

export const KPI_SOURCES: Readonly<Record<string, KpiSource>> = {
  // ── sales ──
  revenue: {
    components: union(
      money('fact_vehicle_sales', 'f.revenue_net', department('sales')),
      money('fact_service_revenue', 'f.total_net', department('service'), KPI_ROS),
      money('fact_parts_sales', 'f.revenue_net', department('parts')),
      money('fact_accessory_sales', 'f.revenue_net', department('parts')),
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
  collections: { components: money('fact_sales_collections', 'f.amount_gross', saleDims('f', 'f.vehicle_sale_id')), money: MONEY },
  leads: count('fact_sales_leads', leadDims('f')),
  test_drives: count('fact_sales_test_drives', {
    consultant: 'f.consultant_id',
    ...modelDims('f.model', 'f.business_date'),
    ...LEAD_DIMS('f', 'f.lead_id'),
    ...department('sales'),
  }),
  orders_signed: { components: flow({ table: 'fact_sales_orders', num: 'sum(toInt64(f.orders_signed))', dims: ORDER_DIMS }), money: COUNTS },
  lead_to_order_conversion: { components: leadConversion, money: COUNTS },
  order_cancellations: { components: flow({ table: 'fact_sales_orders', num: 'sum(toInt64(f.orders_cancelled))', dims: ORDER_DIMS }), money: COUNTS },
  // ── service ──
  service_revenue: serviceMoney('sum(f.total_net)'),
  service_labour_revenue: { ...serviceMoney('sum(f.labour_net)'), lines: labourLines('sum(f.sign * l.amount_net)', undefined, true) },
  service_parts_revenue: serviceMoney('sum(f.parts_net)'),
  insurance_revenue: serviceMoney('sum(f.total_net)', `f.segment = 'insurance'`),
  repair_and_warranty_revenue: serviceMoney('sum(f.total_net)', `f.segment != 'insurance'`),
  vehicle_intakes: { components: vehicleIntakes, money: COUNTS },
  per_vehicle_yield: { components: perVehicleYield, money: MONEY },
  rework_rate: { components: rework, money: COUNTS },
  hours_sold: {
    components: flow({ table: 'fact_service_revenue', num: 'sum(f.sold_hours)', where: KPI_ROS, dims: roDims('f') }),
    money: COUNTS,
    lines: labourLines('sum(f.sign * l.sold_hours)', undefined, false),
  },
  effective_labour_rate: {
    components: flow({
      table: 'fact_service_revenue',
      num: 'sum(f.labour_net)',
      den: 'sum(f.sold_hours)',
      where: KPI_ROS,
      currency: 'f.currency',
      dims: roDims('f'),
    }),
    money: MONEY,
    lines: labourLines('sum(f.sign * l.amount_net)', 'sum(f.sign * l.sold_hours)', true),
  },
  technician_efficiency: {
    components: flow({ table: 'fact_service_revenue', num: 'sum(f.sold_hours)', den: 'sum(f.clocked_hours)', where: KPI_ROS, dims: roDims('f') }),
    money: COUNTS,
    lines: labourLines('sum(f.sign * l.sold_hours)', 'sum(f.sign * l.clocked_hours)', false),
  },
  warranty_approval_rate: {
    components: flow({ table: 'fact_warranty_decisions', num: 'countIf(f.approved_or_partial = 1)', den: 'count()', dims: repairOrderOf('f.repair_order_id') }),
    money: COUNTS,
  },
  // ── customer ──
  csi_service: {
    components: flow({ table: 'fact_csi_responses', num: 'sum(f.score)', den: 'count()', where: CSI_SERVICE, dims: SERVICE_SURVEY_DIMS }),
    money: COUNTS,
  },
  csi_sales: {
    components: flow({ table: 'fact_csi_responses', num: 'sum(f.score)', den: 'count()', where: `f.kind = 'sales'`, dims: SALES_SURVEY_DIMS }),
    money: COUNTS,
  },
  csi_response_rate: {
    components: union(flow({ table: 'fact_csi_responses', num: 'count()', where: CSI_SERVICE, dims: SERVICE_SURVEY_DIMS }), closedRosAsDenominator),
    money: COUNTS,
  },
  csi_top_box: {
    components: flow({ table: 'fact_csi_responses', num: 'countIf(f.top_box = 1)', den: 'count()', where: CSI_SERVICE, dims: SERVICE_SURVEY_DIMS }),
    money: COUNTS,
  },
  complaints: count('fact_complaints', COMPLAINT_DIMS, `f.event_type = 'ComplaintLogged'`),
  complaint_resolution_days: {
    components: flow({
      table: 'fact_complaints',
      // Seconds (exact: whole milliseconds ÷ 1,000); the catalogue's valueDivisor turns them into days.
      num: 'sum(CAST(toInt64(f.resolution_ms) AS Decimal(38, 4)) / 1000)',
      den: 'count()',
      where: `f.event_type = 'ComplaintResolved'`,
      dims: COMPLAINT_DIMS,
    }),
    money: COUNTS,
  },
  // ── parts ──
  parts_counter_sales: partsSales('sum(f.revenue_net)'),
  parts_margin: partsSales('sum(f.revenue_net) - sum(f.cost_net)', 'sum(f.revenue_net)'),
  genuine_parts_purchases: {
    components: money('fact_parts_purchases', 'f.cost_net', { supplier: 'f.supplier_id', ...department('parts') }, 'f.genuine'),
    money: MONEY,
  },
  accessory_sales: { components: money('fact_accessory_sales', 'f.revenue_net', department('parts')), money: MONEY },
  stock_value: stock('s.total_value_net'),
  aged_stock_value: stock('s.aged_181_365_net + s.aged_over_365_net'),
  ...moreKpiSources({
    vehicle: VEHICLE_DIMS,
    order: ORDER_DIMS,
    lead: leadDims('f'),
    repairOrder: roDims,
    openedRepairOrder: OPENED_RO_DIMS,
    partsRequest: { genuine: GENUINE, ...department('parts') },
  }),
  ...SALES_ACTIVITY_KPI_SOURCES,
  ...MARKET_SHARE_KPI_SOURCES,
  ...CUSTOMER_BASE_KPI_SOURCES,
};
