import { ResolvedScope } from '@app/auth';
import Decimal from 'decimal.js';
import { addDays, addMonths, kpiById, kpiLabel, kpiReports, KpiReportPoint, Locale } from '@app/kpi';
import { KpiReportingService, Level } from './kpi-reporting.service';

/** The headline KPIs of DOMAIN.md (revenue, CSI, rework rate, per-vehicle yield) with units delivered and service revenue. */
export const SCORECARD_KPIS = ['revenue', 'units_delivered', 'service_revenue', 'per_vehicle_yield', 'rework_rate', 'csi_service'] as const;

export interface ScorecardFigure {
  readonly value: string | null;
  readonly currency: string | null;
  readonly provisional: boolean;
  readonly quotaAttainment: string | null;
  readonly stretchAttainment: string | null;
  readonly momGrowthPercent: string | null;
  readonly yoyGrowthPercent: string | null;
  /** 1 = best among the rows (ties share a rank); null without a figure or across currencies. */
  readonly rank: number | null;
}

export interface Scorecard {
  readonly period: string;
  readonly level: Level;
  readonly currency: 'group' | 'branch';
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
  request: { period: string; level: Level; regionId?: string; currency: 'group' | 'branch'; locale: Locale },
  now = new Date(),
): Promise<Scorecard> {
  const from = `${request.period}-01`;
  const to = addDays(addMonths(from, 1), -1);
  const scoped = service.scopeUnits(scope, request.level, request.regionId, undefined);
  const unitsRead = service.units(); // beside the KPI reads
  unitsRead.catch(() => undefined); // awaited below; not unhandled if the KPI reads fail first
  const kpis = SCORECARD_KPIS.map((id) => {
    const k = kpiById(id);
    if (!k) throw new Error(`scorecard KPI ${id} is not in the catalogue`);
    return { id, label: kpiLabel(id, request.locale), unit: k.unit, higherIsBetter: k.higherIsBetter };
  });
  const byKpi = scoped.empty
    ? new Map<string, { points: KpiReportPoint[] }>()
    : await service.engine('scorecard', () =>
        kpiReports(service.clickhouse, SCORECARD_KPIS, {
          from,
          to,
          bucket: 'month',
          level: request.level,
          branchIds: scoped.branchIds,
          regionIds: scoped.regionIds,
          currency: request.currency,
          view: 'restated',
          now,
          // Whole months: the KPI roll-up, not the facts (docs/adr/0014-kpi-month-rollup.md).
          rollup: true,
        }),
      );
  const units = await unitsRead;
  const reports = kpis.map((k) => byKpi.get(k.id)?.points ?? []);
  const unitIds = [...new Set(reports.flat().map((p) => p.unitId))].sort();
  const rows: Scorecard['rows'] = unitIds.map((unitId) => ({ unitId, unitName: service.unitName(units, request.level, unitId, request.locale), figures: {} }));
  kpis.forEach((k, i) => {
    const points = reports[i] ?? [];
    const byUnit = new Map<string, KpiReportPoint>();
    for (const p of points) if (!byUnit.has(p.unitId)) byUnit.set(p.unitId, p);
    const currencies = new Set(points.map((p) => p.currency));
    const comparable = currencies.size <= 1 && points.length === byUnit.size;
    const ranks = comparable ? rankValues(new Map([...byUnit].map(([u, p]) => [u, p.value])), k.higherIsBetter) : new Map<string, number>();
    for (const row of rows) {
      const p = byUnit.get(row.unitId);
      row.figures[k.id] = {
        value: p?.value ?? null,
        currency: p?.currency ?? null,
        provisional: p?.provisional ?? false,
        quotaAttainment: p?.attainment.quota ?? null,
        stretchAttainment: p?.attainment.stretch ?? null,
        momGrowthPercent: p?.mom?.growthPercent ?? null,
        yoyGrowthPercent: p?.yoy?.growthPercent ?? null,
        rank: ranks.get(row.unitId) ?? null,
      };
    }
  });
  return { period: request.period, level: request.level, currency: request.currency, kpis, rows };
}
