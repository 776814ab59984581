import { kpiById, KpiUnit, Locale } from '@app/kpi';
import { formatInstant } from '../summary/render/summary-display';
import type { AsOfMark } from '../as-of/as-of.types';
import type { LineageResponse, SeriesResponse } from '../kpis/kpi-reporting.service';
import type { Scorecard, ScorecardFigure } from '../kpis/scorecard';
import type { LeagueTable } from '../people/league-tables';
import { EXPORT_LABELS, ExportLabels } from './export-labels';
import { ExportColumn, ExportKind, ExportTable } from './table-export';
import type { CsvValue } from './locale-csv';

/**
 * The table reports as download tables: every figure is copied from the JSON answer of the same
 * request (one KPI engine computes them; nothing here recomputes a figure). Money comes with its
 * currency column; a ratio or mean comes with its numerator and denominator beside it.
 */

type Row = CsvValue[];
type WithAsOf<T> = T & { readonly asOf?: AsOfMark };

const MONEY_UNITS: ReadonlySet<KpiUnit> = new Set(['money', 'money_per_unit', 'money_per_hour']);
const valueKind = (unit: string): ExportKind => (MONEY_UNITS.has(unit as KpiUnit) ? 'money' : unit === 'percent' ? 'percent' : 'decimal');
const isMoney = (unit: string): boolean => MONEY_UNITS.has(unit as KpiUnit);
/** Ratios and means have a numerator and a denominator; sums and snapshots only a value. */
const hasDenominator = (kpiId: string): boolean => {
  const rollUp = kpiById(kpiId)?.rollUp;
  return rollUp === 'ratio' || rollUp === 'mean';
};
const header = (kpiLabel: string, part: string) => `${kpiLabel} · ${part}`;
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Who reads the download: the locale, the request's query, and the reader's time zone for the times shown. */
export interface ExportContext {
  readonly locale: Locale;
  readonly query: Record<string, unknown>;
  /** IANA time zone (the request's `tz`, validated); UTC when absent. */
  readonly timeZone?: string;
  readonly now?: Date;
}

function aboutLines(labels: ExportLabels, asOf: AsOfMark | undefined, query: Record<string, unknown>, ctx: ExportContext): [string, string][] {
  const zone = ctx.timeZone ?? 'UTC';
  const now = ctx.now ?? new Date();
  const params = Object.entries(query)
    .filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'object' && Object.keys(v).length === 0))
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean)}`)
    .join('; ');
  return [
    [labels.about.query, params],
    [labels.about.generated, formatInstant(now.toISOString(), ctx.locale, zone)],
    ...(asOf
      ? [
          [
            labels.about.asOf,
            asOf.position === null ? '—' : `#${asOf.position} (${asOf.recordedAt ? formatInstant(asOf.recordedAt, ctx.locale, zone) : ''})`,
          ] as [string, string],
        ]
      : []),
  ];
}

/** The scorecard (branch / region / group ranking): one row per unit, the KPIs side by side. */
export function scorecardTable(s: WithAsOf<Scorecard>, ctx: ExportContext): ExportTable {
  const locale = ctx.locale;
  const l = EXPORT_LABELS[locale];
  const columns: ExportColumn[] = [
    { header: l.unitId, kind: 'text' },
    { header: l.unitName, kind: 'text', width: 24 },
  ];
  const cells: ((row: Scorecard['rows'][number], subtotalCurrency: string | null) => CsvValue)[] = [];
  for (const k of s.kpis) {
    const money = isMoney(k.unit);
    const ratio = hasDenominator(k.id);
    const sub = (row: Scorecard['rows'][number], c: string | null) => (c === null ? undefined : row.figures[k.id]?.subtotals.find((t) => t.currency === c));
    columns.push({ header: header(k.label, l.value), kind: valueKind(k.unit) });
    cells.push((row, c) => (c === null ? (row.figures[k.id]?.value ?? null) : (sub(row, c)?.value ?? null)));
    if (money) {
      columns.push({ header: header(k.label, l.currency), kind: 'text' });
      cells.push((row, c) => (c === null ? (row.figures[k.id]?.currency ?? null) : (sub(row, c)?.currency ?? null)));
    }
    if (ratio) {
      columns.push({ header: header(k.label, l.numerator), kind: 'decimal' }, { header: header(k.label, l.denominator), kind: 'decimal' });
      cells.push(
        (row, c) => (c === null ? (row.figures[k.id]?.numerator ?? null) : (sub(row, c)?.numerator ?? null)),
        (row, c) => (c === null ? (row.figures[k.id]?.denominator ?? null) : (sub(row, c)?.denominator ?? null)),
      );
    }
    columns.push(
      { header: header(k.label, l.provisional), kind: 'boolean' },
      { header: header(k.label, l.quotaAttainment), kind: 'percent' },
      { header: header(k.label, l.stretchAttainment), kind: 'percent' },
      { header: header(k.label, l.mom), kind: 'percent' },
      { header: header(k.label, l.yoy), kind: 'percent' },
      { header: header(k.label, l.rank), kind: 'integer' },
    );
    // A per-currency subtotal row has the subtotal's value and flag; attainment, growth and rank belong to the whole figure.
    const whole = (pick: (f: ScorecardFigure) => CsvValue) => (row: Scorecard['rows'][number], c: string | null) => {
      const f = row.figures[k.id];
      return c === null && f ? pick(f) : null;
    };
    cells.push(
      (row, c) => (c === null ? (row.figures[k.id]?.provisional ?? null) : (sub(row, c)?.provisional ?? null)),
      whole((f) => f.quotaAttainment),
      whole((f) => f.stretchAttainment),
      whole((f) => f.momGrowthPercent),
      whole((f) => f.yoyGrowthPercent),
      whole((f) => f.rank),
    );
  }
  const rows: Row[] = [];
  for (const row of s.rows) {
    rows.push([row.unitId, row.unitName, ...cells.map((cell) => cell(row, null))]);
    // A money figure in several currencies has no single value: one labelled row per currency, never one currency's subtotal as the total.
    const split = [
      ...new Set(
        Object.values(row.figures)
          .filter((f) => f.value === null && f.subtotals.length > 1)
          .flatMap((f) => f.subtotals.map((t) => t.currency)),
      ),
    ].sort();
    for (const c of split) rows.push([row.unitId, l.subtotal(row.unitName, c), ...cells.map((cell) => cell(row, c))]);
  }
  return {
    locale,
    fileName: `scorecard-${s.level}-${s.period}-${s.currency}-${locale}`,
    title: `${l.sheets.scorecard} ${s.period}`,
    main: { name: l.sheets.scorecard, columns, rows },
    extra: [],
    about: aboutLines(l, s.asOf, { period: s.period, level: s.level, currency: s.currency, groupCurrency: s.groupCurrency }, ctx),
  };
}

/** A people's league table: one row per person, the KPIs side by side with their targets. */
export function leagueTableTable(t: WithAsOf<LeagueTable>, ctx: ExportContext): ExportTable {
  const locale = ctx.locale;
  const l = EXPORT_LABELS[locale];
  const columns: ExportColumn[] = [
    { header: l.branchId, kind: 'text' },
    { header: l.branchName, kind: 'text', width: 24 },
    { header: l.regionId, kind: 'text' },
    { header: l.employee, kind: 'text' },
    { header: l.rankInBranch, kind: 'integer' },
    { header: l.rankInRegion, kind: 'integer' },
  ];
  const cells: ((row: LeagueTable['rows'][number]) => CsvValue)[] = [];
  for (const k of t.kpis) {
    const f = (row: LeagueTable['rows'][number]) => row.figures[k.id];
    columns.push({ header: header(k.label, l.value), kind: valueKind(k.unit) });
    cells.push((row) => f(row)?.value ?? null);
    if (isMoney(k.unit)) {
      columns.push({ header: header(k.label, l.currency), kind: 'text' });
      cells.push((row) => f(row)?.currency ?? null);
    }
    if (hasDenominator(k.id)) {
      columns.push({ header: header(k.label, l.numerator), kind: 'decimal' }, { header: header(k.label, l.denominator), kind: 'decimal' });
      cells.push(
        (row) => f(row)?.numerator ?? null,
        (row) => f(row)?.denominator ?? null,
      );
    }
    columns.push(
      { header: header(k.label, l.provisional), kind: 'boolean' },
      { header: header(k.label, l.quota), kind: valueKind(k.unit) },
      { header: header(k.label, l.quotaAttainment), kind: 'percent' },
      { header: header(k.label, l.stretch), kind: valueKind(k.unit) },
      { header: header(k.label, l.stretchAttainment), kind: 'percent' },
    );
    cells.push(
      (row) => f(row)?.provisional ?? null,
      (row) => f(row)?.quota?.value ?? null,
      (row) => f(row)?.quotaAttainment ?? null,
      (row) => f(row)?.stretch?.value ?? null,
      (row) => f(row)?.stretchAttainment ?? null,
    );
  }
  const rows = t.rows.map((row): Row => [
    row.branchId,
    row.branchName,
    row.regionId,
    row.personId,
    row.rankInBranch,
    row.rankInRegion,
    ...cells.map((c) => c(row)),
  ]);
  return {
    locale,
    fileName: `league-${t.table}-${t.span}-${t.period}-${t.currency}-${locale}`,
    title: `${l.sheets.league} ${t.period}`,
    main: { name: l.sheets.league, columns, rows },
    extra: [],
    about: aboutLines(
      l,
      t.asOf,
      { table: t.table, span: t.span, period: t.period, from: t.from, to: t.to, currency: t.currency, view: t.view, rankedBy: t.rankedBy },
      ctx,
    ),
  };
}

/** A KPI series, or its breakdown by a dimension (`by`): one row per unit, period (and dimension value). */
export function seriesTable(s: WithAsOf<SeriesResponse>, ctx: ExportContext): ExportTable {
  const locale = ctx.locale;
  const l = EXPORT_LABELS[locale];
  const kind = valueKind(s.kpi.unit);
  const ratio = hasDenominator(s.kpi.id);
  const money = isMoney(s.kpi.unit);
  const columns: ExportColumn[] = [
    { header: l.unitId, kind: 'text' },
    { header: l.unitName, kind: 'text', width: 24 },
    { header: l.period, kind: 'text' },
    { header: l.periodStart, kind: 'text' },
    ...(s.query.by ? [{ header: s.query.by.label, kind: 'text' as const, width: 20 }] : []),
    { header: header(s.kpi.label, l.value), kind },
    ...(money ? [{ header: l.currency, kind: 'text' as const }] : []),
    ...(ratio
      ? [
          { header: l.numerator, kind: 'decimal' as const },
          { header: l.denominator, kind: 'decimal' as const },
        ]
      : []),
    { header: l.provisional, kind: 'boolean' },
    { header: l.quota, kind },
    { header: l.quotaAttainment, kind: 'percent' },
    { header: l.stretch, kind },
    { header: l.stretchAttainment, kind: 'percent' },
    { header: l.mom, kind: 'percent' },
    { header: l.yoy, kind: 'percent' },
    { header: l.asClosed, kind },
  ];
  const rows = s.points.map((p): Row => [
    p.unitId,
    p.unitName,
    p.period,
    p.periodStart,
    ...(s.query.by ? [p.dimensionValue ?? ''] : []),
    p.value,
    ...(money ? [p.currency] : []),
    ...(ratio ? [p.numerator, p.denominator] : []),
    p.provisional,
    p.targets.quota?.value ?? null,
    p.attainment.quota,
    p.targets.stretch?.value ?? null,
    p.attainment.stretch,
    p.mom?.growthPercent ?? null,
    p.yoy?.growthPercent ?? null,
    p.closed?.asClosed.value ?? null,
  ]);
  const q = s.query;
  return {
    locale,
    fileName: `kpi-${s.kpi.id}${q.by ? `-by-${q.by.id}` : ''}-${q.groupBy}-${q.from}-${q.to}-${locale}`,
    title: s.kpi.label,
    main: { name: s.kpi.label, columns, rows },
    extra: [],
    about: aboutLines(l, s.asOf, { kpi: s.kpi.id, ...q, by: q.by?.id, regionId: q.regionId ?? undefined, branchId: q.branchId ?? undefined }, ctx),
  };
}

/** The facts behind one figure (every page), and, when consolidated, the conversions whose Σ is the figure. */
export function lineageTable(s: WithAsOf<LineageResponse>, ctx: ExportContext): ExportTable {
  const { locale, query } = ctx;
  const l = EXPORT_LABELS[locale];
  const ratio = s.facts.some((f) => f.denominator !== null) || s.sums.denominator !== null;
  const columns: ExportColumn[] = [
    { header: l.eventId, kind: 'text', width: 38 },
    { header: l.stream, kind: 'text', width: 24 },
    { header: l.position, kind: 'text' },
    { header: l.businessDate, kind: 'text' },
    { header: l.reference, kind: 'text', width: 20 },
    { header: l.branchId, kind: 'text' },
    { header: l.month, kind: 'text' },
    { header: l.currency, kind: 'text' },
    { header: header(s.kpi.label, l.numerator), kind: 'decimal' },
    ...(ratio ? [{ header: header(s.kpi.label, l.denominator), kind: 'decimal' as const }] : []),
  ];
  const rows = s.facts.map((f): Row => [
    f.eventId,
    f.streamId,
    f.position,
    f.businessDate,
    f.reference,
    f.branchId,
    f.month,
    f.currency,
    f.numerator,
    ...(ratio ? [f.denominator] : []),
  ]);
  const conversions = s.conversions
    ? [
        {
          name: l.sheets.conversions,
          columns: [
            { header: l.branchId, kind: 'text' as const },
            { header: l.month, kind: 'text' as const },
            { header: l.currency, kind: 'text' as const },
            { header: l.rate, kind: 'decimal' as const },
            { header: l.numerator, kind: 'decimal' as const },
            { header: l.numeratorConverted, kind: 'decimal' as const },
            { header: l.denominator, kind: 'decimal' as const },
            { header: l.denominatorConverted, kind: 'decimal' as const },
          ],
          rows: s.conversions.map((c): Row => [
            c.branchId,
            c.month,
            c.currency,
            c.rate,
            c.numerator,
            c.numeratorConverted,
            c.denominator,
            c.denominatorConverted,
          ]),
        },
      ]
    : [];
  const p = s.point;
  return {
    locale,
    fileName: `lineage-${s.kpi.id}-${textOf(query.unitId) || 'none'}-${textOf(query.periodStart)}-${locale}`,
    title: `${l.sheets.lineage} · ${s.kpi.label}`,
    main: { name: l.sheets.lineage, columns, rows },
    extra: conversions,
    about: [
      ...aboutLines(l, s.asOf, { kpi: s.kpi.id, ...query }, ctx),
      [
        l.about.figure,
        p
          ? `${s.kpi.label} ${p.period}: ${p.value ?? '—'}${p.currency ? ` ${p.currency}` : ''} = ${p.numerator}${p.denominator !== null ? ` ÷ ${p.denominator}` : ''}`
          : '—',
      ],
      [`Σ ${l.numerator}`, s.sums.numerator],
      ...(s.sums.denominator !== null ? [[`Σ ${l.denominator}`, s.sums.denominator] as [string, string]] : []),
    ],
  };
}
