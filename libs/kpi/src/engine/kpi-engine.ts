import { ClickHouseClient, QueryParams } from '@app/clickhouse';
import Decimal from 'decimal.js';
import { kpiById } from '../catalogue';
import { KpiDefinition, KpiUnit } from '../catalogue/kpi-definition';
import { Bucket, ComponentContext, componentContext, dec } from './component-sql';
import { DimensionId, DimensionQuery, dimensionsUsed, filterParam, UnsupportedDimensionError } from './dimensions';
import { followUpWithinWorkingDays } from './follow-up.kpi';
import { kpiRollupIsCurrent, rollupComponentsSql } from './kpi-rollup';
import { componentsFor, KPI_SOURCES, KpiSource } from './kpi-sources';
import { MissingExchangeRateError } from './missing-exchange-rate.error';
import { addDays, bucketEnd, bucketLabel, bucketStart, isoDate } from './periods';
import { DEFAULT_REWORK_WINDOW_DAYS, reworkWindows, windowInForce } from './rework-window';

export type KpiLevel = 'group' | 'region' | 'branch';

export interface KpiQuery extends DimensionQuery {
  /** First business date, `YYYY-MM-DD` (inclusive). */
  readonly from: string;
  /** Last business date, `YYYY-MM-DD` (inclusive). */
  readonly to: string;
  readonly bucket: Bucket;
  /**
   * One figure for the whole range [from, to] instead of one per bucket (a custom range, year to
   * date): Σ numerator and Σ denominator of its months (money converted at each month's rate, then
   * summed), a snapshot's latest month, a distinct count over the range itself (ADR 25). `bucket` is
   * then ignored; the point's period is `rangeLabel(from, to)`.
   */
  readonly whole?: boolean;
  readonly level: KpiLevel;
  /** Only these branches (the caller's access scope intersected with the filter); undefined = all. */
  readonly branchIds?: readonly string[];
  /** Only figures of branches while they belonged to these regions. */
  readonly regionIds?: readonly string[];
  /** Money in each branch's currency, or consolidated into the group currency at each month's rate. */
  readonly currency: 'branch' | 'group';
  /** "as closed": in closed months only the events recorded before the close. Default restated. */
  readonly asClosed?: boolean;
  /** The instant of the report: decides the provisional flags. */
  readonly now: Date;
  /**
   * Read whole months from the KPI roll-up (the same components, kept by the projector; see
   * kpi-rollup.ts) once it holds the current definition: the pages that need speed over the last
   * second of freshness (scorecard, monthly summary). Other grains and ranges read the facts.
   */
  readonly rollup?: boolean;
  /** Settings read once for the evaluations of one report (group currency, rework windows). */
  readonly settings?: KpiSettings;
}

/** The settings an evaluation reads, each read at most once per instance (one report). */
export class KpiSettings {
  private currency?: Promise<string>;
  private windows?: ReturnType<typeof reworkWindows>;
  constructor(private readonly client: ClickHouseClient) {}
  groupCurrency(): Promise<string> {
    return (this.currency ??= groupCurrency(this.client));
  }
  reworkWindows(): ReturnType<typeof reworkWindows> {
    return (this.windows ??= reworkWindows(this.client));
  }
}

/** One figure of a KPI for a unit (branch, region or the group) and a period. */
export interface KpiPoint {
  readonly level: KpiLevel;
  /** A branch id, a region id ('' = branches without a region on that date) or 'group'. */
  readonly unitId: string;
  /** `2026-01-15`, `2026-W03`, `2026-01`, `2026-Q1` or `2026`. */
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The currency of money figures; null for a KPI without money. */
  readonly currency: string | null;
  /** The figure, as an exact decimal string; null when the denominator is zero. */
  readonly value: string | null;
  readonly numerator: string;
  /** null for sums and snapshots. */
  readonly denominator: string | null;
  /** The figure may still change by design (comeback window, late surveys, follow-up calls). */
  readonly provisional: boolean;
  readonly provisionalUntil: string | null;
  /** The dimension value of the point when the query breaks the KPI down (`by`); '' = facts without one. */
  readonly dimensionValue?: string;
}

export class UnknownKpiError extends RangeError {}
export class UnsupportedBucketError extends RangeError {}
/** Consolidated money without a rate for a branch currency and month. */
export { MissingExchangeRateError };

/** Surveys are expected within this many days after the period: CSI figures are provisional until then. */
export const CSI_SURVEY_WINDOW_DAYS = 60;
const CSI_KPIS = new Set(['csi_service', 'csi_sales', 'csi_response_rate', 'csi_top_box']);

/** The KPIs of the catalogue that have figures of their own (the plan KPIs derive from these). */
export function isMeasuredKpi(id: string): boolean {
  return Object.hasOwn(KPI_SOURCES, id) || id === FOLLOW_UP;
}

/** A distinct count (customer-base.kpi.ts): its values never add up, over units, months or the values of a breakdown. */
export function isDistinctKpi(id: string): boolean {
  return KPI_SOURCES[id]?.distinct !== undefined;
}

/** The follow-up KPI: computed with each branch's working-day calendar (follow-up.kpi.ts), not component SQL. */
export const FOLLOW_UP = 'follow_up_within_3_working_days';

const SCALE: Record<KpiUnit, number> = {
  money: 2,
  percent: 2,
  count: 0,
  hours: 2,
  money_per_hour: 2,
  money_per_unit: 2,
  score: 2,
  days: 1,
  per_customer: 2,
};

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

/** The value of a KPI from its summed numerator and denominator, exactly, at the unit's scale. */
export function kpiValue(definition: KpiDefinition, numerator: string, denominator: string | null): string | null {
  const scale = SCALE[definition.unit];
  if (definition.rollUp === 'sum' || definition.rollUp === 'snapshot') return new D(numerator).toFixed(scale);
  if (denominator === null || new D(denominator).isZero()) return null;
  const ratio = new D(numerator).div(denominator).div(definition.valueDivisor ?? 1);
  return (definition.unit === 'percent' ? ratio.mul(100) : ratio).toFixed(scale);
}

/**
 * A component's money in the group currency: its amount in the branch currency (`b.currency`) at
 * the month's rate, rounded to the cent per component (per branch, region, period, month, currency
 * and dimension value); the group's own currency at 1.
 */
export function inGroupCurrencySql(amount: string, rate: string): string {
  return `CAST(round(CAST(${amount} AS Decimal(38, 4)) * if(b.currency = {gc:String}, toDecimal64(1, 8), ${rate}), 2) AS Decimal(38, 4))`;
}

/** A numerator or denominator as shown: money to the cent, anything else exact without trailing zeros. */
export function formatPart(value: string, isMoney: boolean): string {
  const d = new D(value);
  if (isMoney) return d.toFixed(2);
  return d.isInteger() ? d.toFixed(0) : d.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

export function unitSql(level: KpiLevel): string {
  switch (level) {
    case 'branch':
      return 'b.branch_id';
    case 'region':
      return 'b.region_id';
    case 'group':
      return `'group'`;
  }
}

/** The group currency: the `group_currency` setting in force today. */
export async function groupCurrency(client: ClickHouseClient): Promise<string> {
  const rows = await client.query<{ value: string }>(
    `SELECT value FROM org_kpi_settings FINAL WHERE key = 'group_currency' AND valid_from <= today() ORDER BY valid_from DESC, global_position DESC LIMIT 1`,
  );
  return rows[0]?.value ?? 'CNY';
}

/**
 * Evaluates a KPI of the catalogue: components from its SQL, money converted per month when
 * consolidating, summed to the level and bucket asked, value = f(Σ numerator, Σ denominator).
 */
export async function evaluateKpi(client: ClickHouseClient, kpiId: string, query: KpiQuery): Promise<KpiPoint[]> {
  return (await evaluateKpis(client, [kpiId], query)).get(kpiId) ?? [];
}

/**
 * The component context of a query: its bucket; for the whole range, month components (added up
 * over the range by the caller), or one bucket for the range when the KPI is a distinct count.
 */
export function queryContext(source: KpiSource, query: KpiQuery, lineage = false): ComponentContext {
  const whole = query.whole === true;
  return componentContext(whole ? 'month' : query.bucket, query.asClosed ?? false, query, lineage, whole && source.distinct !== undefined);
}

/** The SQL of a component row's bucket as the points group it: the range's first day for the whole range. */
export const pointBucketSql = (query: KpiQuery, alias = 'b'): string => (query.whole ? 'toDate({from:Date})' : `${alias}.bucket`);

/** A snapshot keeps, per branch, bucket (or the whole range) and dimension value, the latest month only. */
export const latestSnapshotSql = (components: string, query: KpiQuery): string =>
  `SELECT * FROM (${components}) ORDER BY month DESC LIMIT 1 BY branch_id, ${query.whole ? '' : 'bucket, '}dim`;

/** `2026-02..2026-05` (whole months) or `2026-02-10..2026-05-20`: the period of a whole-range point. */
export function rangeLabel(from: string, to: string): string {
  return from.endsWith('-01') && addDays(to, 1).endsWith('-01') ? `${from.slice(0, 7)}..${to.slice(0, 7)}` : `${from}..${to}`;
}

/** The SQL of one KPI's points (unit, bucket, currency, Σ num, Σ den), tagged with its id. */
function pointsSql(kpiId: string, definition: KpiDefinition, source: KpiSource, query: KpiQuery, consolidate: boolean): string {
  const components = componentsFor(source, dimensionsUsed(query))(queryContext(source, query));
  // A snapshot is a state: per branch, bucket (and dimension value) keep the latest month only.
  const inner = definition.rollUp === 'snapshot' && !source.distinct ? latestSnapshotSql(components, query) : components;
  // A distinct count is aggregated at the unit asked (customer ids, never branch figures added up).
  const convert = (part: 'num' | 'den', isMoney: boolean) =>
    source.distinct ? dec(source.distinct[part]) : consolidate && isMoney ? `sum(${inGroupCurrencySql(`b.${part}`, 'r.rate')})` : `sum(b.${part})`;
  return `
SELECT '${kpiId}' AS kpi,
       toString(${unitSql(query.level)}) AS unit_id,
       toString(${pointBucketSql(query)}) AS bucket_start,
       toString(b.dim) AS dim,
       ${consolidate ? '{gc:String}' : 'toString(b.currency)'} AS cur,
       ${consolidate ? `min(toUInt8(b.currency = {gc:String} OR r.from_currency != ''))` : 'toUInt8(1)'} AS has_rate,
       toString(${convert('num', source.money.num)}) AS num,
       toString(${convert('den', source.money.den)}) AS den
  FROM (${inner}) AS b
  ${consolidate ? `LEFT JOIN (SELECT from_currency, month, rate FROM dim_exchange_rate WHERE to_currency = {gc:String}) AS r ON r.from_currency = b.currency AND r.month = b.month` : ''}
 WHERE (empty({regions:Array(String)}) OR has({regions:Array(String)}, b.region_id))
 GROUP BY unit_id, bucket_start, dim, cur`;
}

/**
 * The points of several KPIs from the KPI roll-up (whole months): one read of the roll-up, money
 * converted for the KPIs listed in {converted_num} / {converted_den}, grouped like pointsSql.
 * At month grain a snapshot KPI has one row per branch and bucket already.
 */
function rollupPointsSql(query: KpiQuery, consolidating: boolean): string {
  const convert = (part: 'num' | 'den') =>
    consolidating ? `sum(if(has({converted_${part}:Array(String)}, b.kpi), ${inGroupCurrencySql(`b.${part}`, 'r.rate')}, b.${part}))` : `sum(b.${part})`;
  return `
SELECT toString(b.kpi) AS kpi,
       toString(${unitSql(query.level)}) AS unit_id,
       toString(b.bucket) AS bucket_start,
       '' AS dim,
       ${consolidating ? `if(has({consolidated:Array(String)}, b.kpi), {gc:String}, toString(b.currency))` : 'toString(b.currency)'} AS cur,
       ${consolidating ? `min(if(has({consolidated:Array(String)}, b.kpi), toUInt8(b.currency = {gc:String} OR r.from_currency != ''), toUInt8(1)))` : 'toUInt8(1)'} AS has_rate,
       toString(${convert('num')}) AS num,
       toString(${convert('den')}) AS den
  FROM (${rollupComponentsSql(query.asClosed ?? false)}) AS b
  ${consolidating ? `LEFT JOIN (SELECT from_currency, month, rate FROM dim_exchange_rate WHERE to_currency = {gc:String}) AS r ON r.from_currency = b.currency AND r.month = b.month` : ''}
 WHERE (empty({regions:Array(String)}) OR has({regions:Array(String)}, b.region_id))
 GROUP BY kpi, unit_id, bucket_start, cur
 ORDER BY kpi, unit_id, bucket_start, cur`;
}

/**
 * Evaluates several KPIs of the catalogue in one ClickHouse query (their SQL side by side, UNION
 * ALL), for the monthly summary and the scorecard. Same figures as one KPI at a time.
 */
export async function evaluateKpis(client: ClickHouseClient, kpiIds: readonly string[], query: KpiQuery): Promise<Map<string, KpiPoint[]>> {
  const out = new Map<string, KpiPoint[]>();
  const parts: { id: string; definition: KpiDefinition; source: KpiSource }[] = [];
  let followUp: KpiDefinition | undefined;
  for (const kpiId of new Set(kpiIds)) {
    const definition = kpiById(kpiId);
    if (!definition || !isMeasuredKpi(kpiId)) throw new UnknownKpiError(`no measured KPI ${kpiId}`);
    if (kpiId === FOLLOW_UP) {
      assertGrainOf(kpiId, undefined, query);
      if (dimensionsUsed(query).length > 0) throw new UnsupportedDimensionError(`${kpiId} cannot be broken down by dimension`);
      followUp = definition;
      continue;
    }
    const source = KPI_SOURCES[kpiId];
    if (!source) throw new UnknownKpiError(`no measured KPI ${kpiId}`);
    const used = dimensionsUsed(query);
    const unsupported = used.find((id) => !componentsFor(source, used).dimensions.includes(id));
    if (unsupported) throw new UnsupportedDimensionError(`${kpiId} cannot be broken down or filtered by ${unsupported}: its facts do not carry it`);
    assertGrainOf(kpiId, source, query);
    parts.push({ id: kpiId, definition, source });
  }
  if (!followUp) return evaluateSqlKpis(client, parts, query, out);
  // The follow-up KPI's own queries run beside the others'.
  const [followUpResult] = await Promise.all([followUpPoints(client, followUp, query), evaluateSqlKpis(client, parts, query, out)]);
  out.set(FOLLOW_UP, followUpResult);
  return new Map([...new Set(kpiIds)].map((id) => [id, out.get(id) ?? []])); // in the order asked
}

async function evaluateSqlKpis(
  client: ClickHouseClient,
  parts: readonly { id: string; definition: KpiDefinition; source: KpiSource }[],
  query: KpiQuery,
  out: Map<string, KpiPoint[]>,
): Promise<Map<string, KpiPoint[]>> {
  if (parts.length === 0) return out;
  // KPIs the roll-up does not hold read the facts, beside the others.
  const factsOnly = query.rollup === true && !query.whole ? parts.filter((p) => p.source.rollup === false) : [];
  if (factsOnly.length > 0) {
    await Promise.all([
      evaluateSqlKpis(client, factsOnly, { ...query, rollup: false }, out),
      evaluateSqlKpis(
        client,
        parts.filter((p) => p.source.rollup !== false),
        query,
        out,
      ),
    ]);
    return out;
  }
  const consolidates = (source: KpiSource) => query.currency === 'group' && (source.money.num || source.money.den);
  const gc = parts.some((p) => consolidates(p.source)) ? await (query.settings?.groupCurrency() ?? groupCurrency(client)) : '';
  const fromRollup =
    query.rollup === true &&
    !query.whole &&
    query.bucket === 'month' &&
    isWholeMonths(query) &&
    dimensionsUsed(query).length === 0 &&
    (await kpiRollupIsCurrent(client));
  const consolidated = parts.filter((p) => consolidates(p.source));
  // Rework's windows (when a month's figure stops being provisional) are read beside the figures.
  const windowsRead = parts.some((p) => p.id === 'rework_rate') ? (query.settings?.reworkWindows() ?? reworkWindows(client)) : undefined;
  windowsRead?.catch(() => undefined); // awaited below; not unhandled if the figures fail first
  const sql = fromRollup
    ? rollupPointsSql(query, consolidated.length > 0)
    : // ORDER BY after a UNION ALL would sort only its last SELECT: the union is a subquery.
      `SELECT * FROM (${parts.map((p) => pointsSql(p.id, p.definition, p.source, query, consolidates(p.source))).join('\nUNION ALL\n')})
ORDER BY kpi, unit_id, bucket_start, dim, cur`;
  const rows = await client.query<{
    kpi: string;
    unit_id: string;
    bucket_start: string;
    dim: string;
    cur: string;
    has_rate: number | string;
    num: string;
    den: string;
  }>(sql, {
    ...baseParams(query),
    gc,
    ...(fromRollup
      ? {
          kpis: parts.map((p) => p.id),
          consolidated: consolidated.map((p) => p.id),
          converted_num: consolidated.filter((p) => p.source.money.num).map((p) => p.id),
          converted_den: consolidated.filter((p) => p.source.money.den).map((p) => p.id),
        }
      : {}),
  });
  const missing = rows.find((r) => Number(r.has_rate) !== 1);
  if (missing) throw new MissingExchangeRateError(`no exchange rate into ${gc} for a branch currency in ${missing.bucket_start} (${missing.unit_id})`);
  const windows = windowsRead ? await windowsRead : [];
  const now = isoDate(query.now);
  for (const { id, definition, source } of parts) {
    const isRatio = definition.rollUp === 'ratio' || definition.rollUp === 'mean';
    out.set(
      id,
      rows
        .filter((r) => r.kpi === id)
        .map((r) => {
          const start = r.bucket_start;
          const end = query.whole ? query.to : bucketEnd(query.bucket, start);
          const provisionalUntil = provisionalUntilOf(id, end, windowInForce(windows, end));
          const numerator = formatPart(r.num, source.money.num);
          const denominator = isRatio ? formatPart(r.den, source.money.den) : null;
          return {
            level: query.level,
            unitId: r.unit_id,
            period: query.whole ? rangeLabel(start, end) : bucketLabel(query.bucket, start),
            periodStart: start,
            periodEnd: end,
            currency: source.money.num || source.money.den ? r.cur : null,
            value: kpiValue(definition, numerator, denominator),
            numerator,
            denominator,
            provisional: provisionalUntil !== null && now <= provisionalUntil,
            provisionalUntil,
            ...(query.by ? { dimensionValue: r.dim } : {}),
          };
        }),
    );
  }
  return out;
}

/** From the first day of a month to the last day of a month. */
function isWholeMonths(query: KpiQuery): boolean {
  return query.from.endsWith('-01') && addDays(query.to, 1).endsWith('-01');
}

/**
 * The grain check of a KPI for a query: a bucket the KPI is defined at, and for a whole range of a KPI
 * kept by month (market cells, month-end stock, customer windows, the follow-up's months) whole months
 * only — a range cut inside a month would pair a month's figure with part of the month.
 */
export function assertGrainOf(kpiId: string, source: Pick<KpiSource, 'buckets' | 'distinct'> | undefined, query: KpiQuery): void {
  const monthly = kpiId === FOLLOW_UP || (source?.buckets !== undefined && !source.buckets.includes('day'));
  if (query.whole) {
    if (monthly && !isWholeMonths(query))
      throw new UnsupportedBucketError(`${kpiId} is kept by month: a range must be whole months (from the 1st to a month's last day)`);
    return;
  }
  if (source?.buckets && !source.buckets.includes(query.bucket)) {
    throw new UnsupportedBucketError(
      source.distinct
        ? `${kpiId} is a distinct count over 12 months: grain must be one of ${source.buckets.join(', ')}`
        : `${kpiId} is defined at ${source.buckets.join(', ')} grain only`,
    );
  }
}

export function baseParams(query: KpiQuery): QueryParams {
  if (query.from > query.to) throw new RangeError(`from ${query.from} is after to ${query.to}`);
  return {
    from: query.from,
    to: addDays(query.to, 1),
    branches: [...(query.branchIds ?? [])],
    regions: [...(query.regionIds ?? [])],
    default_rework_window: DEFAULT_REWORK_WINDOW_DAYS,
    ...Object.fromEntries(Object.entries(query.filters ?? {}).map(([id, values]) => [filterParam(id as DimensionId), [...(values ?? [])]])),
  };
}

function provisionalUntilOf(kpiId: string, periodEnd: string, reworkWindow: number): string | null {
  if (kpiId === 'rework_rate') return addDays(periodEnd, reworkWindow);
  if (CSI_KPIS.has(kpiId)) return addDays(periodEnd, CSI_SURVEY_WINDOW_DAYS);
  return null;
}

/**
 * Follow-up within N working days needs each branch's working-day calendar, computed in
 * TypeScript (follow-up.kpi.ts, working-days.ts) per month; months add up to quarters and
 * years, branches to regions and the group (Σ reached ÷ Σ closed). "As closed" is not applied to it.
 */
async function followUpPoints(client: ClickHouseClient, definition: KpiDefinition, query: KpiQuery): Promise<KpiPoint[]> {
  if (!query.whole && (query.bucket === 'day' || query.bucket === 'week'))
    throw new UnsupportedBucketError(`${definition.id} is computed per month: grain must be month, quarter or year`);
  const rows = await followUpWithinWorkingDays(client, {
    fromMonth: query.from.slice(0, 7),
    toMonth: query.to.slice(0, 7),
    grain: query.level === 'branch' ? 'branch' : 'region',
    branchIds: query.branchIds,
    regionIds: query.regionIds,
  });
  const sums = new Map<string, { unitId: string; start: string; num: number; den: number; until: string }>();
  for (const r of rows) {
    const unitId = query.level === 'group' ? 'group' : r.unitId;
    const start = query.whole ? query.from : bucketStart(query.bucket, `${r.month}-01`);
    const k = `${unitId}|${start}`;
    const s = sums.get(k) ?? { unitId, start, num: 0, den: 0, until: r.provisionalUntil };
    s.num += r.reachedWithinWorkingDays;
    s.den += r.closedRepairOrders;
    if (r.provisionalUntil > s.until) s.until = r.provisionalUntil;
    sums.set(k, s);
  }
  return [...sums.values()]
    .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.start.localeCompare(b.start))
    .map((s) => ({
      level: query.level,
      unitId: s.unitId,
      period: query.whole ? rangeLabel(s.start, query.to) : bucketLabel(query.bucket, s.start),
      periodStart: s.start,
      periodEnd: query.whole ? query.to : bucketEnd(query.bucket, s.start),
      currency: null,
      numerator: String(s.num),
      denominator: String(s.den),
      value: kpiValue(definition, String(s.num), String(s.den)),
      provisional: isoDate(query.now) <= s.until,
      provisionalUntil: s.until,
    }));
}
