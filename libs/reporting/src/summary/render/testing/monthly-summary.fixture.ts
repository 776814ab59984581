import { kpiById, kpiLabel, Locale } from '@app/kpi';
import { RANKING_TITLES, SUMMARY_TEXT, summaryText } from '../../monthly-summary.service';
import { GROUP_LABEL } from '../../../kpis/kpi-reporting.service';
import type { MonthlySummary, SummaryComparison, SummaryRow, SummarySectionId, SummaryTrend } from '../../monthly-summary.types';

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
  'label' | 'unit' | 'higherIsBetter' | 'currency' | 'currencySubtotal' | 'quotaVersion' | 'stretch' | 'stretchAttainment' | 'asClosedValue' | 'provisional'
> &
  Partial<Pick<SummaryRow, 'currency' | 'currencySubtotal' | 'quotaVersion' | 'stretch' | 'stretchAttainment' | 'asClosedValue' | 'provisional'>>;

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
    currency: money ? 'CNY' : null,
    currencySubtotal: false,
    ...figures,
    label: kpiLabel(figures.kpiId, locale),
    unit: kpi.unit,
    higherIsBetter: kpi.higherIsBetter,
  };
}

export function sampleSummary(locale: Locale): MonthlySummary {
  const r = (figures: RowFigures) => row(locale, figures);
  return {
    unit: { level: 'branch', id: 'SH-01', name: 'Shanghai Pudong 4S', currency: 'CNY', regionId: 'EAST', regionName: 'East' },
    currency: 'branch',
    view: 'restated',
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
            rank: { rank: 2, of: 5 },
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
            rank: { rank: 1, of: 5 },
            asClosedValue: '6500000.00',
          }),
          r({
            kpiId: 'vehicle_gross_margin',
            value: '6.25',
            quota: '7.00',
            quotaAttainment: '89.29',
            mom: cmp('2025-12', '6.75', '-0.50', '-7.41'),
            yoy: null,
            rank: { rank: 4, of: 5 },
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
            rank: { rank: 3, of: 5 },
          }),
          r({
            kpiId: 'per_vehicle_yield',
            value: '1000.00',
            quota: '800.00',
            quotaAttainment: '125.00',
            mom: null,
            yoy: null,
            rank: { rank: 1, of: 5 },
          }),
          r({
            kpiId: 'rework_rate',
            value: '25.00',
            quota: '5.00',
            quotaAttainment: '500.00',
            mom: cmp('2025-12', '20.00', '5.00', '25.00'),
            yoy: null,
            rank: { rank: 5, of: 5 },
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
            rank: { rank: 2, of: 5 },
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
            rank: { rank: 2, of: 5 },
            provisional: true,
          }),
          r({
            kpiId: 'complaint_resolution_days',
            value: '2.5',
            quota: '3.0',
            quotaAttainment: '83.33',
            mom: cmp('2025-12', '3.5', '-1.0', '-28.57'),
            yoy: null,
            rank: null,
          }),
          r({ kpiId: 'csi_sales', value: null, quota: null, quotaAttainment: null, mom: null, yoy: null, rank: null }),
        ],
      },
    ],
    trend: sampleTrend(locale),
    ranking: null,
  };
}

const MONTHS = ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01'];

/** Twelve months of two headline KPIs, by hand; the last month is the table's figure. */
export function sampleTrend(locale: Locale, currency = 'CNY'): SummaryTrend {
  const series = (kpiId: string, values: (string | null)[], cur: string | null, currencySubtotal = false) => {
    const kpi = kpiById(kpiId)!;
    return { kpiId, label: kpiLabel(kpiId, locale), unit: kpi.unit, higherIsBetter: kpi.higherIsBetter, currency: cur, currencySubtotal, values };
  };
  return {
    months: MONTHS,
    series: [
      series('units_delivered', ['30', '31', '35', '33', '36', '38', '40', '37', '39', '41', '38', '42'], null),
      series(
        'revenue_new_vehicles',
        [
          '4200000.00',
          '4300000.00',
          '5100000.00',
          '4800000.00',
          '5200000.00',
          '5500000.00',
          null,
          '5400000.00',
          '5700000.00',
          '6000000.00',
          '5900000.00',
          '6543210.50',
        ],
        currency,
      ),
    ],
  };
}

/**
 * Region EAST in branch currency: two currencies (CNY and EUR) so money figures are per-currency
 * subtotals, its branches ranked; the branch sample's sections with the rows of one money KPI
 * split per currency.
 */
export function sampleRegionSummary(locale: Locale): MonthlySummary {
  const branch = sampleSummary(locale);
  const eur = (r: SummaryRow): SummaryRow => ({
    ...r,
    currency: 'EUR',
    currencySubtotal: true,
    value: '120000.00',
    quota: null,
    quotaVersion: null,
    quotaAttainment: null,
    stretch: null,
    stretchAttainment: null,
    mom: null,
    yoy: null,
    rank: null,
    asClosedValue: null,
  });
  const sections = branch.sections.map((section) => ({
    ...section,
    rows: section.rows.flatMap((r) =>
      r.kpiId === 'revenue_new_vehicles'
        ? [{ ...r, currencySubtotal: true, rank: null }, eur(r)]
        : [{ ...r, rank: r.rank ? { rank: r.rank.rank, of: 3 } : null }],
    ),
  }));
  const trend = sampleTrend(locale);
  const revenue = trend.series[1]!;
  const figure = (value: string | null, rank: number | null, quotaAttainment: string | null = null) => ({
    value,
    currency: null,
    subtotals: [],
    provisional: false,
    quotaAttainment,
    rank,
  });
  return {
    ...branch,
    unit: { level: 'region', id: 'EAST', name: 'East China', currency: null, regionId: 'EAST', regionName: 'East China' },
    currency: 'branch',
    text: summaryText('region', locale),
    sections,
    trend: {
      months: trend.months,
      series: [
        trend.series[0]!,
        { ...revenue, currencySubtotal: true },
        { ...revenue, currency: 'EUR', currencySubtotal: true, values: revenue.values.map((v) => (v === null ? null : '100000.00')) },
      ],
    },
    ranking: {
      level: 'branch',
      title: RANKING_TITLES.branch[locale],
      rankedBy: 'units_delivered',
      kpis: [
        { id: 'units_delivered', label: kpiLabel('units_delivered', locale), unit: 'count' },
        { id: 'revenue_new_vehicles', label: kpiLabel('revenue_new_vehicles', locale), unit: 'money' },
      ],
      rows: [
        {
          unitId: 'SH-01',
          unitName: 'Shanghai Pudong 4S',
          figures: [figure('42', 1, '105.00'), { ...figure('6543210.50', 1), currency: 'CNY' }],
        },
        {
          unitId: 'MAD-01',
          unitName: 'Madrid Centro',
          figures: [figure('12', 2), { ...figure('120000.00', 2), currency: 'EUR' }],
        },
        { unitId: 'SH-02', unitName: 'Shanghai Minhang', figures: [figure('0', 3), { ...figure(null, null), subtotals: [] }] },
      ],
    },
  };
}

/** The group in group currency (CNY): the branch sample's figures without ranks (no peers), its regions ranked. */
export function sampleGroupSummary(locale: Locale): MonthlySummary {
  const branch = sampleSummary(locale);
  const region = sampleRegionSummary(locale);
  return {
    ...branch,
    unit: { level: 'group', id: 'group', name: GROUP_LABEL[locale], currency: 'CNY', regionId: '', regionName: '' },
    currency: 'group',
    text: summaryText('group', locale),
    sections: branch.sections.map((section) => ({ ...section, rows: section.rows.map((r) => ({ ...r, rank: null })) })),
    ranking: {
      ...region.ranking!,
      level: 'region',
      title: RANKING_TITLES.region[locale],
      rows: [
        { unitId: 'EAST', unitName: 'East China', figures: [rankedFigure('42', 1), { ...rankedFigure('6543210.50', 1), currency: 'CNY' }] },
        { unitId: 'IBERIA', unitName: 'Iberia', figures: [rankedFigure('12', 2), { ...rankedFigure('950000.00', 2), currency: 'CNY' }] },
      ],
    },
  };
}

function rankedFigure(value: string, rank: number) {
  return { value, currency: null, subtotals: [], provisional: false, quotaAttainment: null, rank };
}
