import { attainmentTone, figureAndAsClosed, formatAmount, formatComparison, formatDecimal, formatMonth, formatPercent } from './summary-display';
import { RENDER_LABELS } from './render-labels';
import { sampleSummary } from './testing/monthly-summary.fixture';

describe('summary display formats', () => {
  it('formats exact decimal strings per locale, without going through a float', () => {
    expect(formatDecimal('12345678901234567.89', 'en', 2)).toBe('12,345,678,901,234,567.89');
    expect(formatDecimal('12345678901234567.89', 'es', 2)).toBe('12.345.678.901.234.567,89');
    expect(formatDecimal('3000.00', 'es', 2)).toBe('3.000,00');
    expect(formatDecimal('-0.10', 'zh-CN', 2)).toBe('-0.10');
    expect(formatDecimal('42', 'zh-CN')).toBe('42');
  });

  it('shows amounts in 万 and 亿 in Chinese as the dashboard does, in full elsewhere', () => {
    expect(['6543210.50', '6500000.00', '99999.99', '3000.00', '-25000.00', '123456789.00', '0.00'].map((v) => formatAmount(v, 'zh-CN'))).toEqual([
      '654.32万',
      '650.00万',
      '10.00万',
      '3,000.00',
      '-2.50万',
      '1.23亿',
      '0.00',
    ]);
    expect(formatAmount('6543210.50', 'es')).toBe('6.543.210,50');
    expect(formatAmount('6543210.5', 'en')).toBe('6,543,210.50');
  });

  it('shows attainment and growth in the locale’s percent style', () => {
    expect(formatPercent('104.55', 'en')).toBe('104.6%');
    expect(formatPercent('104.55', 'es')).toBe('104,6\u00a0%');
    expect(formatPercent('-4.55', 'zh-CN', true)).toBe('-4.6%');
    expect(formatPercent('0', 'en', true)).toBe('0.0%');
  });

  it('names the month in each language', () => {
    expect(['zh-CN', 'es', 'en'].map((l) => formatMonth('2026-01', l as 'en'))).toEqual(['2026年1月', 'enero de 2026', 'January 2026']);
  });

  it('colours attainment by direction: a lower-is-better KPI meets its target at or under 100 %', () => {
    expect(['100.00', '95.00', '89.99'].map((a) => attainmentTone(a, true))).toEqual(['good', 'warn', 'bad']);
    expect(['100.00', '105.00', '110.01'].map((a) => attainmentTone(a, false))).toEqual(['good', 'warn', 'bad']);
    expect(attainmentTone(null, true)).toBeNull();
  });

  it('compares percentages in points and marks comparisons that are not like-for-like', () => {
    const [sales, afterSales] = sampleSummary('en').sections;
    const margin = sales!.rows.find((r) => r.kpiId === 'vehicle_gross_margin')!;
    const service = afterSales!.rows.find((r) => r.kpiId === 'service_revenue')!;
    expect(formatComparison(margin.mom, margin, 'en', RENDER_LABELS.en)).toBe('-0.5 pp');
    expect(formatComparison(service.yoy, service, 'en', RENDER_LABELS.en)).toBe('+50.0% †');
    expect(formatComparison(null, service, 'en', RENDER_LABELS.en)).toBe('—');
  });
  it('shows a restated amount and its as-closed figure in full when 万 would print them alike', () => {
    const money = { unit: 'money' as const };
    expect(figureAndAsClosed({ ...money, value: '1234567.89', asClosedValue: '1234560.00' }, 'zh-CN')).toEqual({
      value: '1,234,567.89',
      asClosed: '1,234,560.00',
    });
    expect(figureAndAsClosed({ ...money, value: '1234567.89', asClosedValue: '1200000.00' }, 'zh-CN')).toEqual({ value: '123.46万', asClosed: '120.00万' });
    expect(figureAndAsClosed({ ...money, value: '1234567.89', asClosedValue: '1234567.89' }, 'zh-CN')).toEqual({ value: '123.46万', asClosed: '123.46万' });
    expect(figureAndAsClosed({ ...money, value: '1234567.89', asClosedValue: null }, 'zh-CN')).toEqual({ value: '123.46万', asClosed: null });
  });
});
