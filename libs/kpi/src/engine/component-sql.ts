/**
 * The building blocks of every catalogue KPI's SQL. A KPI's SQL returns its *components*: one row
 * per (branch, region as of the fact's date, bucket, month, currency) with a numerator `num` and a
 * denominator `den` (0 for a sum), both Decimal(38, 4). The engine (kpi-engine.ts) converts money
 * at each month's rate, sums components to the unit and period asked (Σ numerator ÷ Σ denominator,
 * never a mean of rates) and formats the value.
 *
 * Bound parameters every component SQL may use:
 *   {from:Date}, {to:Date}             business dates [from, to)
 *   {branches:Array(String)}           only these branches (empty = all)
 *   {default_rework_window:Int32}      the rework window when no setting exists
 * Fixed fragments (never values) choose the bucket: day, week (Monday), month, quarter or year.
 */

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month', 'quarter', 'year'];

/** SQL for the first day of the bucket containing a date expression. */
export function bucketSql(bucket: Bucket, date: string): string {
  switch (bucket) {
    case 'day':
      return `toDate(${date})`;
    case 'week':
      return `toMonday(${date})`;
    case 'month':
      return `toStartOfMonth(${date})`;
    case 'quarter':
      return `toStartOfQuarter(${date})`;
    case 'year':
      return `toStartOfYear(${date})`;
  }
}

export interface ComponentContext {
  readonly bucket: Bucket;
  /** `bucket(date)` for this query. */
  readonly b: (date: string) => string;
  /** "As closed": in a closed month only the facts recorded before the close. */
  readonly asClosed: boolean;
  /**
   * A fact table read with FINAL (deduplicated), as a subquery. `ranged` (default) keeps only the
   * business dates and branches asked, inside the subquery so ClickHouse reads no other part.
   * "As closed" leaves out the facts recorded after the close of their business date's month
   * (global_position ≥ the close's).
   */
  readonly facts: (table: string, options?: { readonly ranged?: boolean }) => string;
}

export function componentContext(bucket: Bucket, asClosed = false): ComponentContext {
  return { bucket, asClosed, b: (date) => bucketSql(bucket, date), facts: (table, options) => facts(table, asClosed, options?.ranged ?? true) };
}

function facts(table: string, asClosed: boolean, ranged: boolean): string {
  const conditions = [
    ...(ranged ? [inRange('t')] : []),
    ...(asClosed ? ['(pc.closed_position = 0 OR t.global_position < pc.closed_position)'] : []),
  ];
  return `(SELECT t.* FROM ${table} AS t FINAL
      ${asClosed ? 'LEFT JOIN (SELECT month, closed_position FROM org_period_closes FINAL) AS pc ON pc.month = toStartOfMonth(t.business_date)' : ''}
      ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''})`;
}

/** The region of `alias.branch_id` on `alias.<date>` (as-of join; '' before any assignment). */
export function regionAsOf(alias: string, date: string): string {
  return `ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
      ON ${alias}.branch_id = a.branch_id AND ${alias}.${date} >= a.valid_from`;
}

/** Business dates in [from, to) and the branches asked. */
export function inRange(alias: string, date = 'business_date'): string {
  return `${alias}.${date} >= {from:Date} AND ${alias}.${date} < {to:Date}
     AND (empty({branches:Array(String)}) OR has({branches:Array(String)}, ${alias}.branch_id))`;
}

export const dec = (sql: string): string => `CAST(${sql} AS Decimal(38, 4))`;
export const ZERO = dec('0');

export interface FlowSpec {
  /** A fact table with branch_id, business_date, global_position. */
  readonly table: string;
  /** Aggregate over `f` for the numerator. */
  readonly num: string;
  /** Aggregate over `f` for the denominator (omit for a sum KPI). */
  readonly den?: string;
  /** Extra condition on `f`. */
  readonly where?: string;
  /** SQL of the money currency (`f.currency`); omit when neither part is money. */
  readonly currency?: string;
}

/** The components of a flow KPI over one fact table, each fact on its own business date. */
export function flow(spec: FlowSpec): (ctx: ComponentContext) => string {
  return (ctx) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, ${spec.currency ?? `''`} AS currency,
           ${dec(spec.num)} AS num, ${spec.den ? dec(spec.den) : ZERO} AS den
      FROM ${ctx.facts(spec.table)} AS f
      ${regionAsOf('f', 'business_date')}
     WHERE ${inRange('f')}${spec.where ? ` AND (${spec.where})` : ''}
     GROUP BY branch_id, region_id, bucket, month, currency`;
}

/** Several component queries whose numerators and denominators add up (e.g. responses ÷ closed ROs). */
export function union(...parts: ReadonlyArray<(ctx: ComponentContext) => string>): (ctx: ComponentContext) => string {
  return (ctx) => parts.map((p) => p(ctx)).join('\n    UNION ALL\n');
}

/**
 * The repair orders closed in each bucket (internal and PDI excluded): Σ sign over the close (+1)
 * and reopen (−1) rows whose business date AND reversed close date fall in the bucket is positive.
 * A close undone in the same bucket does not count; one undone in a later bucket still counts in
 * its own. Columns: branch_id, repair_order_id, bucket, intake_visit_id, segment, currency,
 * revenue_net, close_date, region_id (as of the close), month (of the close).
 */
export function closedRepairOrders(ctx: ComponentContext): string {
  return `(
    SELECT c.*, a.region_id AS region_id, toStartOfMonth(c.close_date) AS month
      FROM (
        SELECT f.branch_id AS branch_id, f.repair_order_id AS repair_order_id, ${ctx.b('f.business_date')} AS bucket,
               any(f.intake_visit_id) AS intake_visit_id, any(f.segment) AS segment, any(f.currency) AS currency,
               sum(f.sign) AS closes, sum(f.total_net) AS revenue_net, maxIf(f.business_date, f.sign = 1) AS close_date
          FROM ${ctx.facts('fact_service_revenue')} AS f
         WHERE f.kpi_included = 1 AND ${inRange('f')}
           AND ${ctx.b('f.close_business_date')} = ${ctx.b('f.business_date')}
         GROUP BY branch_id, repair_order_id, bucket
        HAVING closes > 0
      ) AS c
      ${regionAsOf('c', 'close_date')}
  )`;
}
