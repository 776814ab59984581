import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import type { MonthlySummary, SummaryComparison, SummaryRow } from '../monthly-summary.types';
import { RENDER_LABELS } from './render-labels';
import {
  attainmentTone,
  decimalsOf,
  displayPack,
  growthTone,
  NOT_LIKE_FOR_LIKE_MARK,
  PROVISIONAL_MARK,
  subtotalLabel,
  Tone,
  unitLabel,
} from './summary-display';
import { flatSummary } from './summary-flat';

/**
 * The pack as an Excel workbook: a formatted sheet laid out like the printed pack (title, header
 * block, one band per section, figures right-aligned with number formats, attainment and growth
 * coloured), and a "data" sheet with one line per KPI and a filter, for pivoting. Every figure is
 * a number cell with a format, never text: money `#,##0.00`, percentages as fractions with `0.0%`,
 * ranks as numbers shown `2 / 5`. Excel stores numbers as doubles; the exact decimal strings are
 * in the JSON and CSV.
 */

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });
const ARGB = { brand: 'FF1D4E89', white: 'FFFFFFFF', head: 'FFE4E7EB', zebra: 'FFF5F7FA', muted: 'FF616E7C', text: 'FF1F2933', mark: 'FFB44D12' } as const;
const TONE_ARGB: Record<NonNullable<Tone>, string> = { good: 'FF1E7D32', warn: 'FFB26A00', bad: 'FFC62828' };
const COLUMN_COUNT = 12;

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));
/** 0–100 → a fraction for a `%` format (exact division, then the double Excel stores). */
const fraction = (value: string | null): number | null => (value === null ? null : Number(new D(value).div(100).toString()));

/** `#,##0.00` for two decimals, `#,##0` for none. */
function decimalFormat(decimals: number): string {
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

function figureFormat(row: Pick<SummaryRow, 'unit' | 'value'>): string {
  if (row.unit === 'percent') return '0.00%';
  if (row.unit === 'money' || row.unit === 'money_per_unit' || row.unit === 'money_per_hour') return '#,##0.00';
  return decimalFormat(row.value === null ? 0 : decimalsOf(row.value));
}

/** A figure in the row's unit: percentages as fractions. */
function figure(row: Pick<SummaryRow, 'unit'>, value: string | null): number | null {
  return row.unit === 'percent' ? fraction(value) : toNumber(value);
}

/** Excel sheet names: at most 31 characters, none of \ / ? * [ ] : */
export function sheetName(text: string): string {
  return (
    text
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet'
  );
}

export async function renderSummaryXlsx(s: MonthlySummary): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Dealer KPI platform';
  workbook.title = s.text.title;
  workbook.created = new Date(s.generatedAt);
  packSheet(workbook, s);
  dataSheet(workbook, s);
  trendSheet(workbook, s);
  rankingSheet(workbook, s);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function packSheet(workbook: ExcelJS.Workbook, s: MonthlySummary): void {
  const pack = displayPack(s);
  const labels = RENDER_LABELS[s.locale];
  const t = s.text;
  const sheet = workbook.addWorksheet(sheetName(pack.title), {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${pack.subject} · ${pack.month}&R&P / &N` },
  });
  sheet.columns = [44, 11, 16, 16, 12, 16, 12, 12, 12, 9, 16, 30].map((width) => ({ width }));

  const title = sheet.addRow([pack.title]);
  sheet.mergeCells(title.number, 1, title.number, COLUMN_COUNT);
  title.font = { bold: true, size: 16, color: { argb: ARGB.brand } };
  title.height = 26;
  const subtitle = sheet.addRow([`${pack.subject} · ${pack.month}`]);
  sheet.mergeCells(subtitle.number, 1, subtitle.number, COLUMN_COUNT);
  subtitle.font = { size: 12, color: { argb: ARGB.text } };
  for (const [label, value] of pack.info) {
    const info = sheet.addRow([label, value]);
    sheet.mergeCells(info.number, 2, info.number, 5);
    info.getCell(1).font = { color: { argb: ARGB.muted } };
    info.getCell(2).font = { bold: true };
  }

  const heads = [...pack.columns.map((c) => c.label), t.asClosed, labels.notes];
  for (const section of s.sections) {
    sheet.addRow([]);
    const band = sheet.addRow([section.title]);
    sheet.mergeCells(band.number, 1, band.number, COLUMN_COUNT);
    band.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ARGB.brand } };
    band.getCell(1).font = { bold: true, size: 12, color: { argb: ARGB.white } };
    band.height = 20;
    const head = sheet.addRow(heads);
    head.height = 30;
    head.eachCell((cell, col) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ARGB.head } };
      cell.font = { bold: true, size: 9 };
      cell.alignment = { horizontal: col === 1 || col === 2 || col === COLUMN_COUNT ? 'left' : 'right', vertical: 'middle', wrapText: true };
    });
    section.rows.forEach((r, index) => {
      const notes = [
        r.provisional ? `${PROVISIONAL_MARK} ${t.provisional}` : null,
        [r.mom, r.yoy].some((c) => c !== null && !c.likeForLike) ? `${NOT_LIKE_FOR_LIKE_MARK} ${t.notLikeForLike}` : null,
        r.quotaVersion !== null ? `${labels.quotaVersion} ${r.quotaVersion}` : null,
      ].filter((n) => n !== null);
      const comparison = (c: SummaryComparison | null) => (c === null ? null : r.unit === 'percent' ? toNumber(c.change) : fraction(c.growthPercent));
      const line = sheet.addRow([
        subtotalLabel(r, labels),
        unitLabel(r, labels),
        figure(r, r.value),
        figure(r, r.quota),
        fraction(r.quotaAttainment),
        figure(r, r.stretch),
        fraction(r.stretchAttainment),
        comparison(r.mom),
        comparison(r.yoy),
        r.rank?.rank ?? null,
        figure(r, r.asClosedValue),
        notes.join('; '),
      ]);
      const format = figureFormat(r);
      const growthFormat = r.unit === 'percent' ? `+0.0 "${labels.points}";-0.0 "${labels.points}";0.0 "${labels.points}"` : '+0.0%;-0.0%;0.0%';
      const formats: Record<number, string> = { 3: format, 4: format, 5: '0.0%', 6: format, 7: '0.0%', 8: growthFormat, 9: growthFormat, 11: format };
      if (r.rank) formats[10] = `0" / ${r.rank.of}"`;
      for (const [col, numFmt] of Object.entries(formats)) line.getCell(Number(col)).numFmt = numFmt;
      line.getCell(1).alignment = { wrapText: true, vertical: 'top' };
      line.getCell(12).alignment = { wrapText: true, vertical: 'top' };
      line.getCell(12).font = { size: 9, color: { argb: ARGB.muted } };
      line.getCell(3).font = { bold: true, color: { argb: r.provisional ? ARGB.mark : ARGB.text } };
      const tones: [number, Tone][] = [
        [5, attainmentTone(r.quotaAttainment, r.higherIsBetter)],
        [7, attainmentTone(r.stretchAttainment, r.higherIsBetter)],
        [8, growthTone(r.mom, r.higherIsBetter)],
        [9, growthTone(r.yoy, r.higherIsBetter)],
      ];
      for (const [col, tone] of tones) if (tone) line.getCell(col).font = { bold: true, color: { argb: TONE_ARGB[tone] } };
      if (r.provisional) line.getCell(3).note = t.provisional;
      if (index % 2 === 1) {
        for (let col = 1; col <= COLUMN_COUNT; col += 1) line.getCell(col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: ARGB.zebra } };
      }
    });
  }
  sheet.addRow([]);
  for (const legend of pack.legend) {
    const row = sheet.addRow([legend]);
    row.font = { size: 9, color: { argb: ARGB.muted } };
  }
}

function dataSheet(workbook: ExcelJS.Workbook, s: MonthlySummary): void {
  const table = flatSummary(s);
  const sheet = workbook.addWorksheet(sheetName(RENDER_LABELS[s.locale].dataSheet), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'kpi' ? 40 : Math.min(24, Math.max(10, c.header.length + 2)) }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  head.height = 32;
  for (const values of table.rows) {
    const row = sheet.addRow(
      values.map((value, i) => (value !== null && (table.columns[i]!.kind === 'decimal' || table.columns[i]!.kind === 'integer') ? Number(value) : value)),
    );
    values.forEach((value, i) => {
      const kind = table.columns[i]!.kind;
      if (typeof value === 'string' && kind === 'decimal') row.getCell(i + 1).numFmt = decimalFormat(decimalsOf(value));
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
}

/** A sheet with a bold, frozen head row and one line per entry; figures are number cells in their unit's format. */
function listSheet(workbook: ExcelJS.Workbook, name: string, heads: readonly string[], widths: readonly number[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = heads.map((header, i) => ({ header, width: widths[i] ?? 12 }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  return sheet;
}

/** The 12-month trend: one line per headline KPI (per currency when money comes in several), one column per month. */
function trendSheet(workbook: ExcelJS.Workbook, s: MonthlySummary): void {
  const labels = RENDER_LABELS[s.locale];
  const sheet = listSheet(workbook, labels.trendSheet, [labels.kpiId, s.text.kpi, labels.unit, ...s.trend.months], [24, 40, 10]);
  for (const series of s.trend.series) {
    const row = { unit: series.unit, value: null };
    const line = sheet.addRow([series.kpiId, subtotalLabel(series, labels), unitLabel(series, labels), ...series.values.map((v) => figure(row, v))]);
    series.values.forEach((v, i) => (line.getCell(4 + i).numFmt = figureFormat({ ...row, value: v })));
  }
}

/** Region and group packs: the units one level down, one line per unit, KPI and currency (ranked on group-currency figures). */
function rankingSheet(workbook: ExcelJS.Workbook, s: MonthlySummary): void {
  const r = s.ranking;
  if (!r) return;
  const labels = RENDER_LABELS[s.locale];
  const unitHead = r.level === 'branch' ? labels.branch : labels.region;
  const sheet = listSheet(
    workbook,
    labels.rankingSheet,
    [unitHead, unitHead, labels.kpiId, s.text.kpi, labels.currency, s.text.value, `${s.text.attainment} %`, labels.position],
    [12, 28, 24, 36, 10, 16, 14, 10],
  );
  for (const row of r.rows) {
    r.kpis.forEach((kpi, i) => {
      const f = row.figures[i]!;
      const lines = f.subtotals.length > 0 ? f.subtotals.map((t) => ({ currency: t.currency, value: t.value })) : [{ currency: f.currency, value: f.value }];
      for (const part of lines) {
        const cellRow = { unit: kpi.unit, value: part.value };
        const line = sheet.addRow([
          row.unitId,
          row.unitName,
          kpi.id,
          kpi.label,
          part.currency,
          figure(cellRow, part.value),
          fraction(f.quotaAttainment),
          f.rank,
        ]);
        line.getCell(6).numFmt = figureFormat(cellRow);
        line.getCell(7).numFmt = '0.0%';
      }
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 8 } };
}
