import { ClickHouseClient } from '@app/clickhouse';
import Decimal from 'decimal.js';
import { kpiById } from '../catalogue';
import { KpiDefinition } from '../catalogue/kpi-definition';
import { dimensionById, dimensionsUsed } from './dimensions';
import { evaluateKpis, KpiPoint, KpiQuery, KpiSettings, kpiValue, UnknownKpiError } from './kpi-engine';
import { kpiRollupIsCurrent, ROLLUP_KPIS } from './kpi-rollup';
import { KPI_SOURCES } from './kpi-sources';
import { addDays, addMonths, bucketEnd, bucketLabel, bucketsBetween, bucketStart, nextBucket, previousBucket, yearEarlier } from './periods';

export type ReportView = 'as-closed' | 'restated';

export interface KpiReportQuery extends Omit<KpiQuery, 'asClosed'> {
  readonly view: ReportView;
  /** false: no MoM, YoY or year to date (not read at all): a report that shows none of them (league tables). */
  readonly comparisons?: boolean;
}

export interface TargetFigure {
  readonly value: string;
  readonly unit: string;
  /** The version in force (targets are revised mid-year; every version is kept). */
  readonly version: number;
}

export interface Comparison {
  readonly period: string;
  readonly value: string | null;
  /** value − earlier value (percentage points for a percent KPI). */
  readonly change: string | null;
  /** (value − earlier) ÷ |earlier| × 100; null when the earlier figure is missing or zero. */
  readonly growthPercent: string | null;
  /** False when a branch in the figure opened after the start of the earlier period. */
  readonly likeForLike: boolean;
}

export interface Figures {
  readonly value: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
}

export interface ClosedPeriod {
  readonly closedAt: string;
  readonly asClosed: Figures;
  readonly restated: Figures;
  /** restated − as closed; null when either value is null. */
  readonly difference: string | null;
}

export interface KpiReportPoint extends KpiPoint {
  readonly targets: { readonly quota: TargetFigure | null; readonly stretch: TargetFigure | null };
  /** value ÷ target × 100 at the same grain; null without a target in the same unit. */
  readonly attainment: { readonly quota: string | null; readonly stretch: string | null };
  /** Year to date (month and quarter grains): actual from 1 January to the period's end ÷ the annual target. */
  readonly yearToDate: {
    readonly value: string | null;
    readonly annualQuota: TargetFigure | null;
    readonly annualStretch: TargetFigure | null;
    readonly progressQuota: string | null;
    readonly progressStretch: string | null;
  } | null;
  readonly mom: Comparison | null;
  readonly yoy: Comparison | null;
  /** Every month of the period is closed: the "as closed" and restated figures side by side. */
  readonly closed: ClosedPeriod | null;
}

export interface KpiReport {
  readonly kpi: KpiDefinition;
  readonly view: ReportView;
  readonly points: KpiReportPoint[];
}

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
const decimalsOf = (value: string): number => value.split('.')[1]?.length ?? 0;
/** a − b with as many decimals as the figures have. */
const minus = (a: string, b: string): string => new D(a).sub(b).toFixed(Math.max(decimalsOf(a), decimalsOf(b)));
const key = (p: { unitId: string; currency: string | null; periodStart: string; dimensionValue?: string }) =>
  `${p.unitId}|${p.currency ?? ''}|${p.periodStart}|${p.dimensionValue ?? ''}`;

interface Close {
  readonly month: string;
  readonly closedAt: string;
}

/**
 * A KPI for every unit and period asked, with targets (quota and stretch, version in force),
 * attainment, year-to-date plan progress, MoM and YoY, and, for closed periods, the "as closed"
 * and restated figures side by side. `view` chooses which of the two is the point's value.
 */
export async function kpiReport(client: ClickHouseClient, kpiId: string, query: KpiReportQuery): Promise<KpiReport> {
  const report = (await kpiReports(client, [kpiId], query)).get(kpiId);
  if (!report) throw new UnknownKpiError(`unknown KPI ${kpiId}`);
  return report;
}

/** `kpiReport` for several KPIs at once: a handful of ClickHouse queries whatever their number. */
export async function kpiReports(client: ClickHouseClient, kpiIds: readonly string[], reportQuery: KpiReportQuery): Promise<Map<string, KpiReport>> {
  const query = { ...reportQuery, settings: reportQuery.settings ?? new KpiSettings(client) };
  // Consolidated money needs the group currency: read it while the rest is prepared (awaited by the
  // figures' read); a report of counts and rates only (units by consultant) does not read it.
  const money = (id: string) => KPI_SOURCES[id]?.money.num === true || KPI_SOURCES[id]?.money.den === true;
  if (query.currency === 'group' && kpiIds.some(money)) query.settings.groupCurrency().catch(() => undefined);
  const kpis = kpiIds.map((id) => {
    const kpi = kpiById(id);
    if (!kpi) throw new UnknownKpiError(`unknown KPI ${id}`);
    return kpi;
  });
  const asClosed = query.view === 'as-closed';
  if (query.whole) return wholeRangeReports(client, kpis, query, asClosed);
  const from = bucketStart(query.bucket, query.from);
  // The periods asked, plus only the earlier ones MoM and YoY compare with (not the whole year between).
  const lastStart = bucketStart(query.bucket, query.to);
  const previous = previousBucket(query.bucket, from);
  const yoyFrom = yearEarlier(query.bucket, from);
  const yoyTo = addDays(yearEarlier(query.bucket, nextBucket(query.bucket, lastStart)), -1);
  const comparisons = query.comparisons !== false;
  const ranges = [
    { from, to: query.to },
    ...(comparisons ? [{ from: previous, to: addDays(from, -1) }] : []),
    ...(comparisons && yoyFrom < previous ? [{ from: yoyFrom, to: yoyTo < previous ? yoyTo : addDays(previous, -1) }] : []),
  ];
  // From the KPI month roll-up, one read of every month from the earliest asked (year to date
  // included) serves all the ranges: a month's figures do not depend on the months read with it.
  const ytdFrom = query.bucket === 'month' ? `${from.slice(0, 4)}-01-01` : from;
  const oneRead = query.rollup === true && query.bucket === 'month' && dimensionsUsed(query).length === 0 && (await kpiRollupIsCurrent(client));
  // From the facts, by month with comparisons, the year to date needs the months from 1 January: one
  // read of them serves the periods asked and the month before too (each a scan of the facts and of
  // what they join, such as a branch's orders over their whole history), and a second the year earlier.
  const monthsFromJanuary = !oneRead && query.bucket === 'month' && comparisons;
  const factReads = (ids: readonly string[]) => factReadRanges(ytdFrom < previous ? ytdFrom : previous, query.to, yoyFrom, yoyTo).map((r) => ({ ids, ...r }));
  const reads: { ids: readonly string[]; from: string; to: string }[] = oneRead
    ? [
        { ids: kpiIds.filter((id) => ROLLUP_KPIS.includes(id)), from: ranges.reduce((min, r) => (r.from < min ? r.from : min), ytdFrom), to: query.to },
        // A KPI the roll-up does not hold (follow-up) reads the facts: only the months compared.
        ...factReads(kpiIds.filter((id) => !ROLLUP_KPIS.includes(id))),
      ]
    : monthsFromJanuary
      ? factReads(kpiIds)
      : ranges.map((r) => ({ ids: kpiIds, ...r }));
  // The targets of every period asked and the annual targets of their years are read beside the
  // figures, not after them (awaited below; not unhandled if the figures fail first).
  const periodical = query.bucket === 'month' || query.bucket === 'quarter' || query.bucket === 'year';
  const periods = periodical ? bucketsBetween(query.bucket, from, query.to) : [];
  const targetsRead = periodical
    ? readTargets(
        client,
        kpiIds,
        query.bucket,
        periods.map((b) => b.label),
      )
    : Promise.resolve<Targets>(new Map());
  const withYearToDate = comparisons && (query.bucket === 'month' || query.bucket === 'quarter');
  const annualRead = withYearToDate ? readTargets(client, kpiIds, 'year', [...new Set(periods.map((b) => b.start.slice(0, 4)))]) : undefined;
  targetsRead.catch(() => undefined);
  annualRead?.catch(() => undefined);
  const [evaluated, closes, openings] = await Promise.all([
    Promise.all(reads.filter((r) => r.ids.length > 0).map(({ ids, ...range }) => evaluateKpis(client, ids, { ...query, ...range, asClosed }))),
    periodCloses(client),
    branchOpenings(client, query.branchIds),
  ]);
  const all = new Map(kpiIds.map((id) => [id, evaluated.flatMap((m) => m.get(id) ?? [])]));
  const closedMonths = new Map(closes.map((c) => [c.month, c.closedAt]));
  const closedAtOf = (p: KpiPoint): string | null => {
    let latest = '';
    for (let m = p.periodStart.slice(0, 7); m <= p.periodEnd.slice(0, 7); m = nextMonth(m)) {
      const at = closedMonths.get(m);
      if (!at) return null;
      if (at > latest) latest = at;
    }
    return latest;
  };
  const pointsOf = (id: string) => (all.get(id) ?? []).filter((p) => p.periodStart >= from);
  const anyClosed = kpiIds.some((id) => pointsOf(id).some((p) => closedAtOf(p) !== null));
  // The other view, the targets and the year to date are independent reads: side by side.
  const [other, targets, ytd] = await Promise.all([
    anyClosed ? evaluateKpis(client, kpiIds, { ...query, from, asClosed: !asClosed }) : new Map<string, KpiPoint[]>(),
    targetsRead,
    annualRead
      ? yearToDate(client, kpis, query, asClosed, pointsOf, annualRead, oneRead || monthsFromJanuary ? all : undefined)
      : new Map<string, YearToDate>(),
  ]);

  const out = new Map<string, KpiReport>();
  for (const kpi of kpis) {
    const byKey = new Map((all.get(kpi.id) ?? []).map((p) => [key(p), p]));
    const counterparts = new Map((other.get(kpi.id) ?? []).map((p) => [key(p), p]));
    const compare = (p: KpiPoint, earlierStart: string): Comparison | null => {
      const earlier = byKey.get(key({ ...p, periodStart: earlierStart }));
      if (!earlier) return null;
      const change = p.value !== null && earlier.value !== null ? minus(p.value, earlier.value) : null;
      const growthPercent =
        change !== null && earlier.value !== null && !new D(earlier.value).isZero() ? new D(change).div(new D(earlier.value).abs()).mul(100).toFixed(2) : null;
      return { period: earlier.period, value: earlier.value, change, growthPercent, likeForLike: likeForLike(openings, p, earlierStart) };
    };
    out.set(kpi.id, {
      kpi,
      view: query.view,
      points: pointsOf(kpi.id).map((p) => {
        const quota = targetOf(targets, kpi.id, query, p, p.period, 'quota');
        const stretch = targetOf(targets, kpi.id, query, p, p.period, 'stretch');
        const closedAt = closedAtOf(p);
        const closed = closedPeriod(closedAt, p, counterparts.get(key(p)), asClosed);
        return {
          ...p,
          targets: { quota, stretch },
          attainment: { quota: attainment(p, quota), stretch: attainment(p, stretch) },
          yearToDate: ytd.get(`${kpi.id}|${key(p)}`) ?? null,
          mom: comparisons ? compare(p, previousBucket(query.bucket, p.periodStart)) : null,
          yoy: comparisons ? compare(p, yearEarlier(query.bucket, p.periodStart)) : null,
          closed,
        };
      }),
    });
  }
  return out;
}

type YearToDate = NonNullable<KpiReportPoint['yearToDate']>;

const figures = (x: KpiPoint | undefined): Figures => ({ value: x?.value ?? null, numerator: x?.numerator ?? '0', denominator: x?.denominator ?? null });

/** A closed period's "as closed" and restated figures side by side (`p` is the view asked, `counterpart` the other). */
function closedPeriod(closedAt: string | null, p: KpiPoint, counterpart: KpiPoint | undefined, asClosed: boolean): ClosedPeriod | null {
  if (closedAt === null) return null;
  const asClosedFigures = figures(asClosed ? p : counterpart);
  const restatedFigures = figures(asClosed ? counterpart : p);
  const difference = asClosedFigures.value !== null && restatedFigures.value !== null ? minus(restatedFigures.value, asClosedFigures.value) : null;
  return { closedAt, asClosed: asClosedFigures, restated: restatedFigures, difference };
}

/**
 * The period of target a range is exactly (a month, a quarter or a year: its targets are that
 * period's), or null: targets are never derived from another grain (DOMAIN.md, Targets), so a range
 * such as February to May has none.
 */
export function targetPeriodOf(from: string, to: string): { readonly kind: 'month' | 'quarter' | 'year'; readonly period: string } | null {
  for (const kind of ['month', 'quarter', 'year'] as const) {
    if (bucketStart(kind, from) === from && bucketEnd(kind, from) === to) return { kind, period: bucketLabel(kind, from) };
  }
  return null;
}

/**
 * The report of the whole range [from, to] as one figure per unit (and dimension value): the
 * engine's whole-range points, the targets of the period the range is exactly (else none), year to
 * date against the annual targets when the range runs from 1 January within one year ("% of annual
 * plan" = year-to-date actual ÷ annual target), YoY against the same range a year earlier, no MoM,
 * and the "as closed" and restated figures side by side when every month of the range is closed.
 */
async function wholeRangeReports(
  client: ClickHouseClient,
  kpis: readonly KpiDefinition[],
  query: KpiReportQuery & { settings: KpiSettings },
  asClosed: boolean,
): Promise<Map<string, KpiReport>> {
  const ids = kpis.map((k) => k.id);
  const { from, to } = query;
  const yoyFrom = addMonths(from, -12);
  const yoyTo = addDays(addMonths(addDays(to, 1), -12), -1);
  const comparisons = query.comparisons !== false;
  const targetPeriod = targetPeriodOf(from, to);
  const yearToDate = from.endsWith('-01-01') && from.slice(0, 4) === to.slice(0, 4);
  const [points, earlier, closes, openings, targets, annual] = await Promise.all([
    evaluateKpis(client, ids, { ...query, asClosed }),
    comparisons ? evaluateKpis(client, ids, { ...query, from: yoyFrom, to: yoyTo, asClosed }) : new Map<string, KpiPoint[]>(),
    periodCloses(client),
    branchOpenings(client, query.branchIds),
    targetPeriod ? readTargets(client, ids, targetPeriod.kind, [targetPeriod.period]) : new Map<string, TargetFigure>(),
    yearToDate ? readTargets(client, ids, 'year', [from.slice(0, 4)]) : new Map<string, TargetFigure>(),
  ]);
  const closedMonths = new Map(closes.map((c) => [c.month, c.closedAt]));
  let closedAt: string | null = '';
  for (let m = from.slice(0, 7); m <= to.slice(0, 7) && closedAt !== null; m = nextMonth(m)) {
    const at = closedMonths.get(m);
    closedAt = at === undefined ? null : at > closedAt ? at : closedAt;
  }
  const other = closedAt !== null ? await evaluateKpis(client, ids, { ...query, asClosed: !asClosed }) : new Map<string, KpiPoint[]>();
  const out = new Map<string, KpiReport>();
  for (const kpi of kpis) {
    const earlierByKey = new Map((earlier.get(kpi.id) ?? []).map((p) => [key({ ...p, periodStart: from }), p]));
    const counterparts = new Map((other.get(kpi.id) ?? []).map((p) => [key(p), p]));
    out.set(kpi.id, {
      kpi,
      view: query.view,
      points: (points.get(kpi.id) ?? []).map((p) => {
        const target = (kind: 'quota' | 'stretch') => (targetPeriod ? targetOf(targets, kpi.id, query, p, targetPeriod.period, kind) : null);
        const quota = target('quota');
        const stretch = target('stretch');
        const before = earlierByKey.get(key(p));
        const change = before && p.value !== null && before.value !== null ? minus(p.value, before.value) : null;
        const yoy: Comparison | null = before
          ? {
              period: before.period,
              value: before.value,
              change,
              growthPercent:
                change !== null && before.value !== null && !new D(before.value).isZero()
                  ? new D(change).div(new D(before.value).abs()).mul(100).toFixed(2)
                  : null,
              likeForLike: likeForLike(openings, p, yoyFrom),
            }
          : null;
        let ytd: YearToDate | null = null;
        if (yearToDate) {
          const annualQuota = targetOf(annual, kpi.id, query, p, from.slice(0, 4), 'quota');
          const annualStretch = targetOf(annual, kpi.id, query, p, from.slice(0, 4), 'stretch');
          ytd = { value: p.value, annualQuota, annualStretch, progressQuota: attainment(p, annualQuota), progressStretch: attainment(p, annualStretch) };
        }
        const closed = closedPeriod(closedAt, p, counterparts.get(key(p)), asClosed);
        return {
          ...p,
          targets: { quota, stretch },
          attainment: { quota: attainment(p, quota), stretch: attainment(p, stretch) },
          yearToDate: ytd,
          mom: null,
          yoy: comparisons ? yoy : null,
          closed,
        };
      }),
    });
  }
  return out;
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export async function periodCloses(client: ClickHouseClient): Promise<Close[]> {
  const rows = await client.query<{ period: string; closed_at: string }>(
    `SELECT period, toString(closed_at) AS closed_at FROM dim_period_close ORDER BY period`,
  );
  return rows.map((r) => ({ month: r.period, closedAt: `${r.closed_at.replace(' ', 'T')}Z` }));
}

/** A target in the unit of a figure in `currency` (null: not money): a currency code for money, anything else for the rest. */
export function targetInUnitOf(currency: string | null, target: TargetFigure): boolean {
  return currency === null || target.unit === currency || !/^[A-Z]{3}(\/.*)?$/.test(target.unit) || target.unit.startsWith(`${currency}/`);
}

function sameUnit(p: KpiPoint, target: TargetFigure): boolean {
  return targetInUnitOf(p.currency, target);
}

function attainment(p: KpiPoint, target: TargetFigure | null): string | null {
  if (!target || p.value === null || new D(target.value).isZero() || !sameUnit(p, target)) return null;
  return new D(p.value).div(target.value).mul(100).toFixed(2);
}

interface TargetRow {
  readonly kpi: string;
  readonly grain: string;
  readonly grain_id: string;
  readonly model: string;
  readonly segment: string;
  readonly period: string;
  readonly kind: string;
  readonly value: string;
  readonly unit: string;
  readonly version: number | string;
}

/** Targets by cell: `kpi|grain|grainId|model|segment|period|kind`. */
type Targets = Map<string, TargetFigure>;

const cellKey = (kpi: string, cell: TargetCell, period: string, kind: string) =>
  `${kpi}|${cell.grain}|${cell.grainId}|${cell.model}|${cell.segment}|${period}|${kind}`;

interface TargetCell {
  readonly grain: string;
  readonly grainId: string;
  readonly model: string;
  readonly segment: string;
}

/**
 * The target cell a point is read against, at the point's own grain (never derived from another):
 * the unit; with a breakdown (or a single filter value) by a dimension that targets are set at, the
 * person, the branch's department, or the unit's model or segment; none for other dimensions.
 */
function targetCell(query: KpiQuery, p: KpiPoint): TargetCell | null {
  const used = dimensionsUsed(query);
  const unit = { grain: query.level as string, grainId: p.unitId, model: '', segment: '' };
  if (used.length === 0) return unit;
  if (used.length > 1) return null;
  const id = used[0]!;
  const values = query.filters?.[id];
  const value = query.by === id ? (p.dimensionValue ?? '') : values?.length === 1 ? values[0]! : null;
  if (value === null || value === '') return null;
  switch (dimensionById(id)?.targetGrain) {
    case 'person':
      return { grain: 'person', grainId: value, model: '', segment: '' };
    case 'department':
      return query.level === 'branch' ? { grain: 'department', grainId: `${p.unitId}:${value}`, model: '', segment: '' } : null;
    case 'model':
      return { ...unit, model: value };
    case 'segment':
      return { ...unit, segment: value };
    default:
      return null;
  }
}

function targetOf(targets: Targets, kpiId: string, query: KpiQuery, p: KpiPoint, period: string, kind: 'quota' | 'stretch'): TargetFigure | null {
  const cell = targetCell(query, p);
  return cell ? (targets.get(cellKey(kpiId, cell, period, kind)) ?? null) : null;
}

async function readTargets(client: ClickHouseClient, kpiIds: readonly string[], periodKind: string, periods: readonly string[]): Promise<Targets> {
  const out: Targets = new Map();
  if (periods.length === 0) return out;
  const rows = await client.query<TargetRow>(
    `SELECT kpi, grain, grain_id, model, segment, period, kind, toString(value) AS value, unit, version
       FROM dim_target
      WHERE has({kpis:Array(String)}, kpi) AND period_kind = {kind:String} AND has({periods:Array(String)}, period)`,
    { kpis: [...kpiIds], kind: periodKind, periods: [...periods] },
  );
  for (const r of rows) {
    out.set(cellKey(r.kpi, { grain: r.grain, grainId: r.grain_id, model: r.model, segment: r.segment }, r.period, r.kind), {
      value: new D(r.value).toString(),
      unit: r.unit,
      version: Number(r.version),
    });
  }
  return out;
}

/**
 * The person-grain targets (quota and stretch, version in force) of one period of `bucket` starting at
 * `start`, for people who may have no figure in it (a league table shows a consultant with a quota
 * and no sale): `(kpiId, personId, kind)` → the target or null.
 */
export async function personTargets(
  client: ClickHouseClient,
  kpiIds: readonly string[],
  bucket: 'month' | 'quarter' | 'year',
  start: string,
): Promise<(kpiId: string, personId: string, kind: 'quota' | 'stretch') => TargetFigure | null> {
  const period = bucketLabel(bucket, start);
  const targets = await readTargets(client, kpiIds, bucket, [period]);
  return (kpiId, personId, kind) => targets.get(cellKey(kpiId, { grain: 'person', grainId: personId, model: '', segment: '' }, period, kind)) ?? null;
}

/** Actual from 1 January to each period's end (month sums), against the annual targets. */
async function yearToDate(
  client: ClickHouseClient,
  kpis: readonly KpiDefinition[],
  query: KpiReportQuery,
  asClosed: boolean,
  pointsOf: (id: string) => KpiPoint[],
  /** The annual targets of the years of the periods asked. */
  annualRead: Promise<Targets>,
  /** The month points from 1 January on, when already read. */
  monthPoints?: ReadonlyMap<string, readonly KpiPoint[]>,
): Promise<Map<string, YearToDate>> {
  const out = new Map<string, YearToDate>();
  const points = kpis.flatMap((k) => pointsOf(k.id));
  if (points.length === 0) return out;
  const ids = kpis.map((k) => k.id);
  const [months, annual] = await Promise.all([
    monthPoints ?? evaluateKpis(client, ids, { ...query, bucket: 'month', from: `${query.from.slice(0, 4)}-01-01`, asClosed }),
    annualRead,
  ]);
  const distinctToDate = await distinctYearToDate(
    client,
    kpis.filter((k) => KPI_SOURCES[k.id]?.distinct !== undefined).map((k) => k.id),
    query,
    asClosed,
    pointsOf,
  );
  for (const kpi of kpis) {
    const monthly = months.get(kpi.id) ?? [];
    for (const p of pointsOf(kpi.id)) {
      const year = p.periodStart.slice(0, 4);
      const inYear = monthly.filter(
        (m) =>
          m.unitId === p.unitId &&
          m.currency === p.currency &&
          m.dimensionValue === p.dimensionValue &&
          m.periodStart.startsWith(year) &&
          m.periodEnd <= p.periodEnd,
      );
      let value: string | null = null;
      if (inYear.length > 0) {
        if (distinctToDate.has(kpi.id)) {
          value = distinctToDate.get(kpi.id)?.get(`${p.periodEnd}|${p.unitId}|${p.dimensionValue ?? ''}`) ?? null;
        } else if (kpi.rollUp === 'snapshot') {
          value = inYear[inYear.length - 1]?.value ?? null;
        } else {
          const num = inYear.reduce((s, m) => s.add(m.numerator), new D(0)).toString();
          const den = kpi.rollUp === 'sum' ? null : inYear.reduce((s, m) => s.add(m.denominator ?? '0'), new D(0)).toString();
          value = kpiValue(kpi, num, den);
        }
      }
      const annualQuota = targetOf(annual, kpi.id, query, p, year, 'quota');
      const annualStretch = targetOf(annual, kpi.id, query, p, year, 'stretch');
      const progress = (t: TargetFigure | null) => attainment({ ...p, value }, t);
      out.set(`${kpi.id}|${key(p)}`, { value, annualQuota, annualStretch, progressQuota: progress(annualQuota), progressStretch: progress(annualStretch) });
    }
  }
  return out;
}

/**
 * Year to date of the distinct counts (customer-base.kpi.ts): the KPI itself over 1 January to each
 * period's end (a year bucket cut there), never months added up: per KPI, by period end, unit and dimension value.
 */
async function distinctYearToDate(
  client: ClickHouseClient,
  ids: readonly string[],
  query: KpiReportQuery,
  asClosed: boolean,
  pointsOf: (id: string) => KpiPoint[],
): Promise<Map<string, Map<string, string | null>>> {
  const out = new Map<string, Map<string, string | null>>(ids.map((id) => [id, new Map()]));
  const ends = [...new Set(ids.flatMap((id) => pointsOf(id).map((p) => p.periodEnd)))];
  await Promise.all(
    ends.map(async (end) => {
      // A range that stops inside its last period (to=2026-03-15): that period's point, and so its year to date, is at the range's end.
      const to = query.to < end ? query.to : end;
      const figures = await evaluateKpis(client, ids, { ...query, bucket: 'year', from: `${end.slice(0, 4)}-01-01`, to, asClosed, rollup: false });
      for (const [id, points] of figures) for (const p of points) out.get(id)?.set(`${end}|${p.unitId}|${p.dimensionValue ?? ''}`, p.value);
    }),
  );
  return out;
}

interface Opening {
  readonly branchId: string;
  readonly regionId: string;
  readonly openedOn: string;
}

async function branchOpenings(client: ClickHouseClient, branchIds: readonly string[] | undefined): Promise<Opening[]> {
  const rows = await client.query<{ branch_id: string; region_id: string; opened_on: string }>(
    `SELECT b.branch_id AS branch_id, toString(b.opened_on) AS opened_on, ifNull(a.region_id, '') AS region_id
       FROM org_branches AS b FINAL
       LEFT JOIN (SELECT branch_id, argMax(region_id, valid_from) AS region_id FROM org_branch_region_assignments FINAL GROUP BY branch_id) AS a
         ON a.branch_id = b.branch_id
      WHERE empty({branches:Array(String)}) OR has({branches:Array(String)}, b.branch_id)`,
    { branches: [...(branchIds ?? [])] },
  );
  return rows.map((r) => ({ branchId: r.branch_id, regionId: r.region_id, openedOn: r.opened_on }));
}

/** A branch (or any branch of the region or group asked) that opened after the earlier period began is not like-for-like. */
function likeForLike(openings: readonly Opening[], p: KpiPoint, earlierStart: string): boolean {
  const relevant = openings.filter((o) => (p.level === 'branch' ? o.branchId === p.unitId : p.level === 'region' ? o.regionId === p.unitId : true));
  return relevant.every((o) => o.openedOn <= earlierStart);
}

/** The months from `from` to `to`, and the year-earlier months before them (not the months between). */
function factReadRanges(from: string, to: string, yoyFrom: string, yoyTo: string): { from: string; to: string }[] {
  const near = { from, to };
  return yoyFrom < from ? [near, { from: yoyFrom, to: yoyTo < from ? yoyTo : addDays(from, -1) }] : [near];
}
