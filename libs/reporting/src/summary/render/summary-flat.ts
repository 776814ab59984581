import type { MonthlySummary, SummaryComparison, SummaryRow } from '../monthly-summary.types';
import { RENDER_LABELS } from './render-labels';
import { subtotalLabel, unitLabel } from './summary-display';

/**
 * The summary as one flat table, one line per KPI, for the CSV export and the XLSX data sheet:
 * every figure as the API gives it (exact decimal strings; percentages, attainment and growth on
 * a 0–100 scale), headed in the summary's locale.
 */
export type FlatKind = 'text' | 'decimal' | 'integer' | 'boolean';

export interface FlatColumn {
  readonly key: string;
  readonly header: string;
  readonly kind: FlatKind;
}

export type FlatValue = string | number | boolean | null;

export interface FlatTable {
  readonly columns: readonly FlatColumn[];
  readonly rows: readonly (readonly FlatValue[])[];
}

export function flatSummary(s: MonthlySummary): FlatTable {
  const labels = RENDER_LABELS[s.locale];
  const t = s.text;
  const comparison = (prefix: string, key: string): FlatColumn[] => [
    { key: `${key}Period`, header: `${prefix}: ${labels.month}`, kind: 'text' },
    { key: `${key}Value`, header: `${prefix}: ${t.value}`, kind: 'decimal' },
    { key: `${key}Change`, header: `${prefix}: ${labels.change}`, kind: 'decimal' },
    { key: `${key}Growth`, header: `${prefix}: ${labels.growth}`, kind: 'decimal' },
    { key: `${key}LikeForLike`, header: `${prefix}: ${labels.likeForLike}`, kind: 'boolean' },
  ];
  const columns: FlatColumn[] = [
    { key: 'unitId', header: s.unit.level === 'branch' ? labels.branch : s.unit.level === 'region' ? labels.region : labels.group, kind: 'text' },
    { key: 'period', header: labels.month, kind: 'text' },
    { key: 'section', header: labels.section, kind: 'text' },
    { key: 'kpiId', header: labels.kpiId, kind: 'text' },
    { key: 'kpi', header: t.kpi, kind: 'text' },
    { key: 'unit', header: labels.unit, kind: 'text' },
    { key: 'value', header: t.value, kind: 'decimal' },
    { key: 'provisional', header: t.provisional, kind: 'boolean' },
    { key: 'asClosed', header: t.asClosed, kind: 'decimal' },
    { key: 'quota', header: t.plan, kind: 'decimal' },
    { key: 'quotaVersion', header: labels.quotaVersion, kind: 'integer' },
    { key: 'quotaAttainment', header: `${t.attainment} %`, kind: 'decimal' },
    { key: 'stretch', header: t.stretch, kind: 'decimal' },
    { key: 'stretchAttainment', header: `${labels.stretchAttainment} %`, kind: 'decimal' },
    ...comparison(t.mom, 'mom'),
    ...comparison(t.yoy, 'yoy'),
    { key: 'rank', header: t.rank, kind: 'integer' },
    { key: 'rankOf', header: s.unit.level === 'region' ? labels.regionPeers : labels.peers, kind: 'integer' },
  ];
  const compared = (c: SummaryComparison | null): FlatValue[] => [
    c?.period ?? null,
    c?.value ?? null,
    c?.change ?? null,
    c?.growthPercent ?? null,
    c ? c.likeForLike : null,
  ];
  const line = (sectionTitle: string, r: SummaryRow): FlatValue[] => [
    s.unit.id,
    s.period,
    sectionTitle,
    r.kpiId,
    subtotalLabel(r, labels),
    unitLabel(r, labels),
    r.value,
    r.provisional,
    r.asClosedValue,
    r.quota,
    r.quotaVersion,
    r.quotaAttainment,
    r.stretch,
    r.stretchAttainment,
    ...compared(r.mom),
    ...compared(r.yoy),
    r.rank?.rank ?? null,
    r.rank?.of ?? null,
  ];
  return { columns, rows: s.sections.flatMap((section) => section.rows.map((r) => line(section.title, r))) };
}
