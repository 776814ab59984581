import { kpiLabel } from '@app/kpi';
import { parse } from 'csv-parse/sync';
import { renderSummaryCsv } from './summary-csv.renderer';
import { sampleRegionSummary, sampleSummary } from './testing/monthly-summary.fixture';

function records(csv: string, delimiter = ','): Record<string, string>[] {
  return parse<Record<string, string>>(csv, { bom: true, columns: true, delimiter });
}

describe('renderSummaryCsv', () => {
  it('writes one line per KPI with the exact figures and zh-CN headers, UTF-8 with a BOM for Excel', () => {
    const csv = renderSummaryCsv(sampleSummary('zh-CN'));
    expect(csv.startsWith('\uFEFF门店,月份,板块,指标代码,指标,单位,实际,暂定,关账数,任务,任务版本,任务达成率 %,目标,目标达成率 %,环比: 月份,')).toBe(true);
    expect(csv).toContain('\r\n');
    const rows = records(csv);
    expect(rows).toHaveLength(10);
    const revenue = rows.find((r) => r['指标代码'] === 'revenue_new_vehicles')!;
    expect(revenue).toMatchObject({
      门店: 'SH-01',
      月份: '2026-01',
      板块: '整车销售',
      单位: 'CNY',
      实际: '6543210.50',
      暂定: '否',
      关账数: '6500000.00',
      任务: '6000000.00',
      任务版本: '2',
      '任务达成率 %': '109.05',
      '环比: 实际': '5900000.00',
      '环比: 变化': '643210.50',
      '环比: 增长率 %': '10.90',
      '同比: 同口径': '是',
      区域排名: '1',
      区域门店数: '5',
    });
    expect(rows.find((r) => r['指标代码'] === 'rework_rate')).toMatchObject({ 实际: '25.00', 暂定: '是', '环比: 变化': '5.00' });
    expect(rows.find((r) => r['指标代码'] === 'csi_sales')).toMatchObject({ 实际: '', 任务: '', 区域排名: '' });
  });

  it('writes Spanish for Spanish Excel: headers in Spanish, `;` between fields, decimal comma, the BOM', () => {
    const summary = sampleSummary('es');
    const csv = renderSummaryCsv({ ...summary, unit: { ...summary.unit, id: 'MAD-01' } });
    expect(csv.startsWith('\uFEFFConcesionario;Mes;Sección;Código del indicador;')).toBe(true);
    const rows = records(csv, ';');
    const margin = rows.find((r) => r['Código del indicador'] === 'vehicle_gross_margin')!;
    expect(margin).toMatchObject({
      Concesionario: 'MAD-01',
      Mes: '2026-01',
      Sección: 'Ventas de vehículos',
      Unidad: '%',
      Real: '6,25',
      'Vs. mes anterior: Variación': '-0,50',
      Provisional: 'no',
    });
    // Exact figures, no grouping: only the decimal mark changes; integers and months stay as they are.
    expect(rows.find((r) => r['Código del indicador'] === 'revenue_new_vehicles')).toMatchObject({ Real: '6543210,50', 'Versión del objetivo': '2' });
    expect(rows.find((r) => r['Código del indicador'] === 'service_revenue')!['Vs. año anterior: Comparable']).toBe('no');
    expect(csv).not.toMatch(/\d\.\d/);
  });

  it('writes `,` and the decimal point for Chinese and English Excel, with the BOM', () => {
    const en = renderSummaryCsv(sampleSummary('en'));
    expect(en.startsWith('\uFEFFBranch,Month,')).toBe(true);
    expect(records(en).find((r) => r['KPI id'] === 'revenue_new_vehicles')).toMatchObject({ Actual: '6543210.50' });
  });

  it('writes a region pack: the region in the first column, one labelled line per currency subtotal, its rank among regions', () => {
    const rows = records(renderSummaryCsv(sampleRegionSummary('en')));
    expect(Object.keys(rows[0]!).slice(0, 2)).toEqual(['Region', 'Month']);
    const revenue = rows.filter((r) => r['KPI id'] === 'revenue_new_vehicles').map((r) => [r['Region'], r.KPI, r.Unit, r.Actual, r['Rank among regions']]);
    expect(revenue).toEqual([
      ['EAST', `${kpiLabel('revenue_new_vehicles', 'en')} (CNY subtotal)`, 'CNY', '6543210.50', ''],
      ['EAST', `${kpiLabel('revenue_new_vehicles', 'en')} (EUR subtotal)`, 'EUR', '120000.00', ''],
    ]);
    expect(rows.find((r) => r['KPI id'] === 'units_delivered')).toMatchObject({ 'Rank among regions': '2', Regions: '3' });
  });
});
