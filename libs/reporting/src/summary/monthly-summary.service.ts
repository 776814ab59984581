import { ResolvedScope } from '@app/auth';
import { addDays, addMonths, evaluateKpis, kpiById, kpiLabel, KpiReportPoint, kpiReports, KpiSettings, Locale, periodCloses } from '@app/kpi';
import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { GROUP_LABEL, KpiReportingService, NO_REGION_LABEL } from '../kpis/kpi-reporting.service';
import { branchesOfRegionOn, branchRegionsOn, sharedTimeZone } from '../kpis/org-units';
import { MONEY_UNITS, rankValues, scorecard, SCORECARD_KPIS } from '../kpis/scorecard';
import { MonthlySummary, SummaryLevel, SummaryRanking, SummaryRow, SummarySectionId, SummaryText, SummaryTrend, SummaryUnit } from './monthly-summary.types';

/** The branch manager's pack, section by section (DOMAIN.md: sales, after-sales, parts, customer service). */
export const SUMMARY_SECTIONS: readonly { readonly id: SummarySectionId; readonly kpis: readonly string[] }[] = [
  {
    id: 'sales',
    kpis: [
      'units_delivered',
      'revenue_new_vehicles',
      'revenue_used_vehicles',
      'vehicle_gross_profit',
      'vehicle_gross_margin',
      'units_returned',
      'vehicle_returns_amount',
      'collections',
      'leads',
      'test_drives',
      'orders_signed',
      'lead_to_order_conversion',
      'order_cancellations',
    ],
  },
  {
    id: 'after_sales',
    kpis: [
      'service_revenue',
      'service_labour_revenue',
      'service_parts_revenue',
      'insurance_revenue',
      'repair_and_warranty_revenue',
      'vehicle_intakes',
      'per_vehicle_yield',
      'rework_rate',
      'hours_sold',
      'effective_labour_rate',
      'technician_efficiency',
      'warranty_approval_rate',
    ],
  },
  { id: 'parts', kpis: ['parts_counter_sales', 'parts_margin', 'genuine_parts_purchases', 'accessory_sales', 'stock_value', 'aged_stock_value'] },
  {
    id: 'customer',
    kpis: ['csi_service', 'csi_sales', 'csi_response_rate', 'csi_top_box', 'follow_up_within_3_working_days', 'complaints', 'complaint_resolution_days'],
  },
];

const SECTION_TITLES: Record<SummarySectionId, Record<Locale, string>> = {
  sales: { 'zh-CN': '整车销售', es: 'Ventas de vehículos', en: 'Vehicle sales' },
  after_sales: { 'zh-CN': '售后服务', es: 'Posventa', en: 'After-sales service' },
  parts: { 'zh-CN': '配件', es: 'Recambios', en: 'Parts' },
  customer: { 'zh-CN': '客户服务', es: 'Atención al cliente', en: 'Customer service' },
};

export const SUMMARY_TEXT: Record<Locale, SummaryText> = {
  'zh-CN': {
    title: '月度经营分析',
    kpi: '指标',
    value: '实际',
    plan: '任务',
    attainment: '任务达成率',
    stretch: '目标',
    mom: '环比',
    yoy: '同比',
    rank: '区域排名',
    provisional: '暂定',
    asClosed: '关账数',
    notLikeForLike: '非同口径',
    generated: '生成时间',
  },
  es: {
    title: 'Resumen mensual de gestión',
    kpi: 'Indicador',
    value: 'Real',
    plan: 'Objetivo asignado',
    attainment: 'Cumplimiento',
    stretch: 'Objetivo retador',
    mom: 'Vs. mes anterior',
    yoy: 'Vs. año anterior',
    rank: 'Posición en la región',
    provisional: 'Provisional',
    asClosed: 'Al cierre',
    notLikeForLike: 'No comparable',
    generated: 'Generado',
  },
  en: {
    title: 'Monthly business summary',
    kpi: 'KPI',
    value: 'Actual',
    plan: 'Quota',
    attainment: 'Attainment',
    stretch: 'Stretch',
    mom: 'MoM',
    yoy: 'YoY',
    rank: 'Rank in region',
    provisional: 'Provisional',
    asClosed: 'As closed',
    notLikeForLike: 'Not like-for-like',
    generated: 'Generated',
  },
};

/** The rank column's head in a region pack (a branch pack ranks in its region; the group pack has none). */
const RANK_AMONG_REGIONS: Record<Locale, string> = { 'zh-CN': '大区排名', es: 'Posición entre regiones', en: 'Rank among regions' };

/** The pack's column and note texts at a level. */
export function summaryText(level: SummaryLevel, locale: Locale): SummaryText {
  return level === 'region' ? { ...SUMMARY_TEXT[locale], rank: RANK_AMONG_REGIONS[locale] } : SUMMARY_TEXT[locale];
}

export const RANKING_TITLES: Record<'branch' | 'region', Record<Locale, string>> = {
  branch: { 'zh-CN': '门店排名', es: 'Clasificación de concesionarios', en: 'Branches ranked' },
  region: { 'zh-CN': '大区排名', es: 'Clasificación de regiones', en: 'Regions ranked' },
};

/** Which pack: a branch's, a region's or the group's, in which currency and view. */
export interface SummaryRequest {
  readonly level: SummaryLevel;
  /** Branch or region id; ignored for the group. */
  readonly unitId?: string;
  /** `YYYY-MM` */
  readonly period: string;
  readonly locale: Locale;
  /** Default: a branch pack in the branch's currency, region and group packs consolidated in group currency. */
  readonly currency?: 'group' | 'branch';
  readonly view?: 'as-closed' | 'restated';
  /** The reader's IANA zone for the pack's times (validated by the caller); default the unit's branches' zone when they share one, else UTC. */
  readonly timeZone?: string;
}

@Injectable()
export class MonthlySummaryService {
  constructor(readonly reporting: KpiReportingService) {}

  /** The pack, every figure from the KPI engine, under the caller's scope (403 outside it, 404 for an unknown unit). */
  async summary(scope: ResolvedScope, request: SummaryRequest, now = new Date()): Promise<MonthlySummary> {
    const { level, period, locale } = request;
    const unitId = level === 'group' ? undefined : (request.unitId ?? '');
    const currency = request.currency ?? (level === 'branch' ? 'branch' : 'group');
    const view = request.view ?? 'restated';
    const scoped = this.reporting.scopeUnits(scope, level, level === 'region' ? unitId : undefined, level === 'branch' ? unitId : undefined);
    const units = await this.reporting.units();
    const from = `${period}-01`;
    const to = addDays(addMonths(from, 1), -1);
    const client = this.reporting.clickhouse;
    const settings = new KpiSettings(client);
    const [regionsOn, closes, groupCurrency] = await Promise.all([branchRegionsOn(client, to), periodCloses(client), settings.groupCurrency()]);

    let unit: SummaryUnit;
    let branchesOfUnit: string[];
    if (level === 'branch') {
      const branch = units.branches.get(unitId!);
      if (!branch) throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_BRANCH', message: `branch ${unitId} is not known` });
      const regionId = regionsOn.get(branch.id) ?? '';
      unit = {
        level,
        id: branch.id,
        name: branch.name,
        currency: currency === 'branch' ? branch.currency : groupCurrency,
        regionId,
        regionName: regionId === '' ? '' : (units.regions.get(regionId) ?? regionId),
      };
      branchesOfUnit = [branch.id];
    } else if (level === 'region') {
      if (!units.regions.has(unitId!))
        throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_REGION', message: `region ${unitId} is not known` });
      const name = units.regions.get(unitId!) ?? unitId!;
      branchesOfUnit = [...regionsOn].filter(([, region]) => region === unitId).map(([branch]) => branch);
      unit = { level, id: unitId!, name, currency: this.unitCurrency(currency, groupCurrency, branchesOfUnit, units), regionId: unitId!, regionName: name };
    } else {
      branchesOfUnit = [...units.branches.keys()];
      unit = {
        level,
        id: 'group',
        name: GROUP_LABEL[locale],
        currency: this.unitCurrency(currency, groupCurrency, branchesOfUnit, units),
        regionId: '',
        regionName: '',
      };
    }
    const timeZone = request.timeZone ?? sharedTimeZone(units, branchesOfUnit);

    // Whole months: the KPI roll-up, not the facts (docs/adr/0014-kpi-month-rollup.md).
    const filter = { level, branchIds: scoped.branchIds, regionIds: scoped.regionIds, currency, view, now, rollup: true, settings, bucket: 'month' as const };
    const ids = SUMMARY_SECTIONS.flatMap((section) => section.kpis);
    const trendFrom = addMonths(from, -11);
    const [reports, trendReports, ranks, ranking] = await Promise.all([
      this.reporting.engine('monthly-summary', () => kpiReports(client, ids, { ...filter, from, to })),
      this.reporting.engine('monthly-summary-trend', () => kpiReports(client, SCORECARD_KPIS, { ...filter, from: trendFrom, to, comparisons: false })),
      this.ranks(level, unit, ids, { from, to, now, settings, asClosed: view === 'as-closed' }),
      level === 'branch' ? Promise.resolve(null) : this.ranking(scope, level, unitId, period, currency, view, locale, now),
    ]);

    const rowsOf = (kpiId: string): SummaryRow[] => {
      const kpi = kpiById(kpiId);
      if (!kpi) throw new Error(`summary KPI ${kpiId} is not in the catalogue`);
      const points = [...(reports.get(kpiId)?.points ?? [])].sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? ''));
      const subtotals = points.length > 1;
      const rank = subtotals ? undefined : ranks?.get(kpiId)?.get(unit.id);
      const comparison = (c: KpiReportPoint['mom']) =>
        c ? { period: c.period, value: c.value, change: c.change, growthPercent: c.growthPercent, likeForLike: c.likeForLike } : null;
      const rowOf = (p: KpiReportPoint | undefined): SummaryRow => ({
        kpiId,
        label: kpiLabel(kpiId, locale),
        unit: kpi.unit,
        higherIsBetter: kpi.higherIsBetter,
        currency: p?.currency ?? (MONEY_UNITS.has(kpi.unit) ? unit.currency : null),
        currencySubtotal: subtotals,
        value: p?.value ?? (kpi.rollUp === 'sum' ? zeroOf(kpi.unit) : null),
        quota: p?.targets.quota?.value ?? null,
        quotaVersion: p?.targets.quota?.version ?? null,
        quotaAttainment: p?.attainment.quota ?? null,
        stretch: p?.targets.stretch?.value ?? null,
        stretchAttainment: p?.attainment.stretch ?? null,
        mom: comparison(p?.mom ?? null),
        yoy: comparison(p?.yoy ?? null),
        rank: rank === undefined ? null : { rank: rank.rank, of: rank.of },
        provisional: p?.provisional ?? false,
        // Restated figures show the as-closed one beside them where later events changed it (an as-closed pack's figure is it).
        asClosedValue:
          view === 'restated' && p?.closed && p.closed.difference !== null && !/^-?0(\.0+)?$/.test(p.closed.difference) ? p.closed.asClosed.value : null,
      });
      return points.length === 0 ? [rowOf(undefined)] : points.map(rowOf);
    };

    return {
      unit,
      currency,
      view,
      period,
      locale,
      generatedAt: now.toISOString(),
      timeZone,
      closedAt: closes.find((c) => c.month === period)?.closedAt ?? null,
      text: summaryText(level, locale),
      sections: SUMMARY_SECTIONS.map((section) => ({ id: section.id, title: SECTION_TITLES[section.id][locale], rows: section.kpis.flatMap(rowsOf) })),
      trend: trendOf(trendReports, trendFrom, unit, locale),
      ranking,
    };
  }

  /** In branch currency, a region or the group has one currency only when all its branches share it. */
  private unitCurrency(
    currency: 'group' | 'branch',
    groupCurrency: string,
    branchIds: readonly string[],
    units: Awaited<ReturnType<KpiReportingService['units']>>,
  ) {
    if (currency === 'group') return groupCurrency;
    const currencies = new Set(branchIds.map((id) => units.branches.get(id)?.currency));
    return currencies.size === 1 ? ([...currencies][0] ?? null) : null;
  }

  /**
   * Ranks of the unit among its peers, in group currency (money of different currencies compared
   * at the month's rate) and in the view asked: a branch among its region's branches, a region
   * among all regions; none for the group.
   */
  private async ranks(
    level: SummaryLevel,
    unit: SummaryUnit,
    ids: readonly string[],
    month: { from: string; to: string; now: Date; settings: KpiSettings; asClosed: boolean },
  ): Promise<Map<string, Map<string, { rank: number; of: number }>> | null> {
    if (level === 'group') return null;
    const client = this.reporting.clickhouse;
    const peers = level === 'branch' ? (unit.regionId === '' ? [unit.id] : await branchesOfRegionOn(client, unit.regionId, month.to)) : undefined;
    const points = await this.reporting.engine('monthly-summary-ranks', () =>
      evaluateKpis(client, ids, { ...month, bucket: 'month', rollup: true, level, branchIds: peers, currency: 'group' }),
    );
    const result = new Map<string, Map<string, { rank: number; of: number }>>();
    for (const kpiId of ids) {
      const kpi = kpiById(kpiId);
      // As the scorecard ranks them (the group pack's ranking): branches without a region ('') are one row among the regions.
      const values = new Map((points.get(kpiId) ?? []).map((x) => [x.unitId, x.value]));
      const ranks = rankValues(values, kpi?.higherIsBetter ?? true);
      result.set(kpiId, new Map([...ranks].map(([id, rank]) => [id, { rank, of: ranks.size }])));
    }
    return result;
  }

  /** The scorecard one level down (a region's branches, the group's regions), best first on the first headline KPI. */
  private async ranking(
    scope: ResolvedScope,
    level: 'region' | 'group',
    regionId: string | undefined,
    period: string,
    currency: 'group' | 'branch',
    view: 'as-closed' | 'restated',
    locale: Locale,
    now: Date,
  ): Promise<SummaryRanking> {
    const childLevel = level === 'region' ? 'branch' : 'region';
    const card = await scorecard(this.reporting, scope, { period, level: childLevel, regionId, currency, view, locale }, now);
    const rankedBy = card.kpis[0]!.id;
    const rows = card.rows
      .map((row) => ({
        unitId: row.unitId,
        unitName: childLevel === 'region' && row.unitId === '' ? NO_REGION_LABEL[locale] : row.unitName,
        figures: card.kpis.map((k) => {
          const f = row.figures[k.id]!;
          return {
            value: f.value,
            currency: f.currency,
            subtotals: f.subtotals.length > 1 ? f.subtotals.map((s) => ({ currency: s.currency, value: s.value })) : [],
            provisional: f.provisional,
            quotaAttainment: f.quotaAttainment,
            rank: f.rank,
          };
        }),
      }))
      .sort((a, b) => (a.figures[0]!.rank ?? Infinity) - (b.figures[0]!.rank ?? Infinity) || a.unitId.localeCompare(b.unitId));
    return {
      level: childLevel,
      title: RANKING_TITLES[childLevel][locale],
      rankedBy,
      kpis: card.kpis.map((k) => ({ id: k.id, label: k.label, unit: k.unit })),
      rows,
    };
  }
}

/** The headline KPIs month by month: one series per KPI (per currency when money comes in several). */
function trendOf(reports: Map<string, { points: KpiReportPoint[] }>, from: string, unit: SummaryUnit, locale: Locale): SummaryTrend {
  const months = Array.from({ length: 12 }, (_, i) => addMonths(from, i).slice(0, 7));
  const series = SCORECARD_KPIS.flatMap((kpiId) => {
    const kpi = kpiById(kpiId)!;
    const points = reports.get(kpiId)?.points ?? [];
    const money = MONEY_UNITS.has(kpi.unit);
    const currencies = [...new Set(points.map((p) => p.currency))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    const lines = currencies.length === 0 ? [money ? unit.currency : null] : currencies;
    return lines.map((currency) => ({
      kpiId,
      label: kpiLabel(kpiId, locale),
      unit: kpi.unit,
      higherIsBetter: kpi.higherIsBetter,
      currency,
      currencySubtotal: lines.length > 1,
      values: months.map((month) => {
        const p = points.find((x) => x.periodStart.slice(0, 7) === month && x.currency === currency);
        return p ? p.value : kpi.rollUp === 'sum' ? zeroOf(kpi.unit) : null;
      }),
    }));
  });
  return { months, series };
}

function zeroOf(unit: string): string {
  return unit === 'count' ? '0' : '0.00';
}
