import { Locale } from '@app/kpi';
import { AsOfMark } from '../as-of/as-of.types';

/** A comparison with an earlier period (MoM: the previous month; YoY: the same month a year earlier). */
export interface SummaryComparison {
  readonly period: string;
  readonly value: string | null;
  /** value − earlier (points for a percent KPI). */
  readonly change: string | null;
  readonly growthPercent: string | null;
  readonly likeForLike: boolean;
}

export interface SummaryRow {
  readonly kpiId: string;
  /** The KPI's label in the summary's locale. */
  readonly label: string;
  /** money | percent | count | hours | money_per_hour | money_per_unit | score | days */
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** The currency of money figures (the branch's, the group's, or this subtotal's), null otherwise. */
  readonly currency: string | null;
  /**
   * One currency's part of a money figure: a region or group pack in branch currency whose
   * branches keep several currencies has one such row per currency and no total (no currency's
   * subtotal stands for the whole).
   */
  readonly currencySubtotal: boolean;
  /** Exact decimal string; null when there is nothing to divide by. */
  readonly value: string | null;
  /** The month plan (quota, 任务) in force, its version, and attainment (value ÷ quota × 100). */
  readonly quota: string | null;
  readonly quotaVersion: number | null;
  readonly quotaAttainment: string | null;
  readonly stretch: string | null;
  readonly stretchAttainment: string | null;
  readonly mom: SummaryComparison | null;
  readonly yoy: SummaryComparison | null;
  /**
   * Rank this month (1 = best), in group currency for money: a branch among the branches of its
   * region, a region among the regions; null in the group pack and for currency subtotals.
   */
  readonly rank: { readonly rank: number; readonly of: number } | null;
  readonly provisional: boolean;
  /** The month is closed and later events changed the figure: the "as closed" value beside it. */
  readonly asClosedValue: string | null;
}

export type SummarySectionId = 'sales' | 'after_sales' | 'parts' | 'customer';

export interface SummarySection {
  readonly id: SummarySectionId;
  /** The section title in the summary's locale. */
  readonly title: string;
  readonly rows: readonly SummaryRow[];
}

export type SummaryLevel = 'branch' | 'region' | 'group';

/** The unit a pack is about. */
export interface SummaryUnit {
  readonly level: SummaryLevel;
  /** Branch or region id; `group` for the group. */
  readonly id: string;
  readonly name: string;
  /** The currency of its money figures; null in branch currency above branch level (each branch's own, per-currency subtotals). */
  readonly currency: string | null;
  /** A branch's region ('' = none); a region's own id; '' for the group. */
  readonly regionId: string;
  readonly regionName: string;
}

/** One line of the 12-month trend: a headline KPI (one currency's part when money comes in several). */
export interface SummaryTrendSeries {
  readonly kpiId: string;
  readonly label: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly currency: string | null;
  readonly currencySubtotal: boolean;
  /** One exact figure per month of `months`; null when there is nothing to divide by. */
  readonly values: readonly (string | null)[];
}

export interface SummaryTrend {
  /** The twelve months ending with the pack's month, `YYYY-MM`. */
  readonly months: readonly string[];
  readonly series: readonly SummaryTrendSeries[];
}

/** One figure of the ranking table: the unit's, or its per-currency subtotals (never one currency's as the total). */
export interface SummaryRankingFigure {
  readonly value: string | null;
  readonly currency: string | null;
  readonly subtotals: readonly { readonly currency: string; readonly value: string | null }[];
  readonly provisional: boolean;
  readonly quotaAttainment: string | null;
  readonly rank: number | null;
}

/** The branches of a region, or the regions of the group, this month: the scorecard, best first. */
export interface SummaryRanking {
  readonly level: 'branch' | 'region';
  readonly title: string;
  /** The KPI the rows are ordered by (its rank, in group currency for money). */
  readonly rankedBy: string;
  readonly kpis: readonly { readonly id: string; readonly label: string; readonly unit: string }[];
  readonly rows: readonly { readonly unitId: string; readonly unitName: string; readonly figures: readonly SummaryRankingFigure[] }[];
}

/**
 * A monthly pack (DOMAIN.md): sales, after-sales, parts and customer service against plan, MoM,
 * YoY and rank, of a branch (the branch manager's), a region or the group; the 12-month trend of
 * the headline KPIs; for a region its branches and for the group its regions, ranked.
 */
export interface MonthlySummary {
  readonly unit: SummaryUnit;
  /** group: money consolidated at each month's rate; branch: each branch's own currency. */
  readonly currency: 'group' | 'branch';
  readonly view: 'as-closed' | 'restated';
  /** `YYYY-MM` */
  readonly period: string;
  readonly locale: Locale;
  /** ISO instant the pack was produced. */
  readonly generatedAt: string;
  /**
   * IANA time zone the pack's times (generated, closed, as of) are shown in: the reader's (`tz`
   * of the request), else the branch's.
   */
  readonly timeZone: string;
  /** The month is closed (figures shown restated; `asClosedValue` where they differ). */
  readonly closedAt: string | null;
  /** Labels of the columns and notes in the summary's locale (for renderers). */
  readonly text: SummaryText;
  readonly sections: readonly SummarySection[];
  readonly trend: SummaryTrend;
  /** Region and group packs: the units one level down, ranked; null in a branch pack. */
  readonly ranking: SummaryRanking | null;
  /** The last event the figures include (the KPI month roll-up's own mark while it is read); shown in every format. */
  readonly asOf?: AsOfMark;
}

export interface SummaryText {
  readonly title: string;
  readonly kpi: string;
  readonly value: string;
  readonly plan: string;
  readonly attainment: string;
  readonly stretch: string;
  readonly mom: string;
  readonly yoy: string;
  readonly rank: string;
  readonly provisional: string;
  readonly asClosed: string;
  readonly notLikeForLike: string;
  readonly generated: string;
}
