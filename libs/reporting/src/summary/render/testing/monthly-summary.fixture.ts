import { kpiById, kpiLabel, Locale } from '@app/kpi';
import { SUMMARY_TEXT } from '../../monthly-summary.service';
import type { MonthlySummary, SummaryComparison, SummaryRow, SummarySectionId } from '../../monthly-summary.types';

/**
 * A hand-built monthly summary for the renderers' tests: branch SH-01 (CNY, region East),
 * January 2026, a closed month, with a restated figure, provisional figures, a lower-is-better
 * KPI, percentages, a not like-for-like comparison and KPIs without target or figure. Column
 * texts are the service's own (SUMMARY_TEXT); figures and section titles are written by hand.
 */

const TITLES: Record<SummarySectionId, Record<Locale, string>> = {
  sales: { 'zh-CN': '整车销售', es: 'Ventas de vehículos', en: 'Vehicle sales' },
  after_sales: { 'zh-CN': '售后服务', es: 'Posventa', en: 'After-sales service' },
  parts: { 'zh-CN': '配件', es: 'Recambios', en: 'Parts' },
  customer: { 'zh-CN': '客户服务', es: 'Atención al cliente', en: 'Customer service' },
};

const cmp = (period: string, value: string | null, change: string | null, growthPercent: string | null, likeForLike = true): SummaryComparison => ({
  period,
  value,
  change,
  growthPercent,
  likeForLike,
});

type RowFigures = Omit<
  SummaryRow,
  'label' | 'unit' | 'higherIsBetter' | 'currency' | 'quotaVersion' | 'stretch' | 'stretchAttainment' | 'asClosedValue' | 'provisional'
> &
  Partial<Pick<SummaryRow, 'quotaVersion' | 'stretch' | 'stretchAttainment' | 'asClosedValue' | 'provisional'>>;

function row(locale: Locale, figures: RowFigures): SummaryRow {
  const kpi = kpiById(figures.kpiId);
  if (!kpi) throw new RangeError(figures.kpiId);
  const money = kpi.unit === 'money' || kpi.unit === 'money_per_unit' || kpi.unit === 'money_per_hour';
  return {
    quotaVersion: figures.quota === null ? null : 1,
    stretch: null,
    stretchAttainment: null,
    asClosedValue: null,
    provisional: false,
    ...figures,
    label: kpiLabel(figures.kpiId, locale),
    unit: kpi.unit,
    higherIsBetter: kpi.higherIsBetter,
    currency: money ? 'CNY' : null,
  };
}

export function sampleSummary(locale: Locale): MonthlySummary {
  const r = (figures: RowFigures) => row(locale, figures);
  return {
    branch: { id: 'SH-01', name: 'Shanghai Pudong 4S', currency: 'CNY', regionId: 'EAST', regionName: 'East' },
    period: '2026-01',
    locale,
    generatedAt: '2026-02-10T08:30:00.000Z',
    timeZone: 'Asia/Shanghai',
    closedAt: '2026-02-05T02:00:00.000Z',
    asOf: {
      readModel: 'kpi-month-rollup',
      position: '1042',
      recordedAt: '2026-02-10T08:29:00.000Z',
      lag: { events: 3, seconds: 2 },
      storeHead: { position: '1045', recordedAt: '2026-02-10T08:29:02.000Z' },
    },
    text: SUMMARY_TEXT[locale],
    sections: [
      {
        id: 'sales',
        title: TITLES.sales[locale],
        rows: [
          r({
            kpiId: 'units_delivered',
            value: '42',
            quota: '40',
            quotaAttainment: '105.00',
            stretch: '45',
            stretchAttainment: '93.33',
            mom: cmp('2025-12', '38', '4', '10.53'),
            yoy: cmp('2025-01', '44', '-2', '-4.55'),
            rankInRegion: { rank: 2, of: 5 },
          }),
          r({
            kpiId: 'revenue_new_vehicles',
            value: '6543210.50',
            quota: '6000000.00',
            quotaVersion: 2,
            quotaAttainment: '109.05',
            stretch: '7000000.00',
            stretchAttainment: '93.47',
            mom: cmp('2025-12', '5900000.00', '643210.50', '10.90'),
            yoy: cmp('2025-01', '6100000.00', '443210.50', '7.27'),
            rankInRegion: { rank: 1, of: 5 },
            asClosedValue: '6500000.00',
          }),
          r({
            kpiId: 'vehicle_gross_margin',
            value: '6.25',
            quota: '7.00',
            quotaAttainment: '89.29',
            mom: cmp('2025-12', '6.75', '-0.50', '-7.41'),
            yoy: null,
            rankInRegion: { rank: 4, of: 5 },
          }),
        ],
      },
      {
        id: 'after_sales',
        title: TITLES.after_sales[locale],
        rows: [
          r({
            kpiId: 'service_revenue',
            value: '3000.00',
            quota: '2800.00',
            quotaAttainment: '107.14',
            mom: cmp('2025-12', '2500.00', '500.00', '20.00'),
            yoy: cmp('2025-01', '2000.00', '1000.00', '50.00', false),
            rankInRegion: { rank: 3, of: 5 },
          }),
          r({
            kpiId: 'per_vehicle_yield',
            value: '1000.00',
            quota: '800.00',
            quotaAttainment: '125.00',
            mom: null,
            yoy: null,
            rankInRegion: { rank: 1, of: 5 },
          }),
          r({
            kpiId: 'rework_rate',
            value: '25.00',
            quota: '5.00',
            quotaAttainment: '500.00',
            mom: cmp('2025-12', '20.00', '5.00', '25.00'),
            yoy: null,
            rankInRegion: { rank: 5, of: 5 },
            provisional: true,
          }),
        ],
      },
      {
        id: 'parts',
        title: TITLES.parts[locale],
        rows: [
          r({
            kpiId: 'parts_counter_sales',
            value: '123456.78',
            quota: null,
            quotaAttainment: null,
            mom: cmp('2025-12', '100000.00', '23456.78', '23.46'),
            yoy: cmp('2025-01', '0.00', '123456.78', null),
            rankInRegion: { rank: 2, of: 5 },
          }),
        ],
      },
      {
        id: 'customer',
        title: TITLES.customer[locale],
        rows: [
          r({
            kpiId: 'csi_service',
            value: '81.67',
            quota: '85.00',
            quotaAttainment: '96.08',
            mom: cmp('2025-12', '80.00', '1.67', '2.09'),
            yoy: null,
            rankInRegion: { rank: 2, of: 5 },
            provisional: true,
          }),
          r({
            kpiId: 'complaint_resolution_days',
            value: '2.5',
            quota: '3.0',
            quotaAttainment: '83.33',
            mom: cmp('2025-12', '3.5', '-1.0', '-28.57'),
            yoy: null,
            rankInRegion: null,
          }),
          r({ kpiId: 'csi_sales', value: null, quota: null, quotaAttainment: null, mom: null, yoy: null, rankInRegion: null }),
        ],
      },
    ],
  };
}
