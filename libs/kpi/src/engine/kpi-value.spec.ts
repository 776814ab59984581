import { kpiById } from '../catalogue';
import { kpiValue } from './kpi-engine';

/** The engine's one division: value = f(Σ numerator, Σ denominator) at the unit's scale, half away from zero. */
describe('kpiValue', () => {
  const kpi = (id: string) => {
    const definition = kpiById(id);
    if (!definition) throw new Error(`no KPI ${id}`);
    return definition;
  };

  it('divides exact decimals, half away from zero, at the unit scale; null for a zero denominator', () => {
    expect(kpiValue(kpi('csi_service'), '163.3333', '2')).toBe('81.67');
    expect(kpiValue(kpi('per_vehicle_yield'), '3000.00', '3')).toBe('1000.00');
    expect(kpiValue(kpi('per_vehicle_yield'), '1.00', '0')).toBeNull();
    expect(kpiValue(kpi('rework_rate'), '1', '4')).toBe('25.00');
    expect(kpiValue(kpi('rework_rate'), '2', '3')).toBe('66.67');
    expect(kpiValue(kpi('vehicle_gross_margin'), '40000.00', '300000.00')).toBe('13.33');
    expect(kpiValue(kpi('vehicle_gross_margin'), '-10000.00', '-100000.00')).toBe('10.00');
    expect(kpiValue(kpi('vehicle_gross_margin'), '-1', '8')).toBe('-12.50');
    expect(kpiValue(kpi('complaint_resolution_days'), '2527200', '1')).toBe('29.3'); // seconds: 29.25 days
  });

  it('keeps sums and snapshots exact at their scale', () => {
    expect(kpiValue(kpi('service_revenue'), '-100000.5', null)).toBe('-100000.50');
    expect(kpiValue(kpi('units_delivered'), '12', null)).toBe('12');
    expect(kpiValue(kpi('stock_value'), '48000', null)).toBe('48000.00');
  });
});
