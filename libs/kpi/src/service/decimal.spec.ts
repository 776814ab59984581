import { decimalRatio, divide, percent, scaled } from './decimal';
import { filterParams } from './service-kpi.filter';
import { dateIn } from './service-kpis.queries';

describe('service KPI decimals', () => {
  it('divides exactly, half away from zero', () => {
    expect(decimalRatio('163.333333', 6, 2, 2)).toBe('81.67');
    expect(decimalRatio('3000.00', 2, 3, 2)).toBe('1000.00');
    expect(decimalRatio('1.00', 2, 0, 2)).toBeNull();
    expect(divide(-5n, 2n, 0)).toBe('-3');
    expect(divide(0n, -2n, 2)).toBe('0.00');
    expect(percent(1, 4, 2)).toBe('25.00');
    expect(percent(1, 3, 1)).toBe('33.3');
    expect(percent(2, 3, 2)).toBe('66.67');
    expect(scaled('-1.5', 2)).toBe(-150n);
    expect(() => scaled('1.234', 2)).toThrow(RangeError);
  });

  it('turns months into a half-open date range and refuses nonsense', () => {
    expect(filterParams({ fromMonth: '2026-01', toMonth: '2026-12' })).toMatchObject({ from: '2026-01-01', to: '2027-01-01', byRegion: 0, branches: [] });
    expect(filterParams({ fromMonth: '2026-02', toMonth: '2026-02', grain: 'region', regionIds: ['EAST'] })).toMatchObject({ from: '2026-02-01', to: '2026-03-01', byRegion: 1, regions: ['EAST'] });
    expect(() => filterParams({ fromMonth: '2026-13', toMonth: '2026-12' })).toThrow(RangeError);
    expect(() => filterParams({ fromMonth: '2026-03', toMonth: '2026-02' })).toThrow(RangeError);
  });

  it("takes now's date in the report's time zone", () => {
    expect(dateIn('2026-03-02T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-03-03');
    expect(dateIn('2026-03-02T16:00:00.000Z', 'UTC')).toBe('2026-03-02');
  });
});
