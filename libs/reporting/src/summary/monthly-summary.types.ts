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
  /** The currency of money figures (the branch's), null otherwise. */
  readonly currency: string | null;
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
  /** Rank of the branch among the branches of its region this month (1 = best), in group currency for money. */
  readonly rankInRegion: { readonly rank: number; readonly of: number } | null;
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

/** A branch manager's monthly pack (DOMAIN.md): sales, after-sales, parts and customer service against plan, MoM, YoY, rank in region. */
export interface MonthlySummary {
  readonly branch: { readonly id: string; readonly name: string; readonly currency: string; readonly regionId: string; readonly regionName: string };
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
