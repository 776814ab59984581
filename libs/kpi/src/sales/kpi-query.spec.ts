import { hundredths, money, monthRange, ratio } from './kpi-query';

describe('kpi query helpers', () => {
  it('spans the months of a filter as [first day, first day after)', () => {
    expect(monthRange({ fromMonth: '2026-01', toMonth: '2026-03' })).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(monthRange({ fromMonth: '2025-12', toMonth: '2025-12' })).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(() => monthRange({ fromMonth: '2026-13', toMonth: '2026-12' })).toThrow(RangeError);
    expect(() => monthRange({ fromMonth: '2026-03', toMonth: '2026-01' })).toThrow(RangeError);
  });

  it('divides exact decimals, rounding half away from zero, null for a zero denominator', () => {
    expect(ratio('40000.00', '300000.00')).toBe('0.1333');
    expect(ratio('1', '8')).toBe('0.1250');
    expect(ratio('2', '3')).toBe('0.6667');
    expect(ratio('-10000.00', '-100000.00')).toBe('0.1000');
    expect(ratio('-1', '3')).toBe('-0.3333');
    expect(ratio('5', '0')).toBeNull();
    expect(ratio(0, 7)).toBe('0.0000');
  });

  it('keeps money exact', () => {
    expect(money(hundredths('-100000.5'))).toBe('-100000.50');
    expect(money(hundredths('12'))).toBe('12.00');
    expect(() => hundredths('1.234')).toThrow(RangeError);
  });
});
