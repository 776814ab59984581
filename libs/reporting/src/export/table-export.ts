import type { Locale } from '@app/kpi';
import type ExcelJS from 'exceljs';
import { decimalsOf, movePoint } from '../../web/assets/format.js';
import { EXPORT_LABELS } from './export-labels';
import { CsvKind, CsvValue, renderLocaleCsv } from './locale-csv';

/** The download formats of a table report; json is the report itself. */
export const TABLE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const TABLE_CONTENT_TYPES: Record<Exclude<TableFormat, 'json'>, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * What a column holds. In CSV: text as is, figures as the API's exact decimal strings (the
 * locale's decimal mark). In XLSX: figures are number cells with a format; `percent` (0–100 in the
 * API) is stored as a fraction with a `%` format, as the monthly summary's workbook does.
 */
export type ExportKind = 'text' | 'decimal' | 'money' | 'percent' | 'integer' | 'boolean';

export interface ExportColumn {
  readonly header: string;
  readonly kind: ExportKind;
  /** Excel column width in characters (default from the header). */
  readonly width?: number;
}

export interface ExportSheet {
  readonly name: string;
  readonly columns: readonly ExportColumn[];
  readonly rows: readonly (readonly CsvValue[])[];
}

/**
 * A table report ready to download: the main sheet (the CSV is this sheet alone), further sheets
 * for the workbook (conversions of a lineage), and the "about" lines (what was asked, the as-of
 * mark) that the workbook shows on its own sheet and the CSV leaves to the `X-As-Of-Position` header.
 */
export interface ExportTable {
  readonly locale: Locale;
  /** Without extension; ids are [A-Za-z0-9_.:-] (validated), so only ':' is replaced. */
  readonly fileName: string;
  readonly title: string;
  readonly main: ExportSheet;
  readonly extra: readonly ExportSheet[];
  readonly about: readonly (readonly [string, string])[];
}

const CSV_KIND: Record<ExportKind, CsvKind> = {
  text: 'text',
  decimal: 'decimal',
  money: 'decimal',
  percent: 'decimal',
  integer: 'integer',
  boolean: 'boolean',
};

export function renderTableCsv(table: ExportTable): string {
  const labels = EXPORT_LABELS[table.locale];
  return renderLocaleCsv(
    table.locale,
    table.main.columns.map((c) => ({ header: c.header, kind: CSV_KIND[c.kind] })),
    table.main.rows,
    labels,
  );
}

const ARGB = { brand: 'FF1D4E89', white: 'FFFFFFFF' } as const;

/** `#,##0.00` for two decimals, `#,##0` for none. */
const decimalFormat = (decimals: number): string => (decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`);

function xlsxCell(value: CsvValue, kind: ExportKind, labels: { yes: string; no: string }): { value: ExcelJS.CellValue; numFmt?: string } {
  if (value === null) return { value: null };
  if (typeof value === 'boolean') return { value: value ? labels.yes : labels.no };
  if (kind === 'text') return { value: String(value) };
  if (kind === 'boolean') return { value: String(value) };
  const text = String(value);
  if (kind === 'percent') return { value: Number(movePoint(text, -2)), numFmt: `0.${'0'.repeat(Math.max(1, decimalsOf(text)))}%` };
  if (kind === 'money') return { value: Number(text), numFmt: '#,##0.00' };
  if (kind === 'integer') return { value: Number(text), numFmt: '0' };
  return { value: Number(text), numFmt: decimalFormat(decimalsOf(text)) };
}

function addSheet(workbook: ExcelJS.Workbook, sheet: ExportSheet, labels: { yes: string; no: string }): void {
  const ws = workbook.addWorksheet(sheetName(sheet.name, workbook), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.min(40, Math.max(10, c.header.length * (/[^ -~]/.test(c.header) ? 2 : 1) + 2)),
  }));
  const head = ws.getRow(1);
  head.font = { bold: true, color: { argb: ARGB.white } };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ARGB.brand } };
  head.alignment = { vertical: 'middle', wrapText: true };
  for (const row of sheet.rows) {
    const r = ws.addRow([]);
    row.forEach((value, i) => {
      const column = sheet.columns[i];
      if (!column) return;
      const { value: v, numFmt } = xlsxCell(value, column.kind, labels);
      const cell = r.getCell(i + 1);
      cell.value = v;
      if (numFmt) cell.numFmt = numFmt;
    });
  }
  if (sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
}

/** Excel sheet names: at most 31 characters, none of \ / ? * [ ] :, unique in the workbook. */
function sheetName(text: string, workbook: ExcelJS.Workbook): string {
  const base =
    text
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  let name = base;
  for (let i = 2; workbook.getWorksheet(name); i++) name = `${base.slice(0, 28)} ${i}`;
  return name;
}

/** The workbook: the main sheet, the extra sheets, then the about sheet. Figures are number cells. */
export async function renderTableXlsx(table: ExportTable): Promise<Buffer> {
  const labels = EXPORT_LABELS[table.locale];
  // exceljs loads on the first download, not at boot.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Dealer KPI platform';
  workbook.title = table.title;
  addSheet(workbook, table.main, labels);
  for (const sheet of table.extra) addSheet(workbook, sheet, labels);
  addSheet(
    workbook,
    {
      name: labels.sheets.about,
      columns: [
        { header: labels.about.item, kind: 'text', width: 24 },
        { header: labels.about.detail, kind: 'text', width: 80 },
      ],
      rows: table.about,
    },
    labels,
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `scorecard-branch-2026-01-zh-CN.csv`: file names of ids (validated), ':' replaced for file systems. */
export function exportFileName(table: ExportTable, format: Exclude<TableFormat, 'json'>): string {
  return `${table.fileName.replaceAll(':', '_').replace(/[^A-Za-z0-9_.-]/g, '_')}.${format}`;
}
