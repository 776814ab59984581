import { ResolvedScope } from '@app/auth';
import Decimal from 'decimal.js';
import { addDays, addMonths, kpiById, kpiLabel, KpiReport, kpiReports, KpiReportPoint, KpiSettings, Locale, MissingExchangeRateError } from '@app/kpi';
import { KpiReportingService, Level } from './kpi-reporting.service';

/** The headline KPIs of DOMAIN.md (revenue, CSI, rework rate, per-vehicle yield) with units delivered and service revenue. */
export const SCORECARD_KPIS = ['revenue', 'units_delivered', 'service_revenue', 'per_vehicle_yield', 'rework_rate', 'csi_service'] as const;

/** One currency's part of a money figure. */
export interface ScorecardSubtotal {
  readonly currency: string;
  readonly value: string | null;
  /** What the subtotal is computed from (the engine's sums); denominator null for sums. */
  readonly numerator: string;
  readonly denominator: string | null;
  readonly provisional: boolean;
}

export const MONEY_UNITS: ReadonlySet<string> = new Set(['money', 'money_per_unit', 'money_per_hour']);

export interface ScorecardFigure {
  /**
   * The unit's figure; null when it has none, or when its money comes in several currencies
   * (branch currency above branch level): then only `subtotals` say it, one per currency, and no
   * currency's subtotal stands for the total.
   */
  readonly value: string | null;
  readonly currency: string | null;
  /** The engine's numerator and denominator of the figure (null with no single figure; denominator null for sums). */
  readonly numerator: string | null;
  readonly denominator: string | null;
  /** Money KPIs: the figure per currency (one entry in the group currency or for a one-currency unit); [] for other KPIs. */
  readonly subtotals: ScorecardSubtotal[];
  readonly provisional: boolean;
  readonly quotaAttainment: string | null;
  readonly stretchAttainment: string | null;
  readonly momGrowthPercent: string | null;
  readonly yoyGrowthPercent: string | null;
  /**
   * 1 = best among the rows (ties share a rank); null without a figure. Money KPIs are ranked on
   * their group-currency figures whichever currency is shown (null when a rate is missing), so
   * the ranks are the same in branch and group currency.
   */
  readonly rank: number | null;
}

export interface Scorecard {
  readonly period: string;
  readonly level: Level;
  readonly currency: 'group' | 'branch';
  /** The group currency: what consolidated money is in, and what money KPIs are ranked on. */
  readonly groupCurrency: string;
  readonly kpis: { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean }[];
  readonly rows: { readonly unitId: string; readonly unitName: string; readonly figures: Record<string, ScorecardFigure> }[];
}

/** Standard competition ranking ("1, 2, 2, 4") of decimal values; the best first. */
export function rankValues(values: ReadonlyMap<string, string | null>, higherIsBetter: boolean): Map<string, number> {
  const present = [...values.entries()].filter((e): e is [string, string] => e[1] !== null);
  const compareDecimal = (a: string, b: string) => new Decimal(a).cmp(b);
  const better = (a: string, b: string) => compareDecimal(a, b) * (higherIsBetter ? -1 : 1);
  const sorted = [...present].sort((a, b) => better(a[1], b[1]) || a[0].localeCompare(b[0]));
  const ranks = new Map<string, number>();
  sorted.forEach(([unit, value], i) => {
    const previous = sorted[i - 1];
    ranks.set(unit, previous && compareDecimal(previous[1], value) === 0 ? (ranks.get(previous[0]) ?? i + 1) : i + 1);
  });
  return ranks;
}

/** The headline KPIs of one month for every unit at a level (in the caller's scope), ranked. */
export async function scorecard(
  service: KpiReportingService,
  scope: ResolvedScope,
  request: { period: string; level: Level; regionId?: string; currency: 'group' | 'branch'; view?: 'as-closed' | 'restated'; locale: Locale },
  now = new Date(),
): Promise<Scorecard> {
  const from = `${request.period}-01`;
  const to = addDays(addMonths(from, 1), -1);
  const scoped = service.scopeUnits(scope, request.level, request.regionId, undefined);
  // Beside the KPI reads (awaited below; not unhandled if the KPI reads fail first).
  const unitsRead = service.units();
  unitsRead.catch(() => undefined);
  // One read of the settings for the figures, their ranks and the answer's group currency.
  const settings = new KpiSettings(service.clickhouse);
  const currencyRead = settings.groupCurrency();
  currencyRead.catch(() => undefined);
  const kpis = SCORECARD_KPIS.map((id) => {
    const k = kpiById(id);
    if (!k) throw new Error(`scorecard KPI ${id} is not in the catalogue`);
    return { id, label: kpiLabel(id, request.locale), unit: k.unit, higherIsBetter: k.higherIsBetter };
  });
  const read = (report: 'scorecard' | 'scorecard-ranks', currency: 'group' | 'branch', ids: readonly string[]) =>
    scoped.empty || ids.length === 0
      ? Promise.resolve(new Map<string, KpiReport>())
      : service.engine(report, () =>
          kpiReports(service.clickhouse, ids, {
            from,
            to,
            bucket: 'month',
            level: request.level,
            branchIds: scoped.branchIds,
            regionIds: scoped.regionIds,
            currency,
            view: request.view ?? 'restated',
            now,
            settings,
            // Whole months: the KPI roll-up, not the facts (docs/adr/0014-kpi-month-rollup.md).
            rollup: true,
            comparisons: currency === request.currency,
          }),
        );
  const moneyIds = SCORECARD_KPIS.filter((id) => MONEY_UNITS.has(kpiById(id)?.unit ?? ''));
  // In branch currency the money KPIs are ranked on their group-currency figures (a second read
  // without comparisons); a missing rate leaves those ranks empty, never the figures.
  const rankRead =
    request.currency === 'branch'
      ? read('scorecard-ranks', 'group', moneyIds).catch((error: unknown) => {
          if (error instanceof MissingExchangeRateError) return null;
          throw error;
        })
      : null;
  rankRead?.catch(() => undefined); // awaited below
  const byKpi = await read('scorecard', request.currency, SCORECARD_KPIS);
  const [units, groupCurrency, rankReports] = await Promise.all([unitsRead, currencyRead, rankRead]);
  const reports = kpis.map((k) => byKpi.get(k.id)?.points ?? []);
  const unitIds = [...new Set(reports.flat().map((p) => p.unitId))].sort();
  const rows: Scorecard['rows'] = unitIds.map((unitId) => ({ unitId, unitName: service.unitName(units, request.level, unitId, request.locale), figures: {} }));
  kpis.forEach((k, i) => {
    const points = reports[i] ?? [];
    const byUnit = new Map<string, KpiReportPoint[]>();
    for (const p of points) byUnit.set(p.unitId, [...(byUnit.get(p.unitId) ?? []), p]);
    const money = MONEY_UNITS.has(k.unit);
    const rankPoints = money && request.currency === 'branch' ? (rankReports?.get(k.id)?.points ?? null) : points;
    const ranks = rankPoints ? rankValues(new Map(rankPoints.map((p) => [p.unitId, p.value])), k.higherIsBetter) : new Map<string, number>();
    for (const row of rows) {
      const mine = [...(byUnit.get(row.unitId) ?? [])].sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? ''));
      // One figure when the unit has one currency (or none); per-currency subtotals otherwise.
      const p = mine.length === 1 ? mine[0] : undefined;
      row.figures[k.id] = {
        value: p?.value ?? null,
        currency: p?.currency ?? null,
        numerator: p?.numerator ?? null,
        denominator: p?.denominator ?? null,
        subtotals: money
          ? mine
              .filter((s) => s.currency !== null)
              .map((s) => ({ currency: s.currency as string, value: s.value, numerator: s.numerator, denominator: s.denominator, provisional: s.provisional }))
          : [],
        provisional: mine.some((s) => s.provisional),
        quotaAttainment: p?.attainment.quota ?? null,
        stretchAttainment: p?.attainment.stretch ?? null,
        momGrowthPercent: p?.mom?.growthPercent ?? null,
        yoyGrowthPercent: p?.yoy?.growthPercent ?? null,
        rank: ranks.get(row.unitId) ?? null,
      };
    }
  });
  return { period: request.period, level: request.level, currency: request.currency, groupCurrency, kpis, rows };
}
