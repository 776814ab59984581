import { kpiLabel, Locale } from '@app/kpi';
import ExcelJS from 'exceljs';
import { renderSummaryXlsx, sheetName } from './summary-xlsx.renderer';
import { sampleRegionSummary, sampleSummary } from './testing/monthly-summary.fixture';

async function workbookOf(locale: Locale): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderSummaryXlsx(sampleSummary(locale))) as unknown as ArrayBuffer);
  return workbook;
}

/** The row of the pack sheet whose first cell is `label`. */
function rowLabelled(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row labelled ${label}`);
  return found;
}

const values = (row: ExcelJS.Row, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => row.getCell(from + i).value);
const formats = (row: ExcelJS.Row, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => row.getCell(from + i).numFmt);

describe('renderSummaryXlsx', () => {
  it('writes the zh-CN pack as number cells with formats, parsed back with exceljs', async () => {
    const workbook = await workbookOf('zh-CN');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['月度经营分析', '数据', '趋势']);
    const sheet = workbook.getWorksheet('月度经营分析')!;
    expect(sheet.getCell('A1').value).toBe('月度经营分析');
    expect(sheet.getCell('A2').value).toBe('Shanghai Pudong 4S (SH-01) · 2026年1月');
    expect(rowLabelled(sheet, '整车销售').getCell(1).fill).toMatchObject({ fgColor: { argb: 'FF1D4E89' } });
    expect(rowLabelled(sheet, '数据截至').getCell(2).value).toBe('事件 #1042（2026年2月10日 16:29 中国标准时间） · 月度指标汇总 · 落后 3 个事件（2 秒）');
    expect(values(rowLabelled(sheet, '指标'), 1, 12)).toEqual([
      '指标',
      '单位',
      '实际',
      '任务',
      '任务达成率',
      '目标',
      '目标达成率',
      '环比',
      '同比',
      '区域排名',
      '关账数',
      '备注',
    ]);

    const revenue = rowLabelled(sheet, kpiLabel('revenue_new_vehicles', 'zh-CN'));
    expect(values(revenue, 2, 12)).toEqual(['CNY', 6543210.5, 6000000, 1.0905, 7000000, 0.9347, 0.109, 0.0727, 1, 6500000, '任务版本 2']);
    expect(formats(revenue, 3, 11)).toEqual([
      '#,##0.00',
      '#,##0.00',
      '0.0%',
      '#,##0.00',
      '0.0%',
      '+0.0%;-0.0%;0.0%',
      '+0.0%;-0.0%;0.0%',
      '0" / 5"',
      '#,##0.00',
    ]);

    const units = rowLabelled(sheet, kpiLabel('units_delivered', 'zh-CN'));
    expect(values(units, 3, 10)).toEqual([42, 40, 1.05, 45, 0.9333, 0.1053, -0.0455, 2]);
    expect(units.getCell(3).numFmt).toBe('#,##0');
    expect(units.getCell(5).font).toMatchObject({ color: { argb: 'FF1E7D32' } }); // met
    expect(units.getCell(9).font).toMatchObject({ color: { argb: 'FFC62828' } }); // fewer than a year ago

    // Percentages as fractions with a percent format; their MoM is a change in points.
    const rework = rowLabelled(sheet, kpiLabel('rework_rate', 'zh-CN'));
    expect(values(rework, 3, 8)).toEqual([0.25, 0.05, 5, null, null, 5]);
    expect(formats(rework, 3, 8)).toEqual(['0.00%', '0.00%', '0.0%', '0.00%', '0.0%', '+0.0 "个百分点";-0.0 "个百分点";0.0 "个百分点"']);
    expect(rework.getCell(5).font).toMatchObject({ color: { argb: 'FFC62828' } }); // lower is better: 500 % of quota is missed
    expect(rework.getCell(12).value).toBe('* 暂定; 任务版本 1');

    const service = rowLabelled(sheet, kpiLabel('service_revenue', 'zh-CN'));
    expect(service.getCell(9).value).toBe(0.5);
    expect(service.getCell(12).value).toBe('† 非同口径; 任务版本 1');
    expect(values(rowLabelled(sheet, kpiLabel('csi_sales', 'zh-CN')), 3, 11)).toEqual([null, null, null, null, null, null, null, null, null]);
  });

  it('writes a data sheet with one line per KPI, the figures as numbers and Spanish headers', async () => {
    const workbook = await workbookOf('es');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Resumen mensual de gestión', 'Datos', 'Evolución']);
    const pack = workbook.getWorksheet('Resumen mensual de gestión')!;
    expect(values(rowLabelled(pack, 'Indicador'), 1, 5)).toEqual(['Indicador', 'Unidad', 'Real', 'Objetivo asignado', 'Cumplimiento']);
    expect(values(rowLabelled(pack, kpiLabel('per_vehicle_yield', 'es')), 2, 5)).toEqual(['CNY/veh.', 1000, 800, 1.25]);

    const data = workbook.getWorksheet('Datos')!;
    const header = values(data.getRow(1), 1, 30);
    expect(header.slice(0, 14)).toEqual([
      'Concesionario',
      'Mes',
      'Sección',
      'Código del indicador',
      'Indicador',
      'Unidad',
      'Real',
      'Provisional',
      'Al cierre',
      'Objetivo asignado',
      'Versión del objetivo',
      'Cumplimiento %',
      'Objetivo retador',
      'Cumplimiento retador %',
    ]);
    expect(data.rowCount).toBe(1 + 10);
    expect(data.autoFilter).toBeDefined();
    const byKpi = new Map<string, ExcelJS.CellValue[]>();
    data.eachRow((row, n) => {
      if (n > 1) byKpi.set(row.getCell(4).text, values(row, 1, 30));
    });
    const column = (name: string) => header.indexOf(name);
    const revenue = byKpi.get('revenue_new_vehicles')!;
    expect(revenue.slice(0, 14)).toEqual([
      'SH-01',
      '2026-01',
      'Ventas de vehículos',
      'revenue_new_vehicles',
      kpiLabel('revenue_new_vehicles', 'es'),
      'CNY',
      6543210.5,
      false,
      6500000,
      6000000,
      2,
      109.05,
      7000000,
      93.47,
    ]);
    expect(revenue[column('Vs. año anterior: Crecimiento %')]).toBe(7.27);
    expect(revenue[column('Posición en la región')]).toBe(1);
    expect(revenue[column('Concesionarios en la región')]).toBe(5);
    expect(byKpi.get('rework_rate')![column('Provisional')]).toBe(true);
    expect(byKpi.get('service_revenue')![column('Vs. año anterior: Comparable')]).toBe(false);
    expect(byKpi.get('csi_sales')![column('Real')]).toBeNull();
  });

  it('writes a region pack: subtotal rows labelled, the trend and the ranking sheets as number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderSummaryXlsx(sampleRegionSummary('en'))) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Monthly business summary', 'Data', 'Trend', 'Ranking']);
    const revenue = kpiLabel('revenue_new_vehicles', 'en');
    expect(values(rowLabelled(workbook.getWorksheet('Monthly business summary')!, `${revenue} (EUR subtotal)`), 2, 3)).toEqual(['EUR', 120000]);
    const trend = workbook.getWorksheet('Trend')!;
    expect(values(trend.getRow(1), 1, 4)).toEqual(['KPI id', 'KPI', 'Unit', '2025-02']);
    expect(values(trend.getRow(3), 1, 3)).toEqual(['revenue_new_vehicles', `${revenue} (CNY subtotal)`, 'CNY']);
    expect(values(trend.getRow(3), 10, 15)).toEqual([null, 5400000, 5700000, 6000000, 5900000, 6543210.5]);
    expect(trend.getRow(3).getCell(15).numFmt).toBe('#,##0.00');
    const ranking = workbook.getWorksheet('Ranking')!;
    expect(values(ranking.getRow(2), 1, 8)).toEqual(['SH-01', 'Shanghai Pudong 4S', 'units_delivered', kpiLabel('units_delivered', 'en'), null, 42, 1.05, 1]);
    expect(values(ranking.getRow(5), 1, 8)).toEqual(['MAD-01', 'Madrid Centro', 'revenue_new_vehicles', revenue, 'EUR', 120000, null, 2]);
  });

  it('names sheets within Excel rules', () => {
    expect(sheetName('Plan: 2026/01 [v2]?')).toBe('Plan  2026 01  v2');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});
