/**
 * The as-of mark every report carries (ARCHITECTURE.md invariant 11, docs/adr/0018-as-of-marks.md):
 * the last event its figures include and how far that is behind the event store.
 */
export interface AsOfMark {
  /**
   * What the figures were read from: `facts` (the fact tables) or `kpi-month-rollup` (the KPI
   * month roll-up of the month pages, which trails the facts: its own mark, not the facts').
   */
  readonly readModel: ReadModel;
  /** Global position of the last event included (decimal string); null when nothing is projected yet. */
  readonly position: string | null;
  /** ISO instant the store recorded that event. */
  readonly recordedAt: string | null;
  /** How far behind the store's last committed event; nulls when this process cannot read the store. */
  readonly lag: {
    /** Events after the mark (counted up to {@link LAG_COUNT_LIMIT}: that value means at least as many). */
    readonly events: number | null;
    /** The store head's recordedAt − the mark's recordedAt, in whole seconds (0 when current). */
    readonly seconds: number | null;
  };
  /** The store's last committed event; null when this process has no connection to the store. */
  readonly storeHead: { readonly position: string | null; readonly recordedAt: string | null } | null;
}

export type ReadModel = 'facts' | 'kpi-month-rollup';

/** What a report reads: the facts, or the KPI month roll-up when it holds the current definition (else the facts). */
export type ReportSource = 'facts' | 'kpi-month-rollup';

/** Lag in events is counted up to this many (a cheap count on a store far ahead, e.g. during a rebuild). */
export const LAG_COUNT_LIMIT = 100_000;

/** A position the API accepts: a positive decimal integer of at most 19 digits, at most 2^63 − 1 (Postgres bigint). */
const POSITION = /^[1-9]\d{0,18}$/;
const MAX_POSITION = 9_223_372_036_854_775_807n;

export function isPosition(value: unknown): value is string {
  return typeof value === 'string' && POSITION.test(value) && BigInt(value) <= MAX_POSITION;
}

export const MIN_POSITION_MESSAGE = 'minPosition must be an event position as a command answered it (a positive whole number, e.g. 1042)';
