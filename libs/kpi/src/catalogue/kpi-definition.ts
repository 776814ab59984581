/** Labels of every user-facing text, in the three languages staff and head office read. */
export interface Labels {
  readonly 'zh-CN': string;
  readonly es: string;
  readonly en: string;
}

export const LOCALES = ['zh-CN', 'es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type KpiArea = 'sales' | 'service' | 'parts' | 'customer' | 'plan';

export type KpiUnit = 'money' | 'percent' | 'count' | 'hours' | 'money_per_hour' | 'money_per_unit' | 'score' | 'days' | 'per_customer';

/**
 * How a KPI rolls up from branch to region to group and from month to quarter and year:
 * - `sum`: add the figures (money in group currency for consolidation);
 * - `ratio`: recompute numerator ÷ denominator from their sums — never average the branches' rates;
 * - `snapshot`: a state at a point in time (month-end stock): across branches add, across months take the
 *   last month's snapshot, never a sum over months;
 * - `mean`: recompute the mean from the summed values and counts (CSI: Σ scores ÷ Σ responses).
 */
export type RollUp = 'sum' | 'ratio' | 'snapshot' | 'mean';

export interface KpiDefinition {
  readonly id: string;
  readonly area: KpiArea;
  readonly labels: Labels;
  readonly unit: KpiUnit;
  /** True when a higher figure is better (for colouring attainment and trends). */
  readonly higherIsBetter: boolean;
  readonly rollUp: RollUp;
  /** The exact definition, in English: what is counted, when, and what is excluded. */
  readonly formula: string;
  /** For ratios: what the numerator and the denominator are, from the same set of facts. */
  readonly numerator?: string;
  readonly denominator?: string;
  /**
   * The value is numerator ÷ denominator ÷ this, when the numerator is kept in a finer unit that adds
   * up exactly fact by fact (seconds for a figure in days).
   */
  readonly valueDivisor?: string;
  /** When the figure may still change by design (late surveys, comeback window). */
  readonly provisional?: string;
  /** A worked example with its figures. */
  readonly example: string;
}
