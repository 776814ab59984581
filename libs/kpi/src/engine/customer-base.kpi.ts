import { Bucket, ComponentContext, COUNTS, components, Components, dec, DimensionParts, inBranches, KPI_ROS, regionAsOf, union, ZERO } from './component-sql';
import { DimensionMap } from './dimensions';
import type { KpiSource } from './kpi-sources';

/**
 * The customer base KPIs (DOMAIN.md "Definitions of more KPIs", issue #16 item 4): active customer
 * base, customer retention and visit frequency; the definitions are in the catalogue (docs/kpis.md),
 * the design in ADR 25. This is their SQL.
 *
 * They are distinct counts over a rolling window, so they never add up over branches or months. The
 * component rows are not sums: one row per (branch, region as of the contact, bucket, dimension value,
 * customer, role) with `customer_id` and `role`, and the engine aggregates them at the unit asked with
 * the source's `distinct` aggregates (uniqExact over customer ids), never by adding branch figures.
 *
 * Roles: `delivery` / `repair_order` — a contact in the 12 months up to the bucket's as-at date (its
 * last day, or the last day asked); `start` — a contact in the 12 months before the period's first
 * day; `period` — a contact in the period (its first to its last day, cut by the range asked).
 *
 * A 24-month series is one query: each contact is joined to the buckets whose window holds it
 * (arrayJoin over the buckets of the range), then grouped.
 */

/** The last day of the bucket starting at `start` (SQL). */
function bucketLastDay(bucket: Bucket, start: string): string {
  switch (bucket) {
    case 'day':
      return start;
    case 'week':
      return `addDays(${start}, 6)`;
    case 'month':
      return `toLastDayOfMonth(${start})`;
    case 'quarter':
      return `addDays(addQuarters(${start}, 1), -1)`;
    case 'year':
      return `addDays(addYears(${start}, 1), -1)`;
  }
}

/** The first day of every bucket of the range [from, to) (SQL array of Date). */
const bucketStarts = (ctx: ComponentContext): string =>
  ctx.whole
    ? '[toDate({from:Date})]'
    : `arrayDistinct(arrayMap(i -> ${ctx.b('addMonths(toStartOfMonth({from:Date}), i)')},
     range(toUInt32(greatest(dateDiff('month', toStartOfMonth({from:Date}), toStartOfMonth(addDays({to:Date}, -1))) + 1, 0)))))`;

/** The period of the bucket starting at `s`, cut by the range asked: its first and last day. */
const periodFirst = (s: string): string => `greatest(${s}, {from:Date})`;
const periodLast = (ctx: ComponentContext, s: string): string =>
  ctx.whole ? 'addDays({to:Date}, -1)' : `least(${bucketLastDay(ctx.bucket, s)}, addDays({to:Date}, -1))`;

/** A window of business dates [first, last] per bucket start `s`. */
interface Window {
  readonly first: (s: string) => string;
  readonly last: (s: string) => string;
}

/** The 12 months up to the bucket's as-at date (its last day, or the last day asked). */
const twelveMonthsUpTo = (ctx: ComponentContext): Window => ({
  first: (s) => `addMonths(addDays(${periodLast(ctx, s)}, 1), -12)`,
  last: (s) => periodLast(ctx, s),
});
/** The 12 months before the period's first day. */
const twelveMonthsBefore: Window = { first: (s) => `addMonths(${periodFirst(s)}, -12)`, last: (s) => `addDays(${periodFirst(s)}, -1)` };
/** The period itself. */
const thePeriod = (ctx: ComponentContext): Window => ({ first: periodFirst, last: (s) => periodLast(ctx, s) });

/** The first business date any window of the range may hold (reopen rows are dated on or after their close). */
const SINCE = 'addMonths({from:Date}, -12)';

/**
 * Every contact fact that may fall in a window of the range (business dates from 12 months before
 * {from} to {to}): deliveries to an identified customer (fact_vehicle_sales, migration 0023), and the
 * close (+1) and reopen (−1) rows of repair orders kept by the service KPIs (internal and PDI left
 * out, KPI_ROS) whose opening named a customer (fact_service_repair_order_opens), with the region of
 * the branch on the contact date. Columns: branch_id, region_id, customer_id, kind, department,
 * contact_date (the delivery's, or the close's the row recognises or reverses), booked_date (the
 * row's own business date: a reopen's) and sign (Σ over the facts alike); in lineage mode one row per
 * fact with ref (vehicle sale or RO), event_id and position.
 */
function contactFacts(ctx: ComponentContext): string {
  const perFact = ctx.lineage ? ', x.event_id, x.position' : '';
  return `(
    SELECT x.branch_id AS branch_id, a.region_id AS region_id, x.customer_id AS customer_id, x.kind AS kind, x.department AS department,
           x.contact_date AS contact_date, x.booked_date AS booked_date, sum(x.sign) AS sign, x.ref AS ref${perFact}
      FROM (
        SELECT v.branch_id AS branch_id, assumeNotNull(v.customer_id) AS customer_id, 'delivery' AS kind, v.vehicle_sale_id AS ref, toString(v.event_id) AS event_id,
               v.global_position AS position, toInt8(1) AS sign, v.business_date AS contact_date, v.business_date AS booked_date, 'sales' AS department
          FROM ${ctx.facts('fact_vehicle_sales', { since: SINCE })} AS v
         WHERE v.event_type = 'VehicleDelivered' AND ifNull(v.customer_id, '') != ''
        UNION ALL
        SELECT f.branch_id AS branch_id, o.ro_customer_id AS customer_id, 'repair_order' AS kind, f.repair_order_id AS ref, toString(f.event_id) AS event_id,
               f.global_position AS position, f.sign AS sign, f.close_business_date AS contact_date, f.business_date AS booked_date, 'service' AS department
          FROM ${ctx.facts('fact_service_revenue', { since: SINCE })} AS f
         INNER JOIN (SELECT branch_id, repair_order_id, argMax(assumeNotNull(customer_id), global_position) AS ro_customer_id
                       FROM fact_service_repair_order_opens FINAL
                      WHERE ifNull(customer_id, '') != '' AND ${inBranches('fact_service_repair_order_opens')} AND business_date <= {to:Date}
                      GROUP BY branch_id, repair_order_id) AS o
            ON o.branch_id = f.branch_id AND o.repair_order_id = f.repair_order_id
         WHERE ${KPI_ROS} AND f.close_business_date >= ${SINCE}
      ) AS x
      ${regionAsOf('x', 'contact_date')}
     GROUP BY branch_id, region_id, customer_id, kind, department, contact_date, booked_date, ref${perFact}
  )`;
}

/**
 * The contacts in each bucket's window: the facts whose contact date is in the window and whose own
 * business date is not after its last day, per (branch, region, customer, kind, department, bucket),
 * counted per delivery or RO (ref) where Σ sign > 0: a close reopened inside the window and not
 * closed again does not count, and a reopen without its close (as closed: the close was recorded after
 * the month's close) cancels nothing else. One row per (customer, ref) with contacts = Σ sign; in
 * lineage mode also the contact_date, event_id and position of its latest close or delivery (the fact
 * its lineage shows).
 */
function contactsIn(ctx: ComponentContext, window: Window): string {
  const inWindow = `
        SELECT c0.*, arrayJoin(arrayFilter(s -> c0.contact_date >= ${window.first('s')} AND c0.contact_date <= ${window.last('s')}
                                                AND c0.booked_date <= ${window.last('s')}, ${bucketStarts(ctx)})) AS bucket
          FROM ${contactFacts(ctx)} AS c0`;
  // Per delivery or RO first (HAVING Σ sign > 0): a reopen whose close the window does not hold
  // (as closed: a close recorded after the month's close) must not cancel another RO's close.
  if (!ctx.lineage) {
    return `(
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.customer_id AS customer_id, c.kind AS kind, c.department AS department, c.bucket AS bucket,
           sum(c.sign) AS contacts
      FROM (${inWindow}) AS c
     GROUP BY branch_id, region_id, customer_id, kind, department, bucket, c.ref
    HAVING contacts > 0
  )`;
  }
  return `(
    SELECT c.branch_id AS branch_id, c.region_id AS region_id, c.customer_id AS customer_id, c.kind AS kind, c.department AS department, c.bucket AS bucket,
           sum(c.sign) AS contacts, c.ref AS ref, maxIf(c.contact_date, c.sign > 0) AS contact_date, argMaxIf(c.event_id, c.position, c.sign > 0) AS event_id,
           maxIf(c.position, c.sign > 0) AS position
      FROM (${inWindow}) AS c
     GROUP BY branch_id, region_id, customer_id, kind, department, bucket, ref
    HAVING contacts > 0
  )`;
}

/** How the contacts carry the dimensions (alias `w` of contactsIn). */
const CONTACT_DIMS: DimensionMap = { department: 'w.department' };

/**
 * The component rows of contacts in `window`, with `role` (SQL over `w`): one per (branch, region as
 * of the contact, bucket, dimension value, customer, role), num = the contacts (deliveries or ROs)
 * behind it (Σ sign); in lineage mode one per delivery or RO.
 */
function contactRows(window: (ctx: ComponentContext) => Window, role: string, map: DimensionMap = CONTACT_DIMS): Components {
  return components(
    map,
    (ctx, d: DimensionParts) => `
    SELECT w.branch_id AS branch_id, w.region_id AS region_id, w.bucket AS bucket, toStartOfMonth(${periodLast(ctx, 'w.bucket')}) AS month, '' AS currency,
           ${d.select} AS dim, ${dec('sum(w.contacts)')} AS num, ${ZERO} AS den, w.customer_id AS customer_id, ${role} AS role${ctx.fact('w', 'w.ref', 'w.event_id', 'w.position', 'w.contact_date')}
      FROM ${contactsIn(ctx, window(ctx))} AS w
      ${d.joins}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim, customer_id, role${ctx.factGroup}
    HAVING num > 0`,
  );
}

/**
 * How a distinct KPI aggregates its component rows (alias `b`) at the unit asked, and how its lineage
 * lists them: the rows of `factRoles` one per fact (numerator `b.num`), and one row per customer with
 * `customerNum` / `customerDen` (aggregates over the customer's rows), so that the lineage adds up to
 * the figure.
 */
export interface DistinctAggregates {
  readonly num: string;
  readonly den: string;
  readonly factRoles: readonly string[];
  readonly customerNum: string;
  readonly customerDen: string;
}

const hasRole = (role: string) => `max(toUInt8(b.role = '${role}'))`;

/** Not in the KPI month roll-up (its recompute follows the months of the facts a batch touches, a window spans 12). */
const customerSource = (parts: Components, distinct: DistinctAggregates): KpiSource => ({
  components: parts,
  money: COUNTS,
  buckets: ['month', 'quarter', 'year'],
  rollup: false,
  distinct,
});

export const CUSTOMER_BASE_KPI_SOURCES: Readonly<Record<string, KpiSource>> = {
  active_customer_base: customerSource(contactRows(twelveMonthsUpTo, 'w.kind'), {
    num: 'uniqExact(b.customer_id)',
    den: '0',
    factRoles: [],
    customerNum: '1',
    customerDen: '0',
  }),
  // Retained = |start ∩ period| = |start| + |period| − |start ∪ period|, each a distinct count at the unit.
  customer_retention: customerSource(
    union(
      contactRows(() => twelveMonthsBefore, `'start'`),
      contactRows((ctx) => thePeriod(ctx), `'period'`),
    ),
    {
      num: `uniqExactIf(b.customer_id, b.role = 'start') + uniqExactIf(b.customer_id, b.role = 'period') - uniqExact(b.customer_id)`,
      den: `uniqExactIf(b.customer_id, b.role = 'start')`,
      factRoles: [],
      customerNum: `${hasRole('start')} * ${hasRole('period')}`,
      customerDen: hasRole('start'),
    },
  ),
  // Every ROs' and deliveries' row: the ROs are the numerator, their customers and the delivered ones the denominator.
  visit_frequency: customerSource(contactRows(twelveMonthsUpTo, 'w.kind', {}), {
    num: `sumIf(b.num, b.role = 'repair_order')`,
    den: 'uniqExact(b.customer_id)',
    factRoles: ['repair_order'],
    customerNum: '0',
    customerDen: '1',
  }),
};
