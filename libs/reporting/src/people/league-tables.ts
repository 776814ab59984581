import { ResolvedScope } from '@app/auth';
import { addDays, addMonths, DimensionId, kpiById, kpiLabel, kpiReports, kpiValue, Locale, personTargets, targetInUnitOf, TargetFigure } from '@app/kpi';
import Decimal from 'decimal.js';
import { KpiReportingService } from '../kpis/kpi-reporting.service';
import { branchRegionsOn, staffOn } from '../kpis/org-units';
import { rankValues } from '../kpis/scorecard';

/**
 * People's league tables: every figure comes from the KPI engine broken down by the person
 * dimension (attributed as of the event), at branch level, under the caller's scope; the people are
 * ranked on the table's first KPI within their branch and within its region (as of the period's
 * end). Targets are the person's own (grain person), never derived from the branch's. The people
 * of the table's role in a branch in scope at the span's end are listed even without a figure: a
 * consultant with a quota and no sale shows 0 against it (a summed KPI without facts is 0; a rate
 * without facts has no value).
 */
export const LEAGUE_TABLES = {
  consultants: {
    dimension: 'consultant',
    role: 'sales_consultant',
    kpis: [
      'units_delivered',
      'revenue_new_vehicles',
      'revenue_used_vehicles',
      'vehicle_gross_profit',
      'leads',
      'test_drives',
      'lead_to_order_conversion',
      'orders_signed',
      'csi_sales',
    ],
  },
  'service-advisors': {
    dimension: 'advisor',
    role: 'service_advisor',
    kpis: ['service_revenue', 'vehicle_intakes', 'per_vehicle_yield', 'hours_sold', 'effective_labour_rate', 'rework_rate', 'csi_service', 'csi_response_rate'],
  },
  technicians: {
    dimension: 'technician',
    role: 'technician',
    kpis: ['hours_sold', 'technician_efficiency', 'effective_labour_rate', 'service_labour_revenue', 'rework_rate', 'csi_service'],
  },
} as const satisfies Record<string, { dimension: DimensionId; role: string; kpis: readonly string[] }>;

export type LeagueTableId = keyof typeof LEAGUE_TABLES;
export const LEAGUE_TABLE_IDS = Object.keys(LEAGUE_TABLES) as LeagueTableId[];
export const LEAGUE_SPANS = ['month', 'quarter', 'ytd'] as const;
export type LeagueSpan = (typeof LEAGUE_SPANS)[number];

export interface LeagueFigure {
  readonly value: string | null;
  readonly numerator: string;
  readonly denominator: string | null;
  readonly currency: string | null;
  readonly provisional: boolean;
  /** The person's targets for the span (month, quarter; the annual target for year to date). */
  readonly quota: TargetFigure | null;
  readonly stretch: TargetFigure | null;
  readonly quotaAttainment: string | null;
  readonly stretchAttainment: string | null;
}

export interface LeagueRow {
  readonly personId: string;
  readonly branchId: string;
  readonly branchName: string;
  /** The branch's region at the end of the span ('' = none). */
  readonly regionId: string;
  readonly figures: Record<string, LeagueFigure>;
  /** On the table's first KPI: 1 = best (ties share a rank); null without a figure or across currencies. */
  readonly rankInBranch: number | null;
  readonly rankInRegion: number | null;
}

export interface LeagueTable {
  readonly table: LeagueTableId;
  readonly dimension: DimensionId;
  readonly span: LeagueSpan;
  readonly period: string;
  readonly from: string;
  readonly to: string;
  readonly currency: 'group' | 'branch';
  readonly view: 'as-closed' | 'restated';
  readonly rankedBy: string;
  readonly kpis: { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean }[];
  readonly rows: LeagueRow[];
}

export interface LeagueTableRequest {
  readonly table: LeagueTableId;
  /** The month the span ends in, `YYYY-MM`. */
  readonly period: string;
  readonly span: LeagueSpan;
  readonly regionId?: string;
  readonly branchId?: string;
  readonly currency: 'group' | 'branch';
  readonly view: 'as-closed' | 'restated';
  readonly locale: Locale;
}

/** The business dates and engine bucket of a span ending in `period`'s month. */
export function spanRange(span: LeagueSpan, period: string): { from: string; to: string; bucket: 'month' | 'quarter' | 'year' } {
  const monthStart = `${period}-01`;
  const to = addDays(addMonths(monthStart, 1), -1);
  if (span === 'month') return { from: monthStart, to, bucket: 'month' };
  if (span === 'quarter') {
    const month = Number(period.slice(5, 7));
    const first = `${period.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
    return { from: first, to: addDays(addMonths(first, 3), -1), bucket: 'quarter' };
  }
  // Year to date: one year bucket over 1 January .. the month's end (the annual targets apply).
  return { from: `${period.slice(0, 4)}-01-01`, to, bucket: 'year' };
}

const ranked = (
  rows: readonly { key: string; group: string; point: Pick<LeagueFigure, 'value' | 'currency'> | undefined }[],
  higherIsBetter: boolean,
): Map<string, number | null> => {
  const out = new Map<string, number | null>();
  for (const group of new Set(rows.map((r) => r.group))) {
    const members = rows.filter((r) => r.group === group);
    const currencies = new Set(members.map((r) => r.point?.currency ?? null).filter((c) => c !== null));
    if (currencies.size > 1) continue; // money in two currencies is not comparable: no rank
    const ranks = rankValues(new Map(members.map((r) => [r.key, r.point?.value ?? null])), higherIsBetter);
    for (const r of members) out.set(r.key, ranks.get(r.key) ?? null);
  }
  return out;
};

export async function leagueTable(service: KpiReportingService, scope: ResolvedScope, request: LeagueTableRequest, now = new Date()): Promise<LeagueTable> {
  const definition = LEAGUE_TABLES[request.table];
  const { from, to, bucket } = spanRange(request.span, request.period);
  const scoped = service.scopeUnits(scope, 'branch', request.regionId, request.branchId);
  const kpis = definition.kpis.map((id) => {
    const k = kpiById(id);
    if (!k) throw new Error(`league table KPI ${id} is not in the catalogue`);
    return { id, label: kpiLabel(id, request.locale), unit: k.unit, higherIsBetter: k.higherIsBetter };
  });
  const definitionOf = (id: string) => kpiById(id)!;
  const base = {
    table: request.table,
    dimension: definition.dimension,
    span: request.span,
    period: request.period,
    from,
    to,
    currency: request.currency,
    view: request.view,
    rankedBy: definition.kpis[0],
    kpis,
  };
  if (scoped.empty) return { ...base, rows: [] };
  const [reports, units, regions, staff, targetOf, groupCurrency] = await Promise.all([
    service.engine('league-table', () =>
      kpiReports(service.clickhouse, definition.kpis, {
        from,
        to,
        bucket,
        level: 'branch',
        branchIds: scoped.branchIds,
        regionIds: scoped.regionIds,
        currency: request.currency,
        view: request.view,
        by: definition.dimension,
        // The table shows the span's figures and targets only: no MoM, YoY or year-to-date reads.
        comparisons: false,
        now,
      }),
    ),
    service.units(),
    branchRegionsOn(service.clickhouse, to),
    staffOn(service.clickhouse, definition.role, from, to),
    personTargets(service.clickhouse, definition.kpis, bucket, from),
    request.currency === 'group' ? service.groupCurrency() : Promise.resolve(null),
  ]);
  const regionOf = regions;
  const pointKey = (p: { unitId: string; dimensionValue?: string }) => `${p.unitId}|${p.dimensionValue ?? ''}`;
  const byKpi = new Map(definition.kpis.map((id) => [id, new Map((reports.get(id)?.points ?? []).map((p) => [pointKey(p), p]))]));
  // Every person with a figure in a branch; facts without a person ('') are not a person.
  const withFigures = [...new Set([...byKpi.values()].flatMap((m) => [...m.keys()]))].filter((k) => !k.endsWith('|'));
  // And the people of the role in a branch in scope at the span's end who have no figure anywhere.
  const listed = new Set(withFigures.map((k) => k.slice(k.indexOf('|') + 1)));
  const inScope = (branchId: string) =>
    (scoped.branchIds === undefined || scoped.branchIds.includes(branchId)) &&
    (scoped.regionIds === undefined || scoped.regionIds.includes(regionOf.get(branchId) ?? ''));
  const withoutFigures = [...staff]
    .filter(([person, branchId]) => !listed.has(person) && inScope(branchId))
    .map(([person, branchId]) => `${branchId}|${person}`);
  const keys = [...withFigures, ...withoutFigures].sort();
  const figureOf = (k: (typeof kpis)[number], key: string, branchId: string, personId: string): LeagueFigure => {
    const p = byKpi.get(k.id)?.get(key);
    if (p) {
      return {
        value: p.value,
        numerator: p.numerator,
        denominator: p.denominator,
        currency: p.currency,
        provisional: p.provisional,
        quota: p.targets.quota,
        stretch: p.targets.stretch,
        quotaAttainment: p.attainment.quota,
        stretchAttainment: p.attainment.stretch,
      };
    }
    // No fact: a summed KPI is 0 (money in the table's currency), a rate has no value.
    const kpi = definitionOf(k.id);
    const summed = kpi.rollUp === 'sum';
    const currency = summed && k.unit === 'money' ? (groupCurrency ?? units.branches.get(branchId)?.currency ?? null) : null;
    const quota = targetOf(k.id, personId, 'quota');
    const stretch = targetOf(k.id, personId, 'stretch');
    const attainment = (target: TargetFigure | null) =>
      summed && target && !new Decimal(target.value).isZero() && targetInUnitOf(currency, target) ? '0.00' : null;
    return {
      value: summed ? kpiValue(kpi, '0', null) : null,
      numerator: '0',
      denominator: summed ? null : '0',
      currency,
      provisional: false,
      quota,
      stretch,
      quotaAttainment: attainment(quota),
      stretchAttainment: attainment(stretch),
    };
  };
  const first = kpis[0]!;
  const people = keys.map((key) => {
    const [branchId = '', personId = ''] = key.split('|');
    const figures: Record<string, LeagueFigure> = {};
    for (const k of kpis) figures[k.id] = figureOf(k, key, branchId, personId);
    return { key, branchId, personId, regionId: regionOf.get(branchId) ?? '', figures, point: figures[first.id] };
  });
  const inBranch = ranked(
    people.map((p) => ({ ...p, group: p.branchId })),
    first.higherIsBetter,
  );
  const inRegion = ranked(
    people.map((p) => ({ ...p, group: p.regionId })),
    first.higherIsBetter,
  );
  const rows = people.map((person): LeagueRow => ({
    personId: person.personId,
    branchId: person.branchId,
    branchName: units.branches.get(person.branchId)?.name ?? person.branchId,
    regionId: person.regionId,
    figures: person.figures,
    rankInBranch: inBranch.get(person.key) ?? null,
    rankInRegion: inRegion.get(person.key) ?? null,
  }));
  rows.sort(
    (a, b) => a.branchId.localeCompare(b.branchId) || (a.rankInBranch ?? Infinity) - (b.rankInBranch ?? Infinity) || a.personId.localeCompare(b.personId),
  );
  return { ...base, rows };
}
