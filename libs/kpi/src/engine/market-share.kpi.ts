import { COUNTS, ComponentContext, components, creditedBranch, dec, inBranches, regionAsOf, territoryAsOf, union, ZERO } from './component-sql';
import { DimensionMap } from './dimensions';
import { NET_UNITS, vehicleStream } from './kpi-sources.more';
import type { KpiSource } from './kpi-sources';

/**
 * Market share (DOMAIN.md, docs/adr/0026-market-share.md): own new-vehicle registrations ÷ the
 * market's, over the cells (market area = a branch's territory × market segment × month) with an
 * imported market figure. Both parts come from the same cells, so a region's or the group's share
 * is Σ own ÷ Σ market of its cells; a delivery outside every imported cell counts nowhere.
 *
 * A cell is the version of its figure in force (the latest; as closed, the latest recorded before
 * its month's close: `ctx.facts`), with the own models the import lists for the segment. Both parts
 * take the branch's region as of the month's last day, so a cell belongs to one region.
 */
const cells = (ctx: ComponentContext): string => `(
    SELECT branch_id, month, segment, toLastDayOfMonth(month) AS month_end,
           argMax(registrations, version) AS registrations, argMax(models, version) AS models,
           argMax(toString(event_id), version) AS event_id, argMax(global_position, version) AS global_position
      FROM (SELECT t.branch_id AS branch_id, t.business_date AS month, t.segment AS segment, t.registrations AS registrations,
                   t.models AS models, t.version AS version, t.event_id AS event_id, t.global_position AS global_position
              FROM ${ctx.facts('fact_market_registrations')} AS t)
     GROUP BY branch_id, month, segment
  )`;

const SALES: DimensionMap = { department: `'sales'` };

/**
 * Own registrations: new vehicles delivered net of returns, of the models of a cell with a market
 * figure, each in the cell of the branch it is credited to: the owner of the customer's area on its
 * business date, else the selling branch (a deal closed in another territory counts for the territory
 * owner; docs/adr/0029-territory-credit.md). So every branch's facts of the range are read, and the
 * branches asked filter the credited branch.
 */
const own = components(
  { market_segment: 'm.segment', ...SALES },
  (ctx, d) => `
    SELECT f.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('f.business_date')} AS bucket,
           toStartOfMonth(f.business_date) AS month, '' AS currency, ${d.select} AS dim,
           ${dec(NET_UNITS)} AS num, ${ZERO} AS den${ctx.fact('f', 'f.vehicle_sale_id')}
      FROM (SELECT s.event_id AS event_id, s.global_position AS global_position, s.business_date AS business_date, s.vehicle_sale_id AS vehicle_sale_id,
                   s.model AS model, s.revenue_stream AS revenue_stream, s.units AS units, ${creditedBranch('s')} AS branch_id,
                   toLastDayOfMonth(s.business_date) AS month_end
              FROM ${ctx.facts('fact_vehicle_sales', { allBranches: true })} AS s
              ${territoryAsOf('s')}
             WHERE s.revenue_stream = 'new_vehicle') AS f
      ${regionAsOf('f', 'month_end')}
      INNER JOIN (SELECT branch_id, month, segment, arrayJoin(models) AS model FROM ${cells(ctx)}) AS m
        ON m.branch_id = f.branch_id AND m.month = toStartOfMonth(f.business_date) AND m.model = f.model
     WHERE ${inBranches('f')} AND ${vehicleStream('new_vehicle')}${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

/** The market's registrations of the same cells. */
const market = components(
  { market_segment: 'c.segment', ...SALES },
  (ctx, d) => `
    SELECT c.branch_id AS branch_id, a.region_id AS region_id, ${ctx.b('c.month')} AS bucket, c.month AS month, '' AS currency, ${d.select} AS dim,
           ${ZERO} AS num, ${dec('sum(c.registrations)')} AS den${ctx.fact('c', 'c.segment', 'c.event_id', 'c.global_position', 'c.month')}
      FROM ${cells(ctx)} AS c
      ${regionAsOf('c', 'month_end')}
     WHERE 1${d.where}
     GROUP BY branch_id, region_id, bucket, month, currency, dim${ctx.factGroup}`,
);

export const MARKET_SHARE_KPI_SOURCES: Readonly<Record<string, KpiSource>> = {
  market_share: { components: union(own, market), money: COUNTS, buckets: ['month', 'quarter', 'year'] },
};
