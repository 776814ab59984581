import ExcelJS from 'exceljs';
import { parsePlanFile, PLAN_COLUMN_NAMES, PLAN_COLUMNS, planColumnOf, PlanFileError } from './plan-file.parser';
import { checkPlanRows } from './plan-import';

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('plan');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const HEADER = ['kpi', 'periodKind', 'period', 'grain', 'grainId', 'model', 'segment', 'kind', 'value', 'unit'];

async function fileProblems(name: string, content: Buffer) {
  try {
    await parsePlanFile(name, content);
  } catch (error) {
    if (error instanceof PlanFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a PlanFileError');
}

describe('plan file parser', () => {
  it('reads a CSV with BOM, semicolons, loose header names and empty lines, numbering rows like a spreadsheet', async () => {
    const csv =
      '\uFEFFKPI;Period Kind;period;grain;grain_id;model;segment;kind;value;unit\r\n' +
      'service_revenue;month;2026-01;branch;SH-01;;;quota;1500000.00;CNY\r\n\r\n' +
      'new_vehicle_units;year;2026;group;;Lavida;;stretch;1200;units\r\n';
    const parsed = await parsePlanFile('plan.csv', Buffer.from(csv));
    expect(parsed.format).toBe('csv');
    expect(parsed.rows).toEqual([
      {
        row: 2,
        problems: [],
        cells: {
          kpi: 'service_revenue',
          periodKind: 'month',
          period: '2026-01',
          grain: 'branch',
          grainId: 'SH-01',
          kind: 'quota',
          value: '1500000.00',
          unit: 'CNY',
        },
      },
      {
        row: 4,
        problems: [],
        cells: { kpi: 'new_vehicle_units', periodKind: 'year', period: '2026', grain: 'group', model: 'Lavida', kind: 'stretch', value: '1200', unit: 'units' },
      },
    ]);
  });

  it('reads the first sheet of a workbook: numbers as exact text, formulas by result, a month Excel made a date', async () => {
    const content = await xlsx([
      HEADER,
      ['service_revenue', 'month', new Date(Date.UTC(2026, 0, 1)), 'branch', 'SH-01', null, null, 'quota', 1500000.5, 'CNY'],
      ['rework_rate', 'year', 2026, 'region', 'EAST', null, null, 'stretch', { formula: '0.05*1', result: 0.05 }, '%'],
      ['csi_service', 'quarter', '2026-Q1', 'branch', 'SH-01', null, null, 'quota', { error: '#DIV/0!' }, 'points'],
    ]);
    const parsed = await parsePlanFile('Plan 2026.XLSX', content);
    expect(parsed.format).toBe('xlsx');
    expect(parsed.rows[0]?.cells).toMatchObject({ period: '2026-01', value: '1500000.5' });
    expect(parsed.rows[1]?.cells).toMatchObject({ period: '2026', value: '0.05' });
    expect(parsed.rows[2]?.problems).toEqual([{ row: 4, column: 'value', message: 'the cell holds the Excel error #DIV/0!, not a value' }]);
  });

  it('refuses a file that is not .xlsx or .csv, a fake workbook, a CSV that is not UTF-8, and an empty file', async () => {
    const first = async (name: string, content: Buffer) => (await fileProblems(name, content))[0];
    expect(await first('plan.xls', Buffer.from('x'))).toMatchObject({ row: 1, column: null });
    expect((await first('plan.xls', Buffer.from('x')))?.message).toMatch(/save the file as .xlsx/);
    expect((await first('plan.pdf', Buffer.from('x')))?.message).toMatch(/\.xlsx.*\.csv/);
    expect((await first('plan.xlsx', Buffer.from('kpi,period')))?.message).toMatch(/not an Excel workbook/);
    expect((await first('plan.csv', Buffer.from([0x6b, 0x70, 0x69, 0xff, 0xfe, 0x0a])))?.message).toMatch(/UTF-8/);
    expect((await first('plan.csv', Buffer.alloc(0)))?.message).toBe('the file is empty');
  });

  it('reports missing, unknown and repeated columns in the header row', async () => {
    const problems = await fileProblems('plan.csv', Buffer.from('kpi,period,grain,segmnet,kpi\n'));
    expect(problems.every((p) => p.row === 1)).toBe(true);
    const messages = problems.map((p) => `${p.column}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'kpi: column kpi appears twice',
        'periodKind: missing column periodKind',
        'kind: missing column kind',
        'value: missing column value',
        'unit: missing column unit',
      ]),
    );
    expect(messages.find((m) => m.startsWith('segmnet:'))).toMatch(/unknown column "segmnet" \(column 4\)/);
  });

  it('names every column in English, zh-CN and es, matched without case, accents, spaces, "_" or "-"', () => {
    for (const column of PLAN_COLUMNS) {
      expect(planColumnOf(column)).toBe(column);
      expect(PLAN_COLUMN_NAMES[column]['zh-CN'].length).toBeGreaterThan(0);
      expect(PLAN_COLUMN_NAMES[column].es.length).toBeGreaterThan(0);
      for (const name of [...PLAN_COLUMN_NAMES[column]['zh-CN'], ...PLAN_COLUMN_NAMES[column].es])
        expect({ name, column: planColumnOf(name) }).toEqual({ name, column });
    }
    expect(['指标', '期间类型', '期间', '层级', '分支机构', '门店', '车型', '细分', '类型', '数值', '币种'].map(planColumnOf)).toEqual([
      'kpi',
      'periodKind',
      'period',
      'grain',
      'grainId',
      'grainId',
      'model',
      'segment',
      'kind',
      'value',
      'unit',
    ]);
    expect(
      ['Indicador', 'Tipo de período', 'PERIODO', 'Nivel', 'Sucursal', 'Modelo', 'Segmento', 'Tipo', 'Valor', 'Moneda', 'tipo_de_periodo'].map(planColumnOf),
    ).toEqual(['kpi', 'periodKind', 'period', 'grain', 'grainId', 'model', 'segment', 'kind', 'value', 'unit', 'periodKind']);
    // A header that scales the value is not the value column: values are written in full.
    expect(planColumnOf('数值（万元）')).toBeUndefined();
  });

  it('reads a Chinese workbook: Chinese headers and words for the period kind, grain and kind, values with a decimal comma', async () => {
    const content = await xlsx([
      ['指标', '期间类型', '期间', '层级', '分支机构/门店', '车型', '细分', '类型', '数值', '币种'],
      ['service_revenue', '月', '2026-01', '门店', 'SH-01', null, null, '任务', '1.500.000,00', 'CNY'],
      ['service_revenue', '月度', '2026-01', '分支机构', 'SH-01', null, null, '目标', '1.800.000', 'CNY'],
      ['csi_service', '年', 2026, '集团', null, null, null, '任务', '90,5', '分'],
      ['units_delivered', '季度', '2026-Q1', '区域', 'EAST', null, null, '目标', 1234.5, '台'],
    ]);
    const { rows } = await parsePlanFile('计划.xlsx', content);
    expect(rows.map((r) => r.problems)).toEqual([[], [], [], []]);
    expect(rows.map((r) => r.cells)).toEqual([
      { kpi: 'service_revenue', periodKind: 'month', period: '2026-01', grain: 'branch', grainId: 'SH-01', kind: 'quota', value: '1500000.00', unit: 'CNY' },
      { kpi: 'service_revenue', periodKind: 'month', period: '2026-01', grain: 'branch', grainId: 'SH-01', kind: 'stretch', value: '1800000', unit: 'CNY' },
      { kpi: 'csi_service', periodKind: 'year', period: '2026', grain: 'group', kind: 'quota', value: '90.5', unit: '分' },
      { kpi: 'units_delivered', periodKind: 'quarter', period: '2026-Q1', grain: 'region', grainId: 'EAST', kind: 'stretch', value: '1234.5', unit: '台' },
    ]);
  });

  it('reads a Spanish CSV (semicolons, decimal comma) and refuses an ambiguous value in a file that does not say its decimal mark', async () => {
    const spanish =
      'Indicador;Tipo de período;Período;Nivel;Sucursal;Tipo;Valor;Moneda\n' +
      'service_revenue;mes;2026-01;sucursal;MAD-01;cuota;125.000;EUR\n' +
      'rework_rate;año;2026;grupo;;objetivo;2,5;%\n';
    const { rows } = await parsePlanFile('plan.csv', Buffer.from(spanish));
    expect(rows.map((r) => [r.problems, r.cells.periodKind, r.cells.grain, r.cells.kind, r.cells.value])).toEqual([
      [[], 'month', 'branch', 'quota', '125000'],
      [[], 'year', 'group', 'stretch', '2.5'],
    ]);
    const unclear = `${HEADER.join(',')}\nservice_revenue,month,2026-01,branch,SH-01,,,quota,"1,250",CNY\nservice_revenue,month,2026-02,branch,SH-01,,,quota,1500,CNY\n`;
    const parsed = await parsePlanFile('plan.csv', Buffer.from(unclear));
    expect(parsed.rows[0]?.cells.value).toBeUndefined();
    expect(parsed.rows[0]?.problems).toEqual([
      { row: 2, column: 'value', message: expect.stringMatching(/^1,250 is ambiguous: 1250 with a decimal point or 1\.250 with a decimal comma/) as string },
    ]);
    expect(parsed.rows[1]).toMatchObject({ problems: [], cells: { value: '1500' } });
  });

  it('reports a CSV that cannot be parsed', async () => {
    const csv = `${HEADER.join(',')}\nservice_revenue,month,"2026-01,branch\n`;
    expect((await fileProblems('plan.csv', Buffer.from(csv)))[0]?.message).toMatch(/cannot be read/);
  });
});

describe('plan rows', () => {
  it('checks each row with the rules of the target endpoint and reports problems by row and column', async () => {
    const csv = [
      HEADER.join(','),
      'service_revenue,month,2026-01,branch,SH-01,,,quota,1500000.00,CNY',
      'Service Revenue,monthly,2026-13,branch,,,,goal,1.5e6,CNY',
      'service_revenue,quarter,2026-01,department,SH-01,,,quota,10,CNY',
      'service_revenue,month,2026-01,branch,SH-01,,,quota,1600000.00,CNY',
      'service_revenue,year,2026,group,EAST,,,stretch,10,CNY',
    ].join('\n');
    const { rows } = await parsePlanFile('plan.csv', Buffer.from(csv));
    const { checked, problems } = await checkPlanRows(rows);
    expect(checked.map((c) => c.row)).toEqual([2]);
    const at = (row: number) => problems.filter((p) => p.row === row).map((p) => p.column);
    expect(at(3).sort()).toEqual(['grainId', 'kind', 'kpi', 'periodKind', 'value'].sort());
    expect(at(4).sort()).toEqual(['grainId', 'period']);
    expect(problems.find((p) => p.row === 5)).toEqual({ row: 5, column: null, message: 'the same target cell as row 2: a cell may appear once per file' });
    expect(at(6)).toEqual(['grainId']);
  });
});
