import { renderLocaleCsv } from '../../export/locale-csv';
import type { MonthlySummary } from '../monthly-summary.types';
import { RENDER_LABELS } from './render-labels';
import { flatSummary } from './summary-flat';

/**
 * The summary as CSV: one line per KPI with the exact figures (no grouping) and headers in the
 * summary's locale, written the way that locale's Excel opens it (`;` and decimal comma in
 * Spanish; UTF-8 with a byte-order mark in all): see `renderLocaleCsv`.
 */
export function renderSummaryCsv(s: MonthlySummary): string {
  const table = flatSummary(s);
  return renderLocaleCsv(s.locale, table.columns, table.rows, RENDER_LABELS[s.locale]);
}
