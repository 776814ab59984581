import { ClickHouseClient } from '@app/clickhouse';
import { FACT_PARTS_SALES, FACT_ACCESSORY_SALES } from '../parts/parts-facts.projection';
import { FACT_VEHICLE_SALES } from '../vehicle-sales.projection';
import { FACT_SERVICE_REVENUE } from '../workshop/service-facts.projection';
import { keysOf, Rollup } from './rollup';

export const ROLLUP_DAILY_REVENUE = 'rollup_daily_revenue';

/** Every revenue stream's facts, in one shape: branch, day, stream, currency, net. */
function revenueFacts(where: string): string {
  return [
    `SELECT branch_id, business_date, toString(revenue_stream) AS stream, toString(currency) AS currency, revenue_net AS net
       FROM ${FACT_VEHICLE_SALES} FINAL WHERE ${where}`,
    ...(['labour', 'parts', 'sublet'] as const).map(
      (part) => `SELECT branch_id, business_date, 'service_${part}' AS stream, toString(currency) AS currency, ${part}_net AS net
       FROM ${FACT_SERVICE_REVENUE} FINAL WHERE kpi_included = 1 AND ${where}`,
    ),
    `SELECT branch_id, business_date, 'parts_counter' AS stream, toString(currency) AS currency, revenue_net AS net
       FROM ${FACT_PARTS_SALES} FINAL WHERE ${where}`,
    `SELECT branch_id, business_date, 'accessories' AS stream, toString(currency) AS currency, revenue_net AS net
       FROM ${FACT_ACCESSORY_SALES} FINAL WHERE ${where}`,
  ].join('\n UNION ALL \n');
}

function refreshSql(target: string, where: string): string {
  return `INSERT INTO ${target} (branch_id, business_date, stream, currency, revenue_net, fact_rows)
    SELECT branch_id, business_date, stream, currency, sum(toDecimal128(net, 2)), count()
      FROM (${revenueFacts(where)})
     GROUP BY branch_id, business_date, stream, currency`;
}

/** Revenue by day, branch and stream, recomputed from deduplicated facts for the keys a batch touched. */
export const dailyRevenueRollup: Rollup = {
  table: ROLLUP_DAILY_REVENUE,
  sources: [FACT_VEHICLE_SALES, FACT_SERVICE_REVENUE, FACT_PARTS_SALES, FACT_ACCESSORY_SALES],
  async refresh(client: ClickHouseClient, rowsByTable: ReadonlyMap<string, readonly object[]>): Promise<void> {
    const keys = keysOf(dailyRevenueRollup, rowsByTable);
    if (!keys) return;
    // Every branch × every day of the batch: a superset of the touched keys, still exact.
    await client.command(refreshSql(ROLLUP_DAILY_REVENUE, 'branch_id IN {branches:Array(String)} AND business_date IN {dates:Array(Date)}'), {
      branches: keys.branchIds,
      dates: keys.dates,
    });
  },
  async fill(client: ClickHouseClient, table: string): Promise<void> {
    await client.command(refreshSql(table, '1'));
  },
};
