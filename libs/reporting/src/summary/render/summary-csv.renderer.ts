import { stringify } from 'csv-stringify/sync';
import type { MonthlySummary } from '../monthly-summary.types';
import { RENDER_LABELS } from './render-labels';
import { flatSummary, FlatValue } from './summary-flat';

function csvValue(value: FlatValue, yes: string, no: string): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? yes : no;
  return String(value);
}

/**
 * The summary as CSV: one line per KPI with the exact figures (decimal point, no grouping) and
 * headers in the summary's locale. UTF-8 with a byte-order mark so that Excel opens Chinese and
 * Spanish text correctly; RFC 4180 quoting.
 */
export function renderSummaryCsv(s: MonthlySummary): string {
  const table = flatSummary(s);
  const { yes, no } = RENDER_LABELS[s.locale];
  return stringify(
    table.rows.map((row) => row.map((value) => csvValue(value, yes, no))),
    { header: true, columns: table.columns.map((c) => c.header), bom: true, record_delimiter: 'windows' },
  );
}
