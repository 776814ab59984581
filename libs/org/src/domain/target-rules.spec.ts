import { KPI_CATALOGUE } from '@app/kpi';
import { TargetCell } from './target.aggregate';
import { isMoneyKpi, targetCurrencyProblem, targetKpiProblems, targetMayBeNegative, targetPeriodStart } from './target-rules';

const cell = (kpi: string, more: Partial<TargetCell> = {}): TargetCell => ({
  kpi,
  periodKind: 'month',
  period: '2026-01',
  grain: 'branch',
  grainId: 'MAD-01',
  model: null,
  segment: null,
  kind: 'quota',
  ...more,
});
const problems = (kpi: string, value: string, unit: string) => targetKpiProblems({ cell: cell(kpi), value, unit }).map((e) => [e.code, e.field]);

describe('target rules', () => {
  it('takes a target only for a KPI of the catalogue with figures of its own', () => {
    expect(problems('service_revenue', '1500000.00', 'CNY')).toEqual([]);
    expect(problems('new_vehicle_units', '12', 'units')).toEqual([['UNKNOWN_KPI', 'kpi']]);
    expect(problems('attainment_quota', '100', '%')).toEqual([['KPI_TAKES_NO_TARGET', 'kpi']]);
    expect(problems('growth_yoy', '5', '%')).toEqual([['KPI_TAKES_NO_TARGET', 'kpi']]);
  });

  it('refuses a value below zero where the figure never is: CSI, rates and margins, counts, hours, yields, stock', () => {
    for (const [kpi, unit] of [
      ['csi_service', 'score'],
      ['rework_rate', '%'],
      ['vehicle_gross_margin', '%'],
      ['units_delivered', 'units'],
      ['hours_sold', 'hours'],
      ['complaint_resolution_days', 'days'],
      ['per_vehicle_yield', 'CNY/vehicle'],
      ['stock_value', 'CNY'],
    ]) {
      expect({ kpi, problems: problems(kpi as string, '-1', unit as string) }).toEqual({ kpi, problems: [['NEGATIVE_TARGET', 'value']] });
      expect({ kpi, problems: problems(kpi as string, '0', unit as string) }).toEqual({ kpi, problems: [] });
    }
    expect(targetKpiProblems({ cell: cell('csi_service'), value: '-5', unit: 'score' })[0]?.message).toBe(
      'value -5 is below zero, but csi_service (score) is never below zero',
    );
    // -0 is zero.
    expect(problems('csi_service', '-0.00', 'score')).toEqual([]);
  });

  it('accepts a money flow below zero: a planned loss of gross profit, net revenue after returns', () => {
    expect(problems('vehicle_gross_profit', '-50000.00', 'CNY')).toEqual([]);
    expect(problems('revenue_used_vehicles', '-1', 'CNY')).toEqual([]);
    const signed = KPI_CATALOGUE.filter((k) => k.area !== 'plan' && targetMayBeNegative(k)).map((k) => k.id);
    expect(signed).toContain('vehicle_gross_profit');
    expect(KPI_CATALOGUE.filter((k) => targetMayBeNegative(k)).every((k) => k.unit === 'money' && k.rollUp === 'sum')).toBe(true);
  });

  it('wants a currency code as the unit of a money target, not 万 or a word', () => {
    expect(problems('service_revenue', '150', '万元')).toEqual([['TARGET_CURRENCY_MISMATCH', 'unit']]);
    expect(problems('per_vehicle_yield', '800', 'CNY/vehicle')).toEqual([]);
    expect(problems('per_vehicle_yield', '800', 'CNY')).toEqual([]);
    expect(problems('effective_labour_rate', '300', 'yuan/hour')).toEqual([['TARGET_CURRENCY_MISMATCH', 'unit']]);
    expect(problems('units_delivered', '12', '台')).toEqual([]);
    expect(
      KPI_CATALOGUE.filter(isMoneyKpi)
        .map((k) => k.unit)
        .every((u) => u.startsWith('money')),
    ).toBe(true);
  });

  it('compares the currency of a money target with the currency of its grain', () => {
    const eur = { currency: 'EUR', because: 'branch MAD-01 books in EUR' };
    expect(targetCurrencyProblem({ cell: cell('service_revenue'), unit: 'EUR' }, eur)).toBeNull();
    expect(targetCurrencyProblem({ cell: cell('per_vehicle_yield'), unit: 'EUR/vehicle' }, eur)).toBeNull();
    expect(targetCurrencyProblem({ cell: cell('service_revenue'), unit: 'CNY' }, eur)?.message).toBe(
      'unit CNY is not the currency of the target: branch MAD-01 books in EUR, so its service_revenue target is in EUR',
    );
    expect(targetCurrencyProblem({ cell: cell('per_vehicle_yield'), unit: 'CNY/vehicle' }, eur)?.code).toBe('TARGET_CURRENCY_MISMATCH');
    // Not money: any unit.
    expect(targetCurrencyProblem({ cell: cell('units_delivered'), unit: 'CNY' }, eur)).toBeNull();
  });

  it('knows the first day of a target period', () => {
    expect(targetPeriodStart('year', '2026')).toBe('2026-01-01');
    expect(targetPeriodStart('quarter', '2026-Q3')).toBe('2026-07-01');
    expect(targetPeriodStart('quarter', '2026-Q4')).toBe('2026-10-01');
    expect(targetPeriodStart('month', '2026-02')).toBe('2026-02-01');
  });
});
