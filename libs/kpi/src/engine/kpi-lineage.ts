import { ClickHouseClient } from '@app/clickhouse';
import Decimal from 'decimal.js';
import { kpiById } from '../catalogue';
import { dec, ZERO } from './component-sql';
import { dimensionsUsed } from './dimensions';
import {
  assertGrainOf,
  baseParams,
  evaluateKpi,
  FOLLOW_UP,
  formatPart,
  groupCurrency,
  inGroupCurrencySql,
  KpiPoint,
  KpiQuery,
  latestSnapshotSql,
  pointBucketSql,
  queryContext,
  UnknownKpiError,
  unitSql,
} from './kpi-engine';
import type { DistinctAggregates } from './customer-base.kpi';
import { componentsFor, KPI_SOURCES } from './kpi-sources';
import { bucketStart } from './periods';

/** The figure a lineage explains: one point of `evaluateKpi` with the same query. */
export interface LineageTarget {
  /** A branch id, a region id ('' = no region) or 'group' (the query's level). */
  readonly unitId: string;
  /** The first day of the point's period. */
  readonly periodStart: string;
  /** With `by`: the point's dimension value. */
  readonly dimensionValue?: string;
  /** In branch currency at region or group level, the point's currency (one point per currency). */
  readonly currency?: string;
}

/** One fact behind a figure and what it adds to the numerator and the denominator. */
export interface LineageFact {
  readonly eventId: string;
  readonly position: string;
  readonly businessDate: string;
  /** The repair order, vehicle sale, order, lead, survey, document… the fact belongs to. */
  readonly reference: string;
  readonly branchId: string;
  /** `YYYY-MM` of the business date (the month of the exchange rate). */
  readonly month: string;
  /** The branch currency of a money figure; null for a KPI without money. */
  readonly currency: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
}

/** Group currency: the facts' branch-currency sums per component, at the month's rate, rounded as the figure is. */
export interface LineageConversion {
  readonly branchId: string;
  readonly month: string;
  readonly currency: string;
  readonly rate: string;
  readonly numerator: string;
  readonly numeratorConverted: string;
  readonly denominator: string | null;
  readonly denominatorConverted: string | null;
}

export interface KpiLineage {
  readonly point: KpiPoint | null;
  readonly facts: LineageFact[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** The figure's numerator and denominator from its facts: Σ of every fact (all pages) in their currency; consolidated, Σ of the conversions. */
  readonly sums: { readonly numerator: string; readonly denominator: string | null };
  /** When the figure is consolidated into the group currency: the conversions whose Σ is the figure. */
  readonly conversions: LineageConversion[] | null;
}

export class UnsupportedLineageError extends RangeError {}

const D = Decimal.clone({ precision: 60 });

/**
 * The facts behind one figure of a KPI (same query, same unit, period and dimension value), paged,
 * in store order: each with what it adds to the numerator and denominator, so that Σ over all pages
 * is the figure's (in the branch currency; consolidated figures come with the conversions). Read
 * through the same component SQL as the figure, in lineage mode: one row per fact instead of per
 * group. "As closed" and every filter apply as they do to the figure.
 */
export async function kpiLineage(
  client: ClickHouseClient,
  kpiId: string,
  query: KpiQuery,
  target: LineageTarget,
  page = 1,
  pageSize = 100,
): Promise<KpiLineage> {
  const definition = kpiById(kpiId);
  const source = KPI_SOURCES[kpiId];
  if (kpiId === FOLLOW_UP) throw new UnsupportedLineageError(`${kpiId} is computed with each branch's working-day calendar: its lineage is not listed`);
  if (!definition || !source) throw new UnknownKpiError(`no measured KPI ${kpiId}`);
  assertGrainOf(kpiId, source, query);
  // The whole range is one point, starting on the range's first day.
  const start = query.whole ? query.from : bucketStart(query.bucket, target.periodStart);
  const money = source.money.num || source.money.den;
  const consolidate = query.currency === 'group' && money;
  if (money && !consolidate && query.level !== 'branch' && target.currency === undefined) {
    throw new UnsupportedLineageError(`${kpiId} in branch currency above branch level has one figure per currency: name the point's currency`);
  }
  const components = componentsFor(source, dimensionsUsed(query))(queryContext(source, query, true));
  // A snapshot is a state: the latest month per branch, period and dimension value, as for the figure.
  const facts = definition.rollUp === 'snapshot' && !source.distinct ? latestSnapshotSql(components, query) : components;
  const where = [
    query.level === 'group' ? '1' : `toString(${unitSql(query.level)}) = {unit:String}`,
    `${pointBucketSql(query)} = {bucket_start:Date}`,
    '(empty({regions:Array(String)}) OR has({regions:Array(String)}, b.region_id))',
    ...(query.by ? ['toString(b.dim) = {dim_value:String}'] : []),
    ...(money && !consolidate && target.currency !== undefined ? ['toString(b.currency) = {point_currency:String}'] : []),
  ].join(' AND ');
  const listed = source.distinct ? distinctLineageSql(source.distinct, facts, where) : facts;
  const gc = consolidate ? await (query.settings?.groupCurrency() ?? groupCurrency(client)) : '';
  const params = {
    ...baseParams(query),
    unit: target.unitId,
    bucket_start: start,
    dim_value: target.dimensionValue ?? '',
    point_currency: target.currency ?? '',
    gc,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const [rows, totals, conversions, points] = await Promise.all([
    client.query<{
      event_id: string;
      position: string;
      business_date: string;
      reference: string;
      branch_id: string;
      month: string;
      currency: string;
      num: string;
      den: string;
    }>(
      `SELECT toString(b.fact_id) AS event_id, toString(b.fact_position) AS position, toString(b.fact_date) AS business_date, toString(b.fact_ref) AS reference,
              toString(b.branch_id) AS branch_id, formatDateTime(b.month, '%Y-%m') AS month, toString(b.currency) AS currency, toString(b.num) AS num, toString(b.den) AS den
         FROM (${listed}) AS b
        WHERE ${where}
        ORDER BY b.fact_position, b.fact_ref, b.branch_id
        LIMIT {limit:UInt32} OFFSET {offset:UInt64}`,
      params,
    ),
    client.query<{ n: string; num: string; den: string }>(
      `SELECT toString(count()) AS n, toString(sum(b.num)) AS num, toString(sum(b.den)) AS den FROM (${listed}) AS b WHERE ${where}`,
      params,
    ),
    consolidate
      ? client.query<{
          branch_id: string;
          month: string;
          currency: string;
          rate: string;
          num: string;
          num_converted: string;
          den: string;
          den_converted: string;
        }>(
          `SELECT toString(b.branch_id) AS branch_id, formatDateTime(b.month, '%Y-%m') AS month, toString(b.currency) AS currency,
                  toString(if(b.currency = {gc:String}, toDecimal64(1, 8), any(r.rate))) AS rate,
                  toString(sum(b.num)) AS num, toString(${inGroupCurrencySql('sum(b.num)', 'any(r.rate)')}) AS num_converted,
                  toString(sum(b.den)) AS den, toString(${inGroupCurrencySql('sum(b.den)', 'any(r.rate)')}) AS den_converted
             FROM (${listed}) AS b
             LEFT JOIN (SELECT from_currency, month, rate FROM dim_exchange_rate WHERE to_currency = {gc:String}) AS r ON r.from_currency = b.currency AND r.month = b.month
            WHERE ${where}
            GROUP BY b.branch_id, b.region_id, b.bucket, b.month, b.currency, b.dim, b.fact_part
            ORDER BY branch_id, month, currency`,
          params,
        )
      : Promise.resolve(null),
    evaluateKpi(client, kpiId, query),
  ]);
  const isRatio = definition.rollUp === 'ratio' || definition.rollUp === 'mean';
  const point =
    points.find(
      (p) =>
        p.unitId === target.unitId &&
        p.periodStart === start &&
        (query.by === undefined || p.dimensionValue === (target.dimensionValue ?? '')) &&
        (consolidate || !money || target.currency === undefined || p.currency === target.currency),
    ) ?? null;
  const sum = totals[0] ?? { n: '0', num: '0', den: '0' };
  return {
    point,
    facts: rows.map((r) => ({
      eventId: r.event_id,
      position: r.position,
      businessDate: r.business_date,
      reference: r.reference,
      branchId: r.branch_id,
      month: r.month,
      currency: money ? r.currency : null,
      numerator: formatPart(r.num, source.money.num),
      denominator: isRatio ? formatPart(r.den, source.money.den) : null,
    })),
    total: Number(sum.n),
    page,
    pageSize,
    sums: consolidate
      ? {
          numerator: formatPart((conversions ?? []).reduce((t, c) => t.add(source.money.num ? c.num_converted : c.num), new D(0)).toString(), source.money.num),
          denominator: isRatio
            ? formatPart((conversions ?? []).reduce((t, c) => t.add(source.money.den ? c.den_converted : c.den), new D(0)).toString(), source.money.den)
            : null,
        }
      : { numerator: formatPart(sum.num ?? '0', source.money.num), denominator: isRatio ? formatPart(sum.den ?? '0', source.money.den) : null },
    conversions:
      conversions?.map((c) => ({
        branchId: c.branch_id,
        month: c.month,
        currency: c.currency,
        rate: new D(c.rate).toString(),
        numerator: formatPart(c.num, source.money.num),
        numeratorConverted: formatPart(source.money.num ? c.num_converted : c.num, source.money.num),
        denominator: isRatio ? formatPart(c.den, source.money.den) : null,
        denominatorConverted: isRatio ? formatPart(source.money.den ? c.den_converted : c.den, source.money.den) : null,
      })) ?? null,
  };
}

/**
 * The lineage of a distinct count (customer-base.kpi.ts), in the unit and period asked (`where`):
 * the rows of the fact roles one per fact (a repair order of visit frequency), and one row per
 * customer with their latest contact (event, date, branch) and what they add to the numerator and the
 * denominator (0 or 1 each), so that Σ is the figure. Customers adding nothing are left out.
 */
function distinctLineageSql(distinct: DistinctAggregates, facts: string, where: string): string {
  const perFact =
    distinct.factRoles.length === 0
      ? []
      : [
          `SELECT b.fact_id AS fact_id, b.fact_position AS fact_position, b.fact_date AS fact_date, b.fact_ref AS fact_ref, b.fact_part AS fact_part,
                  b.branch_id AS branch_id, b.region_id AS region_id, b.bucket AS bucket, b.month AS month, b.currency AS currency, b.dim AS dim,
                  b.num AS num, ${ZERO} AS den
             FROM (${facts}) AS b
            WHERE ${where} AND has([${distinct.factRoles.map((r) => `'${r}'`).join(', ')}], b.role)`,
        ];
  const latest = (column: string) => `argMax(b.${column}, (b.fact_date, b.fact_position))`;
  const perCustomer = `SELECT ${latest('fact_id')} AS fact_id, ${latest('fact_position')} AS fact_position, max(b.fact_date) AS fact_date,
                  toString(b.customer_id) AS fact_ref, toUInt8(0) AS fact_part, ${latest('branch_id')} AS branch_id, ${latest('region_id')} AS region_id,
                  any(b.bucket) AS bucket, any(b.month) AS month, any(b.currency) AS currency, any(b.dim) AS dim,
                  ${dec(distinct.customerNum)} AS num, ${dec(distinct.customerDen)} AS den
             FROM (${facts}) AS b
            WHERE ${where}
            GROUP BY b.customer_id
           HAVING num != 0 OR den != 0`;
  return [...perFact, perCustomer].join('\n    UNION ALL\n');
}
