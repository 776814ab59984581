import type { Locale } from '@app/kpi';
import {
  attainmentTone,
  changeTone,
  compareDecimal,
  decimalsOf,
  formatAmount,
  formatDecimal,
  formatInstant,
  formatMonth,
  formatPercent,
  formatPoints,
  NO_FIGURE,
  type Tone as FormatTone,
  unitText,
} from '../../../web/assets/format.js';
import type { MonthlySummary, SummaryComparison, SummaryRankingFigure, SummaryRow, SummarySectionId, SummaryText } from '../monthly-summary.types';
import type { AsOfMark } from '../../as-of/as-of.types';
import { RENDER_LABELS, RenderLabels } from './render-labels';

/**
 * The monthly summary as the printed pack shows it: every figure formatted for the summary's
 * locale from its exact decimal string (Intl formats decimal strings exactly; no float on the
 * way), attainment and growth with their colour, and the page's header and legend. The HTML and
 * PDF renderers draw this; the XLSX and CSV renderers write the raw figures.
 */

/** green: met (or better than last period); amber: within 10 % of the target; red: missed (or worse). */
export type Tone = FormatTone | null;

export interface DisplayRow {
  readonly kpiId: string;
  readonly label: string;
  readonly unit: string;
  readonly value: string;
  readonly provisional: boolean;
  /** The "as closed" figure of a closed month that later events changed. */
  readonly asClosed: string | null;
  readonly quota: string;
  readonly quotaVersion: number | null;
  readonly quotaAttainment: string;
  readonly quotaTone: Tone;
  readonly stretch: string;
  readonly stretchAttainment: string;
  readonly stretchTone: Tone;
  readonly mom: string;
  readonly momTone: Tone;
  readonly yoy: string;
  readonly yoyTone: Tone;
  readonly rank: string;
}

export interface DisplaySection {
  readonly id: SummarySectionId;
  readonly title: string;
  readonly rows: readonly DisplayRow[];
}

export type ColumnId = 'kpi' | 'unit' | 'value' | 'quota' | 'quotaAttainment' | 'stretch' | 'stretchAttainment' | 'mom' | 'yoy' | 'rank';

export interface DisplayPack {
  readonly locale: Locale;
  readonly labels: RenderLabels;
  /** The summary's own column and note texts. */
  readonly text: SummaryText;
  readonly title: string;
  /** What the pack is about: `Shanghai Pudong 4S (SH-01)`, `East China (EAST)`, `集团`. */
  readonly subject: string;
  readonly month: string;
  /** Label / value pairs of the header block. */
  readonly info: readonly (readonly [string, string])[];
  readonly columns: readonly { readonly id: ColumnId; readonly label: string; readonly numeric: boolean }[];
  readonly sections: readonly DisplaySection[];
  /** Region and group packs: the units one level down, best first. */
  readonly ranking: DisplayRanking | null;
  readonly trend: DisplayTrend;
  /** The rows with a quota attainment, for the attainment chart (the table's own figures and texts). */
  readonly attainment: readonly DisplayAttainment[];
  readonly legend: readonly string[];
}

export interface DisplayRanking {
  readonly title: string;
  /** `Ranked by revenue (group currency)` */
  readonly note: string;
  /** Position, unit, then one head per KPI. */
  readonly heads: readonly string[];
  /** Each cell's lines (a figure in several currencies: one line per currency). */
  readonly rows: readonly { readonly unitId: string; readonly cells: readonly (readonly string[])[] }[];
}

export interface DisplayTrendSeries {
  readonly kpiId: string;
  /** The KPI's label, its unit, and the currency of a subtotal. */
  readonly label: string;
  /** The figures as the trend table prints them ('—' for none). */
  readonly texts: readonly string[];
  /** The same figures, exact, for the chart's scale (null for none). */
  readonly values: readonly (string | null)[];
}

export interface DisplayTrend {
  readonly title: string;
  /** Short month names of the columns: `2月`, `feb`, `Feb`; the year where it changes. */
  readonly months: readonly string[];
  readonly series: readonly DisplayTrendSeries[];
}

export interface DisplayAttainment {
  readonly kpiId: string;
  readonly label: string;
  /** 0–100 scale, exact. */
  readonly quota: string;
  readonly quotaText: string;
  readonly quotaTone: Tone;
  readonly stretch: string | null;
  readonly stretchText: string | null;
}

export { NO_FIGURE };
export const PROVISIONAL_MARK = '*';
export const NOT_LIKE_FOR_LIKE_MARK = '†';

// The number, percent, month and instant formats and the tones are the dashboard's own module, shared
// with the browser (docs/adr/0028-checked-page-code.md): one implementation, exact on decimal strings.
export { attainmentTone, decimalsOf, formatAmount, formatDecimal, formatInstant, formatMonth, formatPercent };

/** The as-of line: `event #1042 (…) · KPI month roll-up · up to date` in the pack's language. */
export function asOfText(asOf: AsOfMark, locale: Locale, labels: RenderLabels, timeZone = 'UTC'): string {
  const t = labels.asOf;
  if (asOf.position === null || asOf.recordedAt === null) return `${t.noData} · ${t.readModel[asOf.readModel]}`;
  const lag = asOf.lag.events === null ? t.lagUnknown : asOf.lag.events === 0 ? t.current : t.behind(asOf.lag.events, asOf.lag.seconds);
  return `${t.event(asOf.position, formatInstant(asOf.recordedAt, locale, timeZone))} · ${t.readModel[asOf.readModel]} · ${lag}`;
}

export function unitLabel(row: Pick<SummaryRow, 'unit' | 'currency'>, labels: RenderLabels): string {
  return unitText(row.unit, row.currency, labels.units);
}

/** Money shows cents (amounts in 万 in Chinese); everything else shows the decimals the figure has (`25.00` stays `25.00`). */
export function formatFigure(value: string | null, row: Pick<SummaryRow, 'unit'>, locale: Locale): string {
  if (value === null) return NO_FIGURE;
  if (row.unit === 'money') return formatAmount(value, locale);
  const money = row.unit === 'money_per_unit' || row.unit === 'money_per_hour';
  return formatDecimal(value, locale, money ? 2 : decimalsOf(value));
}

export function growthTone(c: SummaryComparison | null, higherIsBetter: boolean): Tone {
  return c ? changeTone(c.change, higherIsBetter) : null;
}

/** Growth in % for figures, change in points for percentages; † when the comparison is not like-for-like. */
export function formatComparison(c: SummaryComparison | null, row: SummaryRow, locale: Locale, labels: RenderLabels): string {
  if (!c) return NO_FIGURE;
  let text: string;
  if (row.unit === 'percent') {
    text = c.change === null ? NO_FIGURE : `${formatPoints(c.change, locale)} ${labels.points}`;
  } else {
    text = c.growthPercent === null ? NO_FIGURE : formatPercent(c.growthPercent, locale, true);
  }
  return c.likeForLike || text === NO_FIGURE ? text : `${text} ${NOT_LIKE_FOR_LIKE_MARK}`;
}

/**
 * The figure and its as-closed figure side by side: a restatement smaller than the 万 display shows (under
 * ¥50) would print the same text twice, so such a pair is shown in full.
 */
export function figureAndAsClosed(row: Pick<SummaryRow, 'unit' | 'value' | 'asClosedValue'>, locale: Locale): { value: string; asClosed: string | null } {
  const value = formatFigure(row.value, row, locale);
  if (row.asClosedValue === null) return { value, asClosed: null };
  const asClosed = formatFigure(row.asClosedValue, row, locale);
  if (row.unit !== 'money' || row.value === null || value !== asClosed || compareDecimal(row.value, row.asClosedValue) === 0) return { value, asClosed };
  return { value: formatDecimal(row.value, locale, 2), asClosed: formatDecimal(row.asClosedValue, locale, 2) };
}

/** A KPI's label, and which currency a subtotal row or series is: `新车销售额（CNY 小计）`. */
export function subtotalLabel(row: Pick<SummaryRow, 'label' | 'currency' | 'currencySubtotal'>, labels: RenderLabels): string {
  return row.currencySubtotal && row.currency ? `${row.label} (${labels.subtotal(row.currency)})` : row.label;
}

function displayRow(row: SummaryRow, locale: Locale, labels: RenderLabels): DisplayRow {
  const { value, asClosed } = figureAndAsClosed(row, locale);
  return {
    kpiId: row.kpiId,
    label: subtotalLabel(row, labels),
    unit: unitLabel(row, labels),
    value,
    provisional: row.provisional,
    asClosed,
    quota: formatFigure(row.quota, row, locale),
    quotaVersion: row.quotaVersion,
    quotaAttainment: row.quotaAttainment === null ? NO_FIGURE : formatPercent(row.quotaAttainment, locale),
    quotaTone: attainmentTone(row.quotaAttainment, row.higherIsBetter),
    stretch: formatFigure(row.stretch, row, locale),
    stretchAttainment: row.stretchAttainment === null ? NO_FIGURE : formatPercent(row.stretchAttainment, locale),
    stretchTone: attainmentTone(row.stretchAttainment, row.higherIsBetter),
    mom: formatComparison(row.mom, row, locale, labels),
    momTone: growthTone(row.mom, row.higherIsBetter),
    yoy: formatComparison(row.yoy, row, locale, labels),
    yoyTone: growthTone(row.yoy, row.higherIsBetter),
    rank: row.rank ? `${row.rank.rank} / ${row.rank.of}` : NO_FIGURE,
  };
}

/** `2025年2月` → short month heads of the trend: the year on the first month and on January. */
function trendMonths(months: readonly string[], locale: Locale): string[] {
  return months.map((period, i) => {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const withYear = i === 0 || month === 1;
    return new Intl.DateTimeFormat(locale, { month: 'short', ...(withYear ? { year: '2-digit' } : {}), timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
  });
}

function rankingFigure(f: SummaryRankingFigure, unit: string, locale: Locale): string[] {
  const mark = (text: string) => (f.provisional && text !== NO_FIGURE ? `${text} ${PROVISIONAL_MARK}` : text);
  if (f.subtotals.length > 0) return f.subtotals.map((t) => `${t.currency} ${formatFigure(t.value, { unit }, locale)}`);
  const text = formatFigure(f.value, { unit }, locale);
  return [mark(f.currency && text !== NO_FIGURE ? `${f.currency} ${text}` : text)];
}

function displayRanking(s: MonthlySummary, labels: RenderLabels): DisplayRanking | null {
  const r = s.ranking;
  if (!r) return null;
  const rankedBy = r.kpis.find((k) => k.id === r.rankedBy)?.label ?? r.rankedBy;
  return {
    title: r.title,
    note: labels.rankedBy(rankedBy),
    heads: [labels.position, r.level === 'branch' ? labels.branch : labels.region, ...r.kpis.map((k) => k.label)],
    rows: r.rows.map((row) => ({
      unitId: row.unitId,
      cells: [
        [row.figures.find((_, i) => r.kpis[i]?.id === r.rankedBy)?.rank?.toString() ?? NO_FIGURE],
        [row.unitName && row.unitName !== row.unitId && row.unitId !== '' ? `${row.unitName} (${row.unitId})` : row.unitName || row.unitId],
        ...row.figures.map((f, i) => rankingFigure(f, r.kpis[i]?.unit ?? 'count', s.locale)),
      ],
    })),
  };
}

function displayTrend(s: MonthlySummary, labels: RenderLabels): DisplayTrend {
  return {
    title: labels.trendTitle,
    months: trendMonths(s.trend.months, s.locale),
    series: s.trend.series.map((series) => {
      const unit = unitLabel(series, labels);
      const label = subtotalLabel(series, labels);
      return {
        kpiId: series.kpiId,
        label: unit && !(series.currencySubtotal && series.currency) ? `${label} (${unit})` : label,
        texts: series.values.map((v) => formatFigure(v, series, s.locale)),
        values: series.values,
      };
    }),
  };
}

export function displayPack(s: MonthlySummary): DisplayPack {
  const labels = RENDER_LABELS[s.locale];
  const t = s.text;
  const u = s.unit;
  const subject = u.level === 'group' ? u.name : u.name && u.name !== u.id ? `${u.name} (${u.id})` : u.id;
  const month = formatMonth(s.period, s.locale);
  const anyRow = (test: (r: SummaryRow) => boolean) => s.sections.some((section) => section.rows.some(test));
  const comparisons = (r: SummaryRow) => [r.mom, r.yoy].some((c) => c !== null && !c.likeForLike);
  const unitInfo: [string, string][] =
    u.level === 'branch'
      ? [
          [labels.branch, subject],
          [labels.region, u.regionId === '' ? labels.noRegion : u.regionName || u.regionId],
        ]
      : [[u.level === 'region' ? labels.region : labels.group, subject]];
  const sections = s.sections.map((section) => ({ id: section.id, title: section.title, rows: section.rows.map((r) => displayRow(r, s.locale, labels)) }));
  const byKpi = new Map(s.sections.flatMap((section) => section.rows.map((r, i) => [r, sections.find((x) => x.id === section.id)!.rows[i]!] as const)));
  return {
    locale: s.locale,
    labels,
    text: t,
    title: t.title,
    subject,
    month,
    info: [
      ...unitInfo,
      [labels.month, month],
      [labels.currency, u.currency ?? labels.branchCurrencies],
      ...(s.view === 'as-closed' ? [[labels.view, labels.asClosedView] as [string, string]] : []),
      [labels.status, s.closedAt ? `${labels.closedOn} ${formatInstant(s.closedAt, s.locale, s.timeZone)}` : labels.openMonth],
      [t.generated, formatInstant(s.generatedAt, s.locale, s.timeZone)],
      ...(s.asOf ? [[labels.asOf.label, asOfText(s.asOf, s.locale, labels, s.timeZone)] as [string, string]] : []),
    ],
    columns: [
      { id: 'kpi', label: t.kpi, numeric: false },
      { id: 'unit', label: labels.unit, numeric: false },
      { id: 'value', label: t.value, numeric: true },
      { id: 'quota', label: t.plan, numeric: true },
      { id: 'quotaAttainment', label: t.attainment, numeric: true },
      { id: 'stretch', label: t.stretch, numeric: true },
      { id: 'stretchAttainment', label: labels.stretchAttainment, numeric: true },
      { id: 'mom', label: t.mom, numeric: true },
      { id: 'yoy', label: t.yoy, numeric: true },
      // The group has no peers to rank among.
      ...(u.level === 'group' ? [] : [{ id: 'rank' as const, label: t.rank, numeric: true }]),
    ],
    sections,
    ranking: displayRanking(s, labels),
    trend: displayTrend(s, labels),
    attainment: [...byKpi]
      .filter(([r]) => r.quotaAttainment !== null)
      .map(([r, d]) => ({
        kpiId: r.kpiId,
        label: d.label,
        quota: r.quotaAttainment!,
        quotaText: d.quotaAttainment,
        quotaTone: d.quotaTone,
        stretch: r.stretchAttainment,
        stretchText: r.stretchAttainment === null ? null : d.stretchAttainment,
      })),
    legend: [
      ...(anyRow((r) => r.provisional) || s.ranking?.rows.some((r) => r.figures.some((f) => f.provisional)) ? [`${PROVISIONAL_MARK} ${t.provisional}`] : []),
      ...(anyRow(comparisons) ? [`${NOT_LIKE_FOR_LIKE_MARK} ${t.notLikeForLike}`] : []),
      labels.attainmentLegend,
    ],
  };
}

/** The text of one table cell (the value carries its provisional mark). */
export function cellText(row: DisplayRow, column: ColumnId): string {
  switch (column) {
    case 'kpi':
      return row.label;
    case 'value':
      return row.provisional ? `${row.value} ${PROVISIONAL_MARK}` : row.value;
    default:
      return row[column];
  }
}

/** The tone of a cell, for colouring. */
export function cellTone(row: DisplayRow, column: ColumnId): Tone {
  switch (column) {
    case 'quotaAttainment':
      return row.quotaTone;
    case 'stretchAttainment':
      return row.stretchTone;
    case 'mom':
      return row.momTone;
    case 'yoy':
      return row.yoyTone;
    default:
      return null;
  }
}
