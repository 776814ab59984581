import { kpiLabel } from '@app/kpi';
import type { Scorecard, ScorecardFigure } from '../kpis/scorecard';
import type { LineageResponse } from '../kpis/kpi-reporting.service';
import { EXPORT_LABELS } from './export-labels';
import { lineageTable, scorecardTable } from './report-tables';
import { renderTableCsv } from './table-export';

const figure = (f: Partial<ScorecardFigure>): ScorecardFigure => ({
  value: null,
  currency: null,
  numerator: null,
  denominator: null,
  subtotals: [],
  provisional: false,
  quotaAttainment: null,
  stretchAttainment: null,
  momGrowthPercent: null,
  yoyGrowthPercent: null,
  rank: null,
  ...f,
});

const kpi = (id: string, unit: string) => ({ id, label: kpiLabel(id, 'es'), unit, higherIsBetter: true });

/** WEST in branch currency: CNY and EUR branches, so its revenue has no single value. */
const card: Scorecard = {
  period: '2026-01',
  level: 'region',
  currency: 'branch',
  groupCurrency: 'CNY',
  kpis: [kpi('revenue', 'money'), kpi('rework_rate', 'percent')],
  rows: [
    {
      unitId: 'EAST',
      unitName: 'East China',
      figures: {
        revenue: figure({
          value: '300000.00',
          currency: 'CNY',
          numerator: '300000.00',
          subtotals: [{ currency: 'CNY', value: '300000.00', numerator: '300000.00', denominator: null, provisional: false }],
          rank: 2,
        }),
        rework_rate: figure({ value: '25.00', numerator: '1', denominator: '4', provisional: true, rank: 1 }),
      },
    },
    {
      unitId: 'WEST',
      unitName: 'West China',
      figures: {
        revenue: figure({
          subtotals: [
            { currency: 'CNY', value: '120000.00', numerator: '120000.00', denominator: null, provisional: false },
            { currency: 'EUR', value: '40000.50', numerator: '40000.50', denominator: null, provisional: true },
          ],
          rank: 1,
        }),
        rework_rate: figure({ value: '0.00', numerator: '0', denominator: '2', rank: 2 }),
      },
    },
  ],
};

describe('report tables', () => {
  it('the scorecard: money with its currency, rates with numerator and denominator, and one labelled row per currency where a figure has several', () => {
    const table = scorecardTable(card, { locale: 'es', query: {} });
    const l = EXPORT_LABELS.es;
    const revenue = kpiLabel('revenue', 'es');
    const rework = kpiLabel('rework_rate', 'es');
    expect(table.main.columns.map((c) => c.header).slice(0, 6)).toEqual([
      l.unitId,
      l.unitName,
      `${revenue} · ${l.value}`,
      `${revenue} · ${l.currency}`,
      `${revenue} · ${l.provisional}`,
      `${revenue} · ${l.quotaAttainment}`,
    ]);
    const col = (header: string) => table.main.columns.findIndex((c) => c.header === header);
    const pick = (row: readonly unknown[]) => [
      row[0],
      row[1],
      row[col(`${revenue} · ${l.value}`)],
      row[col(`${revenue} · ${l.currency}`)],
      row[col(`${revenue} · ${l.rank}`)],
      row[col(`${rework} · ${l.numerator}`)],
      row[col(`${rework} · ${l.denominator}`)],
    ];
    expect(table.main.rows.map(pick)).toEqual([
      ['EAST', 'East China', '300000.00', 'CNY', 2, '1', '4'],
      // The whole figure has no value (two currencies) but keeps its rank on group-currency figures.
      ['WEST', 'West China', null, null, 1, '0', '2'],
      ['WEST', 'West China (subtotal CNY)', '120000.00', 'CNY', null, null, null],
      ['WEST', 'West China (subtotal EUR)', '40000.50', 'EUR', null, null, null],
    ]);
    const csv = renderTableCsv(table);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('WEST;West China (subtotal EUR);40000,50;EUR;sí;');
  });

  it('a lineage: one row per fact, the figure and Σ on the about lines, conversions on their own sheet', () => {
    const lineage = {
      kpi: { id: 'service_revenue', label: kpiLabel('service_revenue', 'zh-CN'), unit: 'money', higherIsBetter: true, rollUp: 'sum' },
      point: null,
      facts: [
        {
          eventId: 'e-1',
          position: '7',
          businessDate: '2026-01-05',
          reference: 'A1',
          branchId: 'SH-01',
          month: '2026-01',
          currency: 'CNY',
          numerator: '1000.25',
          denominator: null,
          streamId: 'repair-order-A1',
        },
      ],
      total: 1,
      page: 1,
      pageSize: 100000,
      sums: { numerator: '1000.25', denominator: null },
      conversions: [
        {
          branchId: 'SH-01',
          month: '2026-01',
          currency: 'CNY',
          rate: '1',
          numerator: '1000.25',
          numeratorConverted: '1000.25',
          denominator: null,
          denominatorConverted: null,
        },
      ],
    } as unknown as LineageResponse;
    const table = lineageTable(lineage, { locale: 'zh-CN', query: { unitId: 'SH-01', periodStart: '2026-01-01' }, timeZone: 'Asia/Shanghai' });
    const l = EXPORT_LABELS['zh-CN'];
    expect(table.fileName).toBe('lineage-service_revenue-SH-01-2026-01-01-zh-CN');
    expect(table.main.rows).toEqual([['e-1', 'repair-order-A1', '7', '2026-01-05', 'A1', 'SH-01', '2026-01', 'CNY', '1000.25']]);
    expect(table.extra.map((s) => [s.name, s.rows.length])).toEqual([[l.sheets.conversions, 1]]);
    expect(table.about).toContainEqual([`Σ ${l.numerator}`, '1000.25']);
  });
});
