import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readValueCells, ValueCell } from './plan-number';

/**
 * The columns of a plan file, in the documented order. Header names are matched without regard
 * to case, accents, spaces, "_" or "-" (`Period Kind`, `period_kind` and `periodKind` are the
 * same column), in English or by their zh-CN and es names (PLAN_COLUMN_NAMES).
 * kpi, periodKind, period, grain, kind, value and unit are required; grainId is required except
 * for the group; model and segment are optional (empty = all models / segments).
 */
export const PLAN_COLUMNS = ['kpi', 'periodKind', 'period', 'grain', 'grainId', 'model', 'segment', 'kind', 'value', 'unit'] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly PlanColumn[] = ['kpi', 'periodKind', 'period', 'grain', 'kind', 'value', 'unit'];

/** The most data rows one file may hold. */
export const MAX_PLAN_ROWS = 5000;

export type PlanFileFormat = 'xlsx' | 'csv';

/** A problem at a row (1 = the header row) and column of the file. */
export interface PlanProblem {
  readonly row: number;
  readonly column: string | null;
  readonly message: string;
}

/** One data row: its row number in the file and its cells as text (absent when empty). */
export interface TableRow<C extends string> {
  readonly row: number;
  readonly cells: Partial<Record<C, string>>;
  /** Cells that could not be read as text (an Excel error value, a boolean…). */
  readonly problems: readonly PlanProblem[];
}
export type PlanRow = TableRow<PlanColumn>;

export interface ParsedTableFile<C extends string> {
  readonly format: PlanFileFormat;
  readonly rows: readonly TableRow<C>[];
}
export type ParsedPlanFile = ParsedTableFile<PlanColumn>;

/**
 * What a head-office table file (a plan, the market registrations) holds: its columns in the
 * documented order, those required, their zh-CN and es names, the zh-CN and es words accepted for
 * the English words of a column, the one column of numbers (read with the file's decimal mark),
 * the column whose Excel dates on the 1st are months, and the most data rows.
 */
export interface TableFileSpec<C extends string> {
  readonly columns: readonly C[];
  readonly required: readonly C[];
  readonly names: Readonly<Record<C, { readonly 'zh-CN': readonly string[]; readonly es: readonly string[] }>>;
  readonly valueNames: Readonly<Partial<Record<C, Readonly<Record<string, readonly string[]>>>>>;
  readonly numberColumn: C;
  /**
   * The number column holds whole numbers only (counts): a thousands mark of one kind (`1,200`,
   * `1.200`, `1 200`) is read as such, never as a decimal mark, so no cell is ambiguous.
   */
  readonly wholeNumbers?: boolean;
  readonly monthColumn: C;
  readonly maxRows: number;
}

/** A table spec with its name lookups built (and checked: two columns may not share a name). */
export interface TableFile<C extends string> extends TableFileSpec<C> {
  readonly columnByName: ReadonlyMap<string, C>;
  readonly valueByName: ReadonlyMap<C, ReadonlyMap<string, string>>;
}

/** The file as a whole cannot be read: wrong type, not UTF-8, no or bad header, too many rows. */
export class PlanFileError extends Error {
  constructor(readonly problems: readonly PlanProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'PlanFileError';
  }
}

const fileError = (message: string, row = 1, column: string | null = null) => new PlanFileError([{ row, column, message }]);

/**
 * The other names of each column: the head-office plans are written in Chinese, Spanish branches
 * send theirs in Spanish. Matched like the English names (case, accents, spaces, "_" and "-"
 * aside). A header that scales the value (`数值（万元）`) is no alias: values are in full.
 */
export const PLAN_COLUMN_NAMES: Readonly<Record<PlanColumn, { readonly 'zh-CN': readonly string[]; readonly es: readonly string[] }>> = {
  kpi: { 'zh-CN': ['指标', '指标代码', 'KPI指标'], es: ['indicador', 'código de indicador'] },
  periodKind: { 'zh-CN': ['期间类型', '周期类型'], es: ['tipo de periodo'] },
  period: { 'zh-CN': ['期间', '周期'], es: ['periodo'] },
  grain: { 'zh-CN': ['层级', '组织层级'], es: ['nivel'] },
  grainId: { 'zh-CN': ['组织', '组织代码', '分支机构', '门店', '分支机构/门店'], es: ['organización', 'sucursal', 'código de nivel'] },
  model: { 'zh-CN': ['车型'], es: ['modelo'] },
  segment: { 'zh-CN': ['细分', '客户细分'], es: ['segmento'] },
  kind: { 'zh-CN': ['类型', '任务/目标'], es: ['tipo', 'cuota/objetivo'] },
  value: { 'zh-CN': ['数值', '值'], es: ['valor'] },
  unit: { 'zh-CN': ['单位', '币种'], es: ['unidad', 'moneda'] },
};

/**
 * zh-CN and es words accepted in the columns that take a fixed English word; the value is
 * stored in English, as the single target commands take it.
 */
export const PLAN_VALUE_NAMES: Readonly<Partial<Record<PlanColumn, Readonly<Record<string, readonly string[]>>>>> = {
  periodKind: { year: ['年', '年度', 'año', 'anual'], quarter: ['季度', 'trimestre'], month: ['月', '月度', 'mes', 'mensual'] },
  grain: {
    group: ['集团', 'grupo'],
    region: ['区域', '大区', 'región'],
    branch: ['分支机构', '门店', 'sucursal', 'concesionario'],
    department: ['部门', 'departamento'],
    person: ['人员', '员工', 'persona', 'empleado'],
  },
  kind: { quota: ['任务', 'cuota'], stretch: ['目标', 'objetivo'] },
};

/** A name as it is matched: no case, accents, spaces, "_" or "-". */
const squash = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');
export function tableFile<C extends string>(spec: TableFileSpec<C>): TableFile<C> {
  const columnByName = new Map<string, C>(
    spec.columns.flatMap((c) => [c, ...spec.names[c]['zh-CN'], ...spec.names[c].es].map((name) => [squash(name), c] as const)),
  );
  if (columnByName.size !== spec.columns.reduce((n, c) => n + 1 + spec.names[c]['zh-CN'].length + spec.names[c].es.length, 0)) {
    throw new Error('two columns share a name');
  }
  const valueByName = new Map<C, Map<string, string>>(
    (Object.entries(spec.valueNames) as [C, Readonly<Record<string, readonly string[]>> | undefined][]).map(([column, names]) => [
      column,
      new Map(Object.entries(names ?? {}).flatMap(([value, words]) => words.map((w) => [squash(w), value] as const))),
    ]),
  );
  return { ...spec, columnByName, valueByName };
}

const PLAN_FILE = tableFile<PlanColumn>({
  columns: PLAN_COLUMNS,
  required: REQUIRED_COLUMNS,
  names: PLAN_COLUMN_NAMES,
  valueNames: PLAN_VALUE_NAMES,
  numberColumn: 'value',
  monthColumn: 'period',
  maxRows: MAX_PLAN_ROWS,
});

/** The column a header names, or undefined. */
export function planColumnOf(header: string): PlanColumn | undefined {
  return PLAN_FILE.columnByName.get(squash(header));
}

export function planFileFormat(fileName: string, content: Buffer): PlanFileFormat {
  const lower = fileName.toLowerCase();
  const zip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (lower.endsWith('.xlsx')) {
    if (!zip) throw fileError('the file is named .xlsx but is not an Excel workbook');
    return 'xlsx';
  }
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xls')) throw fileError('old .xls workbooks are not read: save the file as .xlsx or .csv');
  throw fileError('the file must be an Excel workbook (.xlsx) or a CSV file (.csv)');
}

/** Header cells → column of each position; unknown, repeated or missing columns are file errors. */
function columnsOf<C extends string>(file: TableFile<C>, header: readonly string[]): (C | null)[] {
  const problems: PlanProblem[] = [];
  const seen = new Set<C>();
  const columns = header.map((name, index): C | null => {
    if (name.trim() === '') return null;
    const column = file.columnByName.get(squash(name));
    if (!column) {
      problems.push({
        row: 1,
        column: name,
        message: `unknown column "${name}" (column ${index + 1}); the columns are ${file.columns.join(', ')} (or their Chinese or Spanish names: ${file.columns.map((c) => file.names[c]['zh-CN'][0] ?? c).join(', ')}…)`,
      });
      return null;
    }
    if (seen.has(column)) problems.push({ row: 1, column, message: `column ${column} appears twice` });
    seen.add(column);
    return column;
  });
  for (const column of file.required) {
    if (!seen.has(column)) problems.push({ row: 1, column, message: `missing column ${column}` });
  }
  if (problems.length > 0) throw new PlanFileError(problems);
  return columns;
}

/** A whole number written with thousands marks of one kind (`1.200`, `1,200`, `1 200`) as its digits; anything else as it is. */
function wholeNumberText(text: string): string {
  const grouped = /^\d{1,3}([.,\s\u00A0\u202F])\d{3}(\1\d{3})*$/.exec(text);
  return grouped ? text.replace(/[.,\s\u00A0\u202F]/g, '') : text;
}

/** A typed Excel number, as exact text: its decimal mark says nothing about the file's. */
interface TypedNumber {
  readonly typedNumber: string;
}

type CellReading = string | TypedNumber | PlanProblem | undefined;

function toRows<C extends string>(
  file: TableFile<C>,
  records: readonly { row: number; values: readonly CellReading[] }[],
  columns: readonly (C | null)[],
): TableRow<C>[] {
  const rows: TableRow<C>[] = [];
  const valueCells: ValueCell[] = [];
  for (const record of records) {
    const cells: Partial<Record<C, string>> = {};
    const problems: PlanProblem[] = [];
    record.values.forEach((reading, index) => {
      const column = columns[index];
      if (reading === undefined) return;
      const typed = typeof reading === 'object' && 'typedNumber' in reading;
      const value = typed ? reading.typedNumber : reading;
      if (typeof value !== 'string') {
        problems.push(value);
        return;
      }
      if (column === null || column === undefined) {
        if (value.trim() !== '') problems.push({ row: record.row, column: null, message: `a value in column ${index + 1}, which has no header` });
        return;
      }
      if (value.trim() === '') return;
      cells[column] = file.valueByName.get(column)?.get(squash(value)) ?? value.trim();
      if (column === file.numberColumn) {
        if (file.wholeNumbers) cells[column] = wholeNumberText(value.trim());
        else valueCells.push({ row: record.row, text: value.trim(), typedNumber: typed });
      }
    });
    if (Object.keys(cells).length === 0 && problems.length === 0) continue; // an empty row
    rows.push({ row: record.row, cells, problems });
  }
  if (rows.length > file.maxRows) throw fileError(`the file has ${rows.length} rows; at most ${file.maxRows} are imported at once`);
  // Values written with a decimal comma or thousands separators, read with the file's one decimal mark.
  const readings = new Map(readValueCells(valueCells).map((r) => [r.row, r]));
  return rows.map((row) => {
    const reading = readings.get(row.row);
    if (!reading) return row;
    if ('problem' in reading) {
      const cells = { ...row.cells };
      delete cells[file.numberColumn];
      return { ...row, cells, problems: [...row.problems, { row: row.row, column: file.numberColumn, message: reading.problem }] };
    }
    return { ...row, cells: { ...row.cells, [file.numberColumn]: reading.value } };
  });
}

function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

export function parseCsvPlan(content: Buffer): ParsedPlanFile {
  return parseCsvTable(PLAN_FILE, content);
}

function parseCsvTable<C extends string>(file: TableFile<C>, content: Buffer): ParsedTableFile<C> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw fileError('the CSV file must be UTF-8 encoded (in Excel: Save As → "CSV UTF-8")');
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw fileError('the file is empty');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text.split(/\r?\n/, 1)[0] ?? ''),
      relax_column_count: true,
      skip_empty_lines: false,
    });
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    throw fileError(`the CSV file cannot be read: ${(error as Error).message}`, typeof lines === 'number' ? lines : 1);
  }
  const [header = [], ...data] = records;
  const columns = columnsOf(file, header);
  return {
    format: 'csv',
    rows: toRows(
      file,
      data.map((values, i) => ({ row: i + 2, values })),
      columns,
    ),
  };
}

const EXCEL_ERROR = (row: number, column: string | null, what: string): PlanProblem => ({ row, column, message: `the cell holds ${what}, not a value` });

/** An Excel cell as text: numbers without float noise, formulas by their result, dates of the period column as months. */
function cellText(value: ExcelJS.CellValue, row: number, column: string | null, monthColumn: string): CellReading {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    const text = String(value);
    return /e/i.test(text) ? { row, column, message: `the number ${text} is too large or too small: write it as text` } : { typedNumber: text };
  }
  if (typeof value === 'boolean') return { row, column, message: 'the cell holds TRUE/FALSE, not a value' };
  if (value instanceof Date) {
    // Excel turns "2026-01" typed into a cell into the date 2026-01-01.
    if (column === monthColumn && value.getUTCDate() === 1) return value.toISOString().slice(0, 7);
    return { row, column, message: 'the cell holds a date; write the value as text (e.g. 2026-01 for a month)' };
  }
  if ('error' in value) return EXCEL_ERROR(row, column, `the Excel error ${value.error}`);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? EXCEL_ERROR(row, column, 'a formula without a computed result') : cellText(result, row, column, monthColumn);
  }
  return { row, column, message: 'the cell cannot be read as text' };
}

/** The first worksheet of the workbook; row 1 is the header. */
export async function parseXlsxPlan(content: Buffer): Promise<ParsedPlanFile> {
  return parseXlsxTable(PLAN_FILE, content);
}

async function parseXlsxTable<C extends string>(file: TableFile<C>, content: Buffer): Promise<ParsedTableFile<C>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw fileError(`the workbook cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw fileError('the workbook has no rows');
  const width = sheet.columnCount;
  const read = (rowNumber: number, columns: readonly (C | null)[]) => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value, rowNumber, columns[i] ?? null, file.monthColumn));
  };
  const header = read(1, []).map((v) => (typeof v === 'string' ? v : ''));
  const columns = columnsOf(file, header);
  const records: { row: number; values: CellReading[] }[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    if (r - 1 > file.maxRows * 2) throw fileError(`the sheet has more than ${file.maxRows} rows; at most ${file.maxRows} are imported at once`);
    records.push({ row: r, values: read(r, columns) });
  }
  return { format: 'xlsx', rows: toRows(file, records, columns) };
}

export async function parsePlanFile(fileName: string, content: Buffer): Promise<ParsedPlanFile> {
  return parseTableFile(PLAN_FILE, fileName, content);
}

/** A head-office table file (.xlsx, first sheet, or .csv) as its rows of text cells, by `file`'s columns. */
export async function parseTableFile<C extends string>(file: TableFile<C>, fileName: string, content: Buffer): Promise<ParsedTableFile<C>> {
  if (content.length === 0) throw fileError('the file is empty');
  return planFileFormat(fileName, content) === 'xlsx' ? parseXlsxTable(file, content) : parseCsvTable(file, content);
}
