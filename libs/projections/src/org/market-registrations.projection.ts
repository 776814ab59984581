import { Projection } from '../projection';
import { clickHouseInstant } from '../vehicle-sales.projection';

/** The market's registrations imported by head office (libs/clickhouse/migrations/0024_market_share.sql). */
export const FACT_MARKET_REGISTRATIONS = 'fact_market_registrations';

export interface MarketRegistrationsFactRow {
  /** The market area: the branch whose territory the figure covers. */
  readonly branch_id: string;
  /** The first day of the month of the cell. */
  readonly business_date: string;
  readonly segment: string;
  readonly registrations: number;
  readonly models: readonly string[];
  readonly version: number;
  readonly imported_at: string;
  readonly event_id: string;
  readonly global_position: string;
}

/**
 * One row per MarketRegistrationsImported: every version of a cell (area × segment × month) kept,
 * keyed by the cell and its version, so a redelivery or a replay lands on the same row. The KPI
 * engine reads the latest version (the one recorded before the month's close, as closed).
 */
export const marketRegistrationsProjection: Projection<MarketRegistrationsFactRow> = {
  table: FACT_MARKET_REGISTRATIONS,
  project(event) {
    if (event.type !== 'MarketRegistrationsImported') return [];
    const p = event.payload;
    return [
      {
        branch_id: p.area,
        business_date: `${p.month}-01`,
        segment: p.segment,
        registrations: p.registrations,
        models: p.models,
        version: p.version,
        imported_at: clickHouseInstant(event.occurredAt),
        event_id: event.eventId,
        global_position: event.globalPosition,
      },
    ];
  },
};
