import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * The columns of a plan file, in the documented order. Header names are matched without regard
 * to case, spaces, "_" or "-" (`Period Kind`, `period_kind` and `periodKind` are the same column).
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
export interface PlanRow {
  readonly row: number;
  readonly cells: Partial<Record<PlanColumn, string>>;
  /** Cells that could not be read as text (an Excel error value, a boolean…). */
  readonly problems: readonly PlanProblem[];
}

export interface ParsedPlanFile {
  readonly format: PlanFileFormat;
  readonly rows: readonly PlanRow[];
}

/** The file as a whole cannot be read: wrong type, not UTF-8, no or bad header, too many rows. */
export class PlanFileError extends Error {
  constructor(readonly problems: readonly PlanProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'PlanFileError';
  }
}

const fileError = (message: string, row = 1, column: string | null = null) => new PlanFileError([{ row, column, message }]);

const squash = (name: string) => name.trim().toLowerCase().replace(/[\s_-]/g, '');
const COLUMN_BY_NAME = new Map<string, PlanColumn>(PLAN_COLUMNS.map((c) => [squash(c), c]));

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
function columnsOf(header: readonly string[]): (PlanColumn | null)[] {
  const problems: PlanProblem[] = [];
  const seen = new Set<PlanColumn>();
  const columns = header.map((name, index): PlanColumn | null => {
    if (name.trim() === '') return null;
    const column = COLUMN_BY_NAME.get(squash(name));
    if (!column) {
      problems.push({ row: 1, column: name, message: `unknown column "${name}" (column ${index + 1}); the columns are ${PLAN_COLUMNS.join(', ')}` });
      return null;
    }
    if (seen.has(column)) problems.push({ row: 1, column, message: `column ${column} appears twice` });
    seen.add(column);
    return column;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) problems.push({ row: 1, column, message: `missing column ${column}` });
  }
  if (problems.length > 0) throw new PlanFileError(problems);
  return columns;
}

function toRows(records: readonly { row: number; values: readonly (string | PlanProblem | undefined)[] }[], columns: readonly (PlanColumn | null)[]): PlanRow[] {
  const rows: PlanRow[] = [];
  for (const record of records) {
    const cells: Partial<Record<PlanColumn, string>> = {};
    const problems: PlanProblem[] = [];
    record.values.forEach((value, index) => {
      const column = columns[index];
      if (value === undefined) return;
      if (typeof value !== 'string') {
        problems.push(value);
        return;
      }
      if (column === null || column === undefined) {
        if (value.trim() !== '') problems.push({ row: record.row, column: null, message: `a value in column ${index + 1}, which has no header` });
        return;
      }
      if (value.trim() !== '') cells[column] = value.trim();
    });
    if (Object.keys(cells).length === 0 && problems.length === 0) continue; // an empty row
    rows.push({ row: record.row, cells, problems });
  }
  if (rows.length > MAX_PLAN_ROWS) throw fileError(`the file has ${rows.length} rows; at most ${MAX_PLAN_ROWS} are imported at once`);
  return rows;
}

function delimiterOf(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

export function parseCsvPlan(content: Buffer): ParsedPlanFile {
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
  const columns = columnsOf(header);
  return { format: 'csv', rows: toRows(data.map((values, i) => ({ row: i + 2, values })), columns) };
}

const EXCEL_ERROR = (row: number, column: string | null, what: string): PlanProblem => ({ row, column, message: `the cell holds ${what}, not a value` });

/** An Excel cell as text: numbers without float noise, formulas by their result, dates of the period column as months. */
function cellText(value: ExcelJS.CellValue, row: number, column: PlanColumn | null): string | PlanProblem | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    const text = String(value);
    return /e/i.test(text) ? { row, column, message: `the number ${text} is too large or too small: write it as text` } : text;
  }
  if (typeof value === 'boolean') return { row, column, message: 'the cell holds TRUE/FALSE, not a value' };
  if (value instanceof Date) {
    // Excel turns "2026-01" typed into a cell into the date 2026-01-01.
    if (column === 'period' && value.getUTCDate() === 1) return value.toISOString().slice(0, 7);
    return { row, column, message: 'the cell holds a date; write the value as text (e.g. 2026-01 for a month)' };
  }
  if ('error' in value) return EXCEL_ERROR(row, column, `the Excel error ${value.error}`);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    return result === undefined ? EXCEL_ERROR(row, column, 'a formula without a computed result') : cellText(result, row, column);
  }
  return { row, column, message: 'the cell cannot be read as text' };
}

/** The first worksheet of the workbook; row 1 is the header. */
export async function parseXlsxPlan(content: Buffer): Promise<ParsedPlanFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (error) {
    throw fileError(`the workbook cannot be read: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw fileError('the workbook has no rows');
  const width = sheet.columnCount;
  const read = (rowNumber: number, columns: readonly (PlanColumn | null)[]) => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value, rowNumber, columns[i] ?? null));
  };
  const header = read(1, []).map((v) => (typeof v === 'string' ? v : ''));
  const columns = columnsOf(header);
  const records: { row: number; values: (string | PlanProblem | undefined)[] }[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    if (r - 1 > MAX_PLAN_ROWS * 2) throw fileError(`the sheet has more than ${MAX_PLAN_ROWS} rows; at most ${MAX_PLAN_ROWS} are imported at once`);
    records.push({ row: r, values: read(r, columns) });
  }
  return { format: 'xlsx', rows: toRows(records, columns) };
}

export async function parsePlanFile(fileName: string, content: Buffer): Promise<ParsedPlanFile> {
  if (content.length === 0) throw fileError('the file is empty');
  return planFileFormat(fileName, content) === 'xlsx' ? parseXlsxPlan(content) : parseCsvPlan(content);
}
