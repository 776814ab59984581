import { DimensionId, DimensionMap, dimensionsUsed, DimensionQuery, filterParam, UnsupportedDimensionError } from './dimensions';

/**
 * The building blocks of every catalogue KPI's SQL. A KPI's SQL returns its *components*: one row
 * per (branch, region as of the fact's date, bucket, month, currency, dimension value `dim`) with a
 * numerator `num` and a denominator `den` (0 for a sum), both Decimal(38, 4); `dim` is '' unless the
 * query breaks the KPI down by a dimension (dimensions.ts). The engine (kpi-engine.ts) converts money
 * at each month's rate, sums components to the unit and period asked (Σ numerator ÷ Σ denominator,
 * never a mean of rates) and formats the value.
 *
 * Bound parameters every component SQL may use:
 *   {from:Date}, {to:Date}             business dates [from, to)
 *   {branches:Array(String)}           only these branches (empty = all)
 *   {default_rework_window:Int32}      the rework window when no setting exists
 *   {dim_<dimension>:Array(String)}    the values a dimension filter keeps
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
  /**
   * One bucket for the whole range asked (a distinct count over a custom range or year to date):
   * `b(date)` is {from:Date} for every date and the bucket ends at the range's last day.
   */
  readonly whole: boolean;
  /** `bucket(date)` for this query. */
  readonly b: (date: string) => string;
  /** "As closed": in a closed month only the facts recorded before the close. */
  readonly asClosed: boolean;
  /**
   * A fact table read with FINAL (deduplicated), as a subquery. `ranged` (default) keeps only the
   * business dates and branches asked, inside the subquery so ClickHouse reads no other part.
   * "As closed" leaves out the facts recorded after the close of their business date's month
   * (global_position ≥ the close's). `since`: ranged from this date expression instead of {from:Date}
   * (a rolling window reaching before the range). `allBranches`: ranged by date only, every branch's
   * facts (those credited to a branch asked may be another branch's: territory credit, ADR 29).
   */
  readonly facts: (table: string, options?: { readonly ranged?: boolean; readonly since?: string; readonly allBranches?: boolean }) => string;
  /**
   * The dimension parts of a component query, from how its facts carry each dimension: `select`
   * (the `dim` column), `joins` (what the asked dimensions need) and `where` (` AND …` for the
   * filters, or ''). A dimension the map lacks is an UnsupportedDimensionError.
   */
  readonly dims: (map: DimensionMap) => DimensionParts;
  /**
   * Lineage mode (kpi-lineage.ts): one component row per fact instead of per group. `fact(alias,
   * ref)` gives the extra SELECT columns naming the fact (`fact_id` event id, `fact_position`,
   * `fact_date` business date, `fact_ref` the RO, sale, lead or document, `fact_part` which part of a
   * union it comes from: the figure converts money per part) and `factGroup` the extra
   * GROUP BY keys; both '' outside lineage mode, so the figures' SQL is unchanged.
   */
  readonly lineage: boolean;
  readonly fact: (alias: string, ref: string, id?: string, position?: string, date?: string) => string;
  readonly factGroup: string;
}

export interface DimensionParts {
  readonly select: string;
  readonly joins: string;
  readonly where: string;
}

export function componentContext(bucket: Bucket, asClosed = false, dimensions: DimensionQuery = {}, lineage = false, whole = false): ComponentContext {
  return {
    bucket,
    whole,
    asClosed,
    b: (date) => (whole ? 'toDate({from:Date})' : bucketSql(bucket, date)),
    facts: (table, options) => facts(table, asClosed, options?.ranged ?? true, options?.since, options?.allBranches ?? false),
    dims: (map) => dimensionParts(dimensions, map),
    lineage,
    fact: (alias, ref, id = `toString(${alias}.event_id)`, position = `${alias}.global_position`, date = `${alias}.business_date`) =>
      lineage
        ? `, ${id} AS fact_id, toUInt64(${position}) AS fact_position, toDate(${date}) AS fact_date, toString(${ref}) AS fact_ref, toUInt8(0) AS fact_part`
        : '',
    factGroup: lineage ? ', fact_id, fact_position, fact_date, fact_ref, fact_part' : '',
  };
}

const stringArray = (values: readonly string[]): string => `[${values.map((v) => `'${v.replace(/[\\']/g, (c) => `\\${c}`)}'`).join(', ')}]`;

function dimensionParts(query: DimensionQuery, map: DimensionMap): DimensionParts {
  const joins = new Map<string, string>();
  const where: string[] = [];
  let select = `''`;
  for (const id of dimensionsUsed(query)) {
    const spec = map[id];
    if (spec === undefined) throw new UnsupportedDimensionError(`the facts of this KPI do not carry the dimension ${id}`);
    const filtered = query.filters?.[id] !== undefined;
    const values = `{${filterParam(id)}:Array(String)}`;
    if (typeof spec === 'object' && 'broadcast' in spec) {
      // Facts that belong to every value: one row per known value (those asked, once each).
      if (id === query.by)
        select = `arrayJoin(${filtered ? `arrayIntersect(arrayDistinct(${values}), ${stringArray(spec.broadcast)})` : stringArray(spec.broadcast)})`;
      continue;
    }
    if (typeof spec === 'object') for (const join of spec.joins ?? []) joins.set(join.name, join.sql);
    if (typeof spec === 'object' && 'array' in spec) {
      // Several values per fact: the breakdown counts it for each (those asked, with a filter); the filter keeps it once.
      if (id === query.by)
        select = filtered ? `arrayJoin(arrayIntersect(${spec.array}, ${values}))` : `arrayJoin(if(empty(${spec.array}), [''], ${spec.array}))`;
      if (filtered) where.push(`hasAny(${spec.array}, ${values})`);
      continue;
    }
    const sql = typeof spec === 'string' ? spec : spec.sql;
    if (id === query.by) select = `toString(${sql})`;
    if (filtered) where.push(`has(${values}, toString(${sql}))`);
  }
  return { select, joins: [...joins.values()].join('\n      '), where: where.map((w) => ` AND ${w}`).join('') };
}

/** A component query with the dimensions its facts carry (the KPI supports the dimensions every part carries). */
export type Components = ((ctx: ComponentContext) => string) & { readonly dimensions: readonly DimensionId[] };

/** A hand-written component query over `map`'s dimensions. */
export function components(map: DimensionMap, sql: (ctx: ComponentContext, dims: DimensionParts) => string): Components {
  return Object.assign((ctx: ComponentContext) => sql(ctx, ctx.dims(map)), { dimensions: Object.keys(map) as DimensionId[] });
}

function facts(table: string, asClosed: boolean, ranged: boolean, since: string | undefined, allBranches: boolean): string {
  const conditions = [
    ...(ranged ? [allBranches ? `t.business_date >= ${since ?? '{from:Date}'} AND t.business_date < {to:Date}` : inRange('t', 'business_date', since)] : []),
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

/**
 * The owner of the customer's market area of `alias` (a fact_vehicle_sales row) on its business
 * date (as-of join on head office's territory map; `ta.owner_id` '' when the row names no area, the
 * area is unknown or no branch owns it then). See {@link creditedBranch}.
 */
export function territoryAsOf(alias: string): string {
  return `ASOF LEFT JOIN (SELECT area, valid_from, toString(branch_id) AS owner_id FROM org_territory_assignments FINAL) AS ta
      ON ta.area = ${alias}.customer_area AND ${alias}.business_date >= ta.valid_from`;
}

/**
 * The branch a vehicle sale row is credited to (DOMAIN.md: "a deal closed in another territory is
 * credited to the territory owner"; docs/adr/0029-territory-credit.md): the owner of its customer's
 * area on its business date, else the selling branch. Needs {@link territoryAsOf} joined.
 */
export const creditedBranch = (alias: string): string => `if(ta.owner_id = '', toString(${alias}.branch_id), ta.owner_id)`;

/** Business dates in [from, to) (or from the date expression `from`) and the branches asked. */
export function inRange(alias: string, date = 'business_date', from = '{from:Date}'): string {
  return `${alias}.${date} >= ${from} AND ${alias}.${date} < {to:Date}
     AND ${inBranches(alias)}`;
}

/** The rows of `alias` at the branches asked ({branches:Array(String)}; empty = all). */
export const inBranches = (alias: string): string => `(empty({branches:Array(String)}) OR has({branches:Array(String)}, ${alias}.branch_id))`;

export const dec = (sql: string): string => `CAST(${sql} AS Decimal(38, 4))`;

/** Which parts of a KPI's components are money in the branch currency (converted when consolidating). */
export const MONEY = { num: true, den: false } as const;
export const MONEY_RATIO = { num: true, den: true } as const;
export const COUNTS = { num: false, den: false } as const;

/** Service KPIs leave internal and PDI repair orders out (fact_service_revenue and the RO facts: kpi_included = 0). */
export const KPI_ROS = 'f.kpi_included = 1';
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
  /** How the facts carry each dimension they support. */
  readonly dims?: DimensionMap;
  /** The business object a fact belongs to, shown in its lineage (default: the table's own reference). */
  readonly ref?: string;
}

/** The business object of a fact row, per fact table, for lineage. */
const FACT_REFS: Readonly<Record<string, string>> = {
  fact_vehicle_sales: 'f.vehicle_sale_id',
  fact_service_revenue: 'f.repair_order_id',
  fact_sales_leads: 'f.lead_id',
  fact_sales_test_drives: 'f.lead_id',
  fact_sales_orders: 'f.order_id',
  fact_sales_collections: 'f.vehicle_sale_id',
  fact_csi_responses: 'f.survey_id',
  fact_complaints: 'f.complaint_id',
  fact_warranty_decisions: 'f.warranty_claim_id',
  fact_parts_sales: 'f.document_id',
  fact_parts_purchases: 'f.document_id',
  fact_parts_requests: 'f.document_id',
  fact_accessory_sales: 'f.accessory_sale_id',
};

/** The lineage reference of a fact table's rows (alias `f`): its business object, else the event id. */
const factRef = (table: string): string => FACT_REFS[table] ?? 'toString(f.event_id)';

/** The components of a flow KPI over one fact table, each fact on its own business date. */
export function flow(spec: FlowSpec): Components {
  return components(
    spec.dims ?? {},
    (ctx, d) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, ${spec.currency ?? `''`} AS currency, ${d.select} AS dim,
           ${dec(spec.num)} AS num, ${spec.den ? dec(spec.den) : ZERO} AS den${ctx.fact('f', spec.ref ?? factRef(spec.table))}
      FROM ${ctx.facts(spec.table)} AS f
      ${regionAsOf('f', 'business_date')}
      ${d.joins}
     WHERE ${inRange('f')}${spec.where ? ` AND (${spec.where})` : ''}${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
  );
}

/** Several component queries whose numerators and denominators add up (e.g. responses ÷ closed ROs). */
export function union(...parts: readonly Components[]): Components {
  const dimensions = parts.reduce<readonly DimensionId[]>((common, p) => common.filter((id) => p.dimensions.includes(id)), parts[0]?.dimensions ?? []);
  return Object.assign(
    (ctx: ComponentContext) =>
      parts
        // In lineage mode each fact says which part it comes from (the figure converts each part's money on its own).
        .map((p, i) => (ctx.lineage ? `SELECT * REPLACE (toUInt8(${i}) AS fact_part) FROM (${p(ctx)})` : p(ctx)))
        .join('\n    UNION ALL\n'),
    { dimensions },
  );
}

/** The lineage columns of a closed RO (alias `c` of closedRepairOrders). */
export const closedRoFact = (ctx: ComponentContext, alias = 'c'): string =>
  ctx.fact(alias, `${alias}.repair_order_id`, `${alias}.close_event_id`, `${alias}.close_position`, `${alias}.close_date`);

/**
 * The repair orders closed in each bucket (internal and PDI excluded): Σ sign over the close (+1)
 * and reopen (−1) rows whose business date AND reversed close date fall in the bucket is positive.
 * A close undone in the same bucket does not count; one undone in a later bucket still counts in
 * its own. Columns: branch_id, repair_order_id, bucket, intake_visit_id, segment, job_type, payer,
 * advisor_id, technician_ids, currency, revenue_net, sold_hours, close_date, close_event_id and close_position
 * (of its latest row: the fact its lineage shows), region_id (as of the close), month (of the close).
 */
export function closedRepairOrders(ctx: ComponentContext): string {
  return `(
    SELECT c.*, a.region_id AS region_id, toStartOfMonth(c.close_date) AS month
      FROM (
        SELECT f.branch_id AS branch_id, f.repair_order_id AS repair_order_id, ${ctx.b('f.business_date')} AS bucket,
               any(f.intake_visit_id) AS intake_visit_id, argMax(f.segment, f.global_position) AS segment, argMax(f.job_type, f.global_position) AS job_type,
               argMax(f.payer, f.global_position) AS payer, argMax(f.advisor_id, f.global_position) AS advisor_id,
               argMax(f.technician_ids, f.global_position) AS technician_ids,
               argMax(toString(f.event_id), f.global_position) AS close_event_id, max(f.global_position) AS close_position, any(f.currency) AS currency,
               sum(f.sign) AS closes, sum(f.total_net) AS revenue_net, sum(f.sold_hours) AS sold_hours, maxIf(f.business_date, f.sign = 1) AS close_date
          FROM ${ctx.facts('fact_service_revenue')} AS f
         WHERE f.kpi_included = 1 AND ${inRange('f')}
           AND ${ctx.b('f.close_business_date')} = ${ctx.b('f.business_date')}
         GROUP BY branch_id, repair_order_id, bucket
        HAVING closes > 0
      ) AS c
      ${regionAsOf('c', 'close_date')}
  )`;
}
