// The one format module of the dashboard's pages and the server's packs (libs/reporting/web/assets/format.js,
// docs/adr/0028-checked-page-code.md): its own rules, then the page's helpers (i18n.js) and the server's
// display (summary-display.ts) checked against the same texts, so a copy drifting on either side fails here.
import * as format from '../../../web/assets/format.js';
import * as page from '../../../web/assets/i18n.js';
import { formatComparison, formatFigure, unitLabel } from './summary-display';
import { RENDER_LABELS } from './render-labels';
import type { SummaryRow } from '../monthly-summary.types';

describe('the shared formats (format.js)', () => {
  describe('zh-CN: amounts in 万 and 亿', () => {
    it('shows amounts from 10,000 in 万 and from 100,000,000 in 亿 with cents, smaller ones in full', () => {
      expect(format.formatAmount('6543210.50', 'zh-CN')).toBe('654.32万');
      expect(format.formatAmount('123456789012.34', 'zh-CN')).toBe('1,234.57亿');
      expect(format.formatAmount('3000', 'zh-CN')).toBe('3,000.00');
    });

    it('shows a tile amount in 万 with one decimal', () => {
      expect(format.formatCompactAmount('6543210.50', 'zh-CN')).toBe('654.3万');
    });

    it('prints percent, points and months the Chinese way', () => {
      expect(format.formatPercent('104.5', 'zh-CN')).toBe('104.5%');
      expect(format.formatPoints('1.7', 'zh-CN')).toBe('+1.7');
      expect(format.formatMonth('2026-01', 'zh-CN')).toBe('2026年1月');
      expect(format.formatInstant('2026-02-10T08:30:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年2月10日 16:30 中国标准时间');
    });
  });

  describe('es: decimal comma, grouped thousands', () => {
    it('groups every amount (also 3.000,00) and writes a decimal comma', () => {
      expect(format.formatAmount('3000', 'es')).toBe('3.000,00');
      expect(format.formatDecimal('1234567.5', 'es', 2)).toBe('1.234.567,50');
      expect(format.formatCompactAmount('191400', 'es')).toBe('191,4\u00a0mil');
    });

    it('prints percent with a space before the sign, points and months in Spanish', () => {
      expect(format.formatPercent('104.5', 'es')).toBe('104,5\u00a0%');
      expect(format.formatPoints('-0.4', 'es')).toBe('-0,4');
      expect(format.formatMonth('2026-01', 'es', 'short')).toBe('ene 2026');
      expect(format.formatInstant('2026-02-10T08:30:00Z', 'es', 'Europe/Madrid')).toBe('10 feb 2026, 9:30 hora estándar de Europa central');
    });
  });

  describe('en', () => {
    it('formats amounts in full, tiles in K, signed growth and months', () => {
      expect(format.formatAmount('1234567.5', 'en')).toBe('1,234,567.50');
      expect(format.formatCompactAmount('191400', 'en')).toBe('191.4K');
      expect(format.formatPercent('-3.25', 'en', true)).toBe('-3.3%');
      expect(format.formatPercent('0', 'en', true)).toBe('0.0%');
      expect(format.formatMonth('2026-01', 'en')).toBe('January 2026');
    });
  });

  describe('exact on decimal strings', () => {
    it('keeps every digit a float would lose', () => {
      expect(format.formatDecimal('12345678901234567.89', 'en', 2)).toBe('12,345,678,901,234,567.89');
    });

    it('moves the decimal point on the digits', () => {
      expect(format.movePoint('104.5', -2)).toBe('1.045');
      expect(format.movePoint('5', -2)).toBe('0.05');
      expect(format.movePoint('-0.04', -2)).toBe('-0.0004');
      expect(format.movePoint('1e-7', -2)).toBe('0.000000001');
      expect(format.movePoint('12', 2)).toBe('1200');
      expect(() => format.movePoint('abc', 2)).toThrow(RangeError);
    });

    it('colours an attainment a hair below the target as missed, not met', () => {
      expect(format.attainmentTone('99.99999999999999999', true)).toBe('warn');
      expect(format.attainmentTone('100', true)).toBe('good');
      expect(format.attainmentTone('110.0000000000000001', false)).toBe('bad');
      expect(format.attainmentTone(null, true)).toBeNull();
      expect(format.changeTone('-0.00', true)).toBeNull();
      expect(format.changeTone('0.0000000000000000001', false)).toBe('bad');
      expect(format.compareDecimal('2.50', '2.5')).toBe(0);
    });
  });
});

describe('the page and the packs read alike', () => {
  const row = (unit: string, value: string | null, currency: string | null = 'CNY'): SummaryRow =>
    ({ unit, value, currency, mom: null, yoy: null }) as unknown as SummaryRow;

  it.each(['zh-CN', 'es', 'en'] as const)('%s: percent, points, full figures and units are the same text on both sides', (locale) => {
    for (const value of ['104.5', '-3.25', '0', '87.04']) expect(page.formatPercent(value, locale, true)).toBe(format.formatPercent(value, locale, true));
    const change = { growthPercent: null, change: '1.7', likeForLike: true } as unknown as Parameters<typeof formatComparison>[0];
    expect(formatComparison(change, row('percent', '12.5', null), locale, RENDER_LABELS[locale])).toBe(
      `${page.formatPoints('1.7', locale)} ${RENDER_LABELS[locale].points}`,
    );
    // Money per vehicle, in full with cents on both sides.
    expect(page.formatFigure('23456.5', 'money_per_unit', locale)).toBe(formatFigure('23456.50', row('money_per_unit', '23456.50'), locale));
    expect(page.formatFigure('1234.5', 'hours', locale)).toBe(formatFigure('1234.5', row('hours', '1234.5'), locale));
    expect(page.unitSuffix('money', 'EUR', locale)).toBe(unitLabel(row('money', '1', 'EUR'), RENDER_LABELS[locale]));
  });

  it('shows an amount in 万 on the dashboard and in the zh-CN pack', () => {
    expect(page.formatHeadline('6543210.50', 'money', 'zh-CN')).toBe('654.3万');
    expect(formatFigure('6543210.50', row('money', '6543210.50'), 'zh-CN')).toBe('654.32万');
    expect(page.formatFigure('3000', 'money', 'es')).toBe('3.000,00');
    expect(page.attainmentTone('99.99999999999999999', true)).toBe('warn');
    expect(page.attainmentTone(null, true)).toBe('');
    expect(page.growthTone('-2.0', true)).toBe('bad');
  });
});
