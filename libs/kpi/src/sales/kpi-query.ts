import { ClickHouseClient, QueryParams } from '@app/clickhouse';
import { bucketSql } from '../engine/component-sql';

/**
 * The shared shape of the sales and parts KPI queries: branch × month by default, or region /
 * group × quarter / year, in branch currency or consolidated into the group currency.
 *
 * - Period = the business date's month / quarter / year in the branch's calendar.
 * - Region = the region the branch belonged to on the fact's business date (as-of; '' = none).
 * - Consolidation: each branch-month sum is converted at dim_exchange_rate of that month
 *   (rate 1 for money already in the group currency), rounded to the cent, then summed. A missing
 *   rate is an error, never a silent zero.
 * - Rates (margins, conversion) are Σ numerator ÷ Σ denominator at the grain asked, never an
 *   average of branch rates.
 */
export type KpiGrain = 'branch' | 'region' | 'group';
export type KpiPeriod = 'month' | 'quarter' | 'year';

export interface KpiFilter {
  /** First month, `YYYY-MM`, inclusive. */
  readonly fromMonth: string;
  /** Last month, `YYYY-MM`, inclusive. */
  readonly toMonth: string;
  /** Only these branches (default: all). */
  readonly branchIds?: readonly string[];
  /** Default `branch`. */
  readonly grain?: KpiGrain;
  /** Default `month`. */
  readonly period?: KpiPeriod;
  /**
   * Consolidate money into this currency (e.g. 'CNY') at the rate of each business date's month.
   * Without it, money stays in branch currency and rows are split by currency.
   */
  readonly groupCurrency?: string;
}

/** Every row of a KPI query starts with these. */
export interface KpiRowKey {
  /** `YYYY-MM`, `YYYY-Qn` or `YYYY`. */
  readonly period: string;
  /** A branch id, a region id ('' = no region on that date) or 'group'. */
  readonly grain_id: string;
  /** The currency of the money columns ('' for a query without money). */
  readonly currency: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CURRENCY = /^[A-Z]{3}$/;

/** `[from, to)` business dates of the filter's months. */
export function monthRange(filter: KpiFilter): { readonly from: string; readonly to: string } {
  const from = MONTH.exec(filter.fromMonth);
  const to = MONTH.exec(filter.toMonth);
  if (!from || !to) throw new RangeError(`months must be YYYY-MM: ${filter.fromMonth}..${filter.toMonth}`);
  if (filter.fromMonth > filter.toMonth) throw new RangeError(`fromMonth ${filter.fromMonth} is after toMonth ${filter.toMonth}`);
  const year = Number(to[1]);
  const month = Number(to[2]);
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return { from: `${filter.fromMonth}-01`, to: `${next}-01` };
}

/** SQL that turns a month (its first day) into the period label. Fixed fragments, no values. */
export function periodLabelSql(period: KpiPeriod, month: string): string {
  switch (period) {
    case 'month':
      return `formatDateTime(${month}, '%Y-%m')`;
    case 'quarter':
      return `concat(toString(toYear(${month})), '-Q', toString(toQuarter(${month})))`;
    case 'year':
      return `toString(toYear(${month}))`;
  }
}

/** SQL for the first day of the period containing a date. */
export function periodStartSql(period: KpiPeriod, date: string): string {
  return bucketSql(period, date);
}

export function grainSql(grain: KpiGrain, branch: string, region: string): string {
  switch (grain) {
    case 'branch':
      return branch;
    case 'region':
      return region;
    case 'group':
      return `'group'`;
  }
}

/** The as-of region join: `alias.<dateColumn>` picks the assignment in force on that date. */
export function regionAsOfJoinSql(alias: string, dateColumn: string): string {
  return `ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
      ON ${alias}.branch_id = a.branch_id AND ${alias}.${dateColumn} >= a.valid_from`;
}

/** Bound parameters and the branch condition of a filter. */
export function filterParams(filter: KpiFilter, alias: string): { params: Record<string, string | readonly string[]>; branchCondition: string } {
  const range = monthRange(filter);
  const params: Record<string, string | readonly string[]> = { from_date: range.from, to_date: range.to };
  let branchCondition = '';
  if (filter.branchIds) {
    params.branch_ids = filter.branchIds;
    branchCondition = ` AND ${alias}.branch_id IN {branch_ids:Array(String)}`;
  }
  if (filter.groupCurrency !== undefined) {
    if (!CURRENCY.test(filter.groupCurrency)) throw new RangeError(`not a currency: ${filter.groupCurrency}`);
    params.group_currency = filter.groupCurrency;
  }
  return { params, branchCondition };
}

/** The exchange-rate join of a branch-month subquery `b` (with `b.currency`, `b.month`). */
export const RATE_JOIN_SQL = `LEFT JOIN (SELECT from_currency, month, rate FROM dim_exchange_rate WHERE to_currency = {group_currency:String}) AS r
      ON r.from_currency = b.currency AND r.month = b.month`;
/** 1 when `b`'s money can be converted (same currency or a rate for its month). */
export const HAS_RATE_SQL = `toUInt8(b.currency = {group_currency:String} OR r.from_currency != '')`;

/** A branch-month money sum converted to the group currency, rounded to the cent. */
export function convertedSql(money: string): string {
  return `CAST(round(CAST(${money} AS Decimal(38, 2)) * if(b.currency = {group_currency:String}, toDecimal64(1, 8), r.rate), 2) AS Decimal(38, 2))`;
}

export interface Measure {
  /** Output column name. */
  readonly name: string;
  /** An aggregate over the fact rows `f`, e.g. `sum(f.revenue_net)`. */
  readonly sql: string;
  /** Money is converted when consolidating; a count is not. */
  readonly kind: 'money' | 'count';
}

export interface FlowQuerySpec {
  /** FROM source aliased `f`, with `f.branch_id` and `f.business_date`, e.g. `fact_sales_leads AS f FINAL`. */
  readonly from: string;
  /** SQL of the money currency of a row (`f.currency`), or null for a query without money. */
  readonly currency: string | null;
  /** Extra conditions on `f` (fixed SQL with bound parameters only). */
  readonly where?: string;
  readonly whereParams?: QueryParams;
  /** An extra dimension (SQL over `f`), returned as `dimension`. */
  readonly dimension?: string;
  readonly measures: readonly Measure[];
}

export type RawRow = Record<string, string | number>;

/** Thrown when consolidated money has no exchange rate for a branch currency and month. */
export class MissingExchangeRateError extends Error {}

/**
 * Sums flow facts (each business date in one period) per period × grain (× dimension) × currency.
 * Returns raw rows: money as exact decimal strings, counts as strings (UInt64/Int64).
 */
export async function runFlowQuery(client: ClickHouseClient, filter: KpiFilter, spec: FlowQuerySpec): Promise<RawRow[]> {
  const period = filter.period ?? 'month';
  const grain = filter.grain ?? 'branch';
  // A query without money (counts) needs no rate, whatever the filter says.
  const consolidated = filter.groupCurrency !== undefined && spec.currency !== null;
  const { params, branchCondition } = filterParams(consolidated ? filter : { ...filter, groupCurrency: undefined }, 'f');
  const currency = spec.currency ?? `''`;
  const dimension = spec.dimension ?? `''`;
  const inner = spec.measures.map((m) => `${m.sql} AS ${m.name}`).join(',\n           ');
  const outer = spec.measures
    .map((m) => (m.kind === 'money' && consolidated ? `sum(${convertedSql(`b.${m.name}`)}) AS ${m.name}` : `sum(b.${m.name}) AS ${m.name}`))
    .join(',\n       ');
  const sql = `
SELECT ${periodLabelSql(period, 'b.month')} AS period,
       ${grainSql(grain, 'b.branch_id', 'b.region_id')} AS grain_id,
       ${consolidated ? '{group_currency:String}' : 'b.currency'} AS currency,
       b.dimension AS dimension,
       ${consolidated ? `min(${HAS_RATE_SQL})` : 'toUInt8(1)'} AS has_rate,
       ${outer}
  FROM (
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, toStartOfMonth(f.business_date) AS month,
           ${currency} AS currency, ${dimension} AS dimension,
           ${inner}
      FROM ${spec.from}
      ${regionAsOfJoinSql('f', 'business_date')}
     WHERE f.business_date >= {from_date:Date} AND f.business_date < {to_date:Date}${branchCondition}${spec.where ? ` AND (${spec.where})` : ''}
     GROUP BY branch_id, region_id, month, currency, dimension
  ) AS b
  ${consolidated ? RATE_JOIN_SQL : ''}
 GROUP BY period, grain_id, currency, dimension
 ORDER BY period, grain_id, currency, dimension`;
  const rows = await client.query<RawRow>(sql, { ...params, ...spec.whereParams });
  assertRates(rows, filter);
  return rows;
}

export function assertRates(rows: readonly RawRow[], filter: KpiFilter): void {
  const missing = rows.find((r) => Number(r.has_rate) !== 1);
  if (missing) {
    throw new MissingExchangeRateError(
      `no exchange rate into ${filter.groupCurrency ?? '?'} for some branch currency in ${String(missing.period)} (${String(missing.grain_id)})`,
    );
  }
}

/** An exact decimal (up to two fraction digits, or an integer) as hundredths. */
export function hundredths(value: string | number): bigint {
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new RangeError(`not an exact decimal: ${text}`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** Hundredths back to a two-decimal string. */
export function money(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * numerator ÷ denominator as a decimal string with `scale` fraction digits, rounded half away
 * from zero; null when the denominator is zero. Both as exact decimals (money or counts).
 */
export function ratio(numerator: string | number, denominator: string | number, scale = 4): string | null {
  const n = hundredths(numerator);
  const d = hundredths(denominator);
  if (d === 0n) return null;
  const factor = 10n ** BigInt(scale);
  const negative = n < 0n !== d < 0n && n !== 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const scaled = (absN * factor * 2n + absD) / (absD * 2n);
  const whole = scaled / factor;
  const fraction = (scaled % factor).toString().padStart(scale, '0');
  return `${negative && scaled !== 0n ? '-' : ''}${whole.toString()}${scale > 0 ? `.${fraction}` : ''}`;
}

export const key = (row: RawRow): KpiRowKey => ({
  period: String(row.period),
  grain_id: String(row.grain_id),
  currency: String(row.currency),
});

export const count = (value: string | number | undefined): number => Number(value ?? 0);
export const amount = (value: string | number | undefined): string => money(hundredths(value ?? '0'));
