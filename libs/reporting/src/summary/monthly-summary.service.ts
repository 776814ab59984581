import { ResolvedScope } from '@app/auth';
import { addDays, addMonths, evaluateKpis, kpiById, kpiLabel, KpiReportPoint, kpiReports, KpiSettings, Locale, periodCloses } from '@app/kpi';
import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { KpiReportingService } from '../kpis/kpi-reporting.service';
import { branchesOfRegionOn, regionOfBranchOn } from '../kpis/org-units';
import { rankValues } from '../kpis/scorecard';
import { MonthlySummary, SummaryRow, SummarySectionId, SummaryText } from './monthly-summary.types';

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

@Injectable()
export class MonthlySummaryService {
  constructor(readonly reporting: KpiReportingService) {}

  /** `timeZone`: the reader's IANA zone for the pack's times (validated by the caller); the branch's when absent. */
  async summary(scope: ResolvedScope, branchId: string, period: string, locale: Locale, now = new Date(), timeZone?: string): Promise<MonthlySummary> {
    this.reporting.access.assertBranch(scope, branchId);
    const units = await this.reporting.units();
    const branch = units.branches.get(branchId);
    if (!branch) throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_BRANCH', message: `branch ${branchId} is not known` });
    const from = `${period}-01`;
    const to = addDays(addMonths(from, 1), -1);
    const client = this.reporting.clickhouse;
    const regionId = await regionOfBranchOn(client, branchId, to);
    const peers = regionId === '' ? [branchId] : await branchesOfRegionOn(client, regionId, to);
    const closedAt = (await periodCloses(client)).find((c) => c.month === period)?.closedAt ?? null;
    // Whole months: the KPI roll-up, not the facts (docs/adr/0014-kpi-month-rollup.md).
    const month = { from, to, bucket: 'month' as const, now, rollup: true, settings: new KpiSettings(client) };

    const ids = SUMMARY_SECTIONS.flatMap((section) => section.kpis);
    const [reports, peerPoints] = await Promise.all([
      this.reporting.engine('monthly-summary', () =>
        kpiReports(client, ids, { ...month, level: 'branch', branchIds: [branchId], currency: 'branch', view: 'restated' }),
      ),
      // Rank among the region's branches in group currency (money of different currencies compared at the month's rate).
      this.reporting.engine('monthly-summary-ranks', () => evaluateKpis(client, ids, { ...month, level: 'branch', branchIds: peers, currency: 'group' })),
    ]);

    const rowOf = (kpiId: string): SummaryRow => {
      const kpi = kpiById(kpiId);
      if (!kpi) throw new Error(`summary KPI ${kpiId} is not in the catalogue`);
      const p = reports.get(kpiId)?.points[0];
      const ranks = rankValues(new Map((peerPoints.get(kpiId) ?? []).map((x) => [x.unitId, x.value])), kpi.higherIsBetter);
      const rank = ranks.get(branchId);
      const comparison = (c: KpiReportPoint['mom']) =>
        c ? { period: c.period, value: c.value, change: c.change, growthPercent: c.growthPercent, likeForLike: c.likeForLike } : null;
      return {
        kpiId,
        label: kpiLabel(kpiId, locale),
        unit: kpi.unit,
        higherIsBetter: kpi.higherIsBetter,
        currency: p?.currency ?? (['money', 'money_per_unit', 'money_per_hour'].includes(kpi.unit) ? branch.currency : null),
        value: p?.value ?? (kpi.rollUp === 'sum' ? zeroOf(kpi.unit) : null),
        quota: p?.targets.quota?.value ?? null,
        quotaVersion: p?.targets.quota?.version ?? null,
        quotaAttainment: p?.attainment.quota ?? null,
        stretch: p?.targets.stretch?.value ?? null,
        stretchAttainment: p?.attainment.stretch ?? null,
        mom: comparison(p?.mom ?? null),
        yoy: comparison(p?.yoy ?? null),
        rankInRegion: rank === undefined ? null : { rank, of: ranks.size },
        provisional: p?.provisional ?? false,
        asClosedValue: p?.closed && p.closed.difference !== null && !/^-?0(\.0+)?$/.test(p.closed.difference) ? p.closed.asClosed.value : null,
      };
    };

    const sections = SUMMARY_SECTIONS.map((section) => ({ id: section.id, title: SECTION_TITLES[section.id][locale], rows: section.kpis.map(rowOf) }));
    return {
      branch: {
        id: branch.id,
        name: branch.name,
        currency: branch.currency,
        regionId,
        regionName: regionId === '' ? '' : (units.regions.get(regionId) ?? regionId),
      },
      period,
      locale,
      generatedAt: now.toISOString(),
      timeZone: timeZone ?? (branch.timeZone || 'UTC'),
      closedAt,
      text: SUMMARY_TEXT[locale],
      sections,
    };
  }
}

function zeroOf(unit: string): string {
  return unit === 'count' ? '0' : '0.00';
}
