import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KPI_CATALOGUE, kpiById, kpiLabel } from './index';
import { renderKpiDocs } from './kpi-docs';

/** The KPIs issue #5 and DOMAIN.md name; each must be defined. */
const REQUIRED = [
  'revenue',
  'revenue_new_vehicles',
  'revenue_used_vehicles',
  'service_revenue',
  'service_labour_revenue',
  'service_parts_revenue',
  'parts_counter_sales',
  'accessory_sales',
  'csi_service',
  'csi_sales',
  'csi_response_rate',
  'csi_top_box',
  'rework_rate',
  'per_vehicle_yield',
  'units_delivered',
  'units_returned',
  'vehicle_returns_amount',
  'vehicle_gross_profit',
  'vehicle_gross_margin',
  'collections',
  'leads',
  'test_drives',
  'lead_to_order_conversion',
  'order_cancellations',
  'vehicle_intakes',
  'hours_sold',
  'effective_labour_rate',
  'technician_efficiency',
  'insurance_revenue',
  'repair_and_warranty_revenue',
  'warranty_approval_rate',
  'parts_margin',
  'genuine_parts_purchases',
  'stock_value',
  'aged_stock_value',
  'follow_up_within_3_working_days',
  'complaints',
  'complaint_resolution_days',
  'attainment_quota',
  'attainment_stretch',
  'annual_plan_progress',
  'growth_mom',
  'growth_yoy',
];

describe('KPI catalogue', () => {
  it('defines every KPI the product promises', () => {
    expect(REQUIRED.filter((id) => !kpiById(id))).toEqual([]);
  });

  it.each(KPI_CATALOGUE.map((k) => [k.id, k]))('%s is complete: labels in zh-CN, es and en, formula, example', (_id, kpi) => {
    expect(kpi.id).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(kpi.labels['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(kpi.labels.es.length).toBeGreaterThan(3);
    expect(kpi.labels.en.length).toBeGreaterThan(3);
    expect(new Set([kpi.labels['zh-CN'], kpi.labels.es, kpi.labels.en]).size).toBe(3);
    expect(kpi.formula.length).toBeGreaterThan(40);
    expect(kpi.example.length).toBeGreaterThan(20);
    if (kpi.rollUp === 'ratio' && kpi.area !== 'plan') {
      expect(kpi.numerator).toBeDefined();
      expect(kpi.denominator).toBeDefined();
    }
  });

  it('gives labels by locale', () => {
    expect(kpiLabel('rework_rate', 'zh-CN')).toBe('返修率');
    expect(kpiLabel('per_vehicle_yield', 'zh-CN')).toBe('单车产值');
    expect(kpiLabel('csi_service', 'es')).toBe('Satisfacción del cliente (posventa)');
    expect(() => kpiLabel('nope', 'en')).toThrow(RangeError);
  });

  it('is published in docs/kpis.md (run `npm run docs:kpis` after changing the catalogue)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'kpis.md'), 'utf8');
    expect(onDisk).toBe(renderKpiDocs());
  });
});
