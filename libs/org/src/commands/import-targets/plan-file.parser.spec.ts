import ExcelJS from 'exceljs';
import { parsePlanFile, PlanFileError } from './plan-file.parser';
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
    const csv = '\uFEFFKPI;Period Kind;period;grain;grain_id;model;segment;kind;value;unit\r\n' +
      'service_revenue;month;2026-01;branch;SH-01;;;quota;1500000.00;CNY\r\n\r\n' +
      'new_vehicle_units;year;2026;group;;Lavida;;stretch;1200;units\r\n';
    const parsed = await parsePlanFile('plan.csv', Buffer.from(csv));
    expect(parsed.format).toBe('csv');
    expect(parsed.rows).toEqual([
      { row: 2, problems: [], cells: { kpi: 'service_revenue', periodKind: 'month', period: '2026-01', grain: 'branch', grainId: 'SH-01', kind: 'quota', value: '1500000.00', unit: 'CNY' } },
      { row: 4, problems: [], cells: { kpi: 'new_vehicle_units', periodKind: 'year', period: '2026', grain: 'group', model: 'Lavida', kind: 'stretch', value: '1200', unit: 'units' } },
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
